"""Upcoming decisions: what a rule starting or ending on a future date will change, shown before the day.

A rule published today that takes effect tomorrow changes no decision today, but brokers must see it
coming. After every re-screen of decisions (and every check of changed vehicles), an ``upcoming`` run is
requested per future date on which a rule for those destinations starts or ends, and per future date
that already has upcoming rows (so a moved start date is cleaned up). That run screens the same scope
with the same SQL as of its date (rescreen.py) and stores only the vehicles whose decision will change.
The day's own re-screen (the 00:05 beat) makes the real decisions and clears that day's rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from compliance.models import RescreenRun, UpcomingDecision

from .rescreen import rescreen_request, run_scope
from .screening import origin_countries

# Run per chunk after rescreen._chunk has filled tmp_hits and tmp_outcome as of the future date. The
# future decision counts an officer's approval of the same findings, as the real re-screen will. A row
# that a recomputation finds again unchanged keeps the run that first announced it (merchants are told
# once); rows of the chunk's vehicles that no longer change are deleted.
APPLY_UPCOMING = """
WITH fut AS (
    SELECT h.vehicle_id, d.decision AS current_decision,
           CASE WHEN o.decision = 'review' AND r.outcome = 'approve' THEN 'clear'
                WHEN o.decision = 'review' AND r.outcome = 'decline' THEN 'blocked'
                ELSE o.decision END AS decision
    FROM tmp_hits h
    JOIN tmp_outcome o ON o.origin = h.origin AND o.hits = h.hits AND o.price_currency = h.price_currency
    JOIN compliance_vehicledecision d ON d.vehicle_id = h.vehicle_id AND d.destination = %(dest)s
    LEFT JOIN LATERAL (
        SELECT rv.outcome FROM compliance_officerreview rv
        WHERE rv.vehicle_id = h.vehicle_id AND rv.destination = %(dest)s
          AND rv.findings_fingerprint = o.findings_fp AND o.decision = 'review'
        ORDER BY rv.decided_at DESC, rv.id DESC LIMIT 1
    ) r ON TRUE
), coming AS (
    SELECT * FROM fut WHERE decision <> current_decision
), gone AS (
    DELETE FROM compliance_upcomingdecision u USING tmp_hits h
    WHERE u.vehicle_id = h.vehicle_id AND u.destination = %(dest)s AND u.effective_on = %(as_of)s
      AND NOT EXISTS (SELECT 1 FROM coming c WHERE c.vehicle_id = u.vehicle_id)
    RETURNING 1
), up AS (
    INSERT INTO compliance_upcomingdecision AS u (vehicle_id, destination, effective_on, decision,
        current_decision, run_id, created)
    SELECT vehicle_id, %(dest)s, %(as_of)s, decision, current_decision, %(run)s, now() FROM coming
    ON CONFLICT (vehicle_id, destination, effective_on) DO UPDATE SET
        run_id = CASE WHEN u.decision = EXCLUDED.decision AND u.current_decision = EXCLUDED.current_decision
                      THEN u.run_id ELSE EXCLUDED.run_id END,
        created = CASE WHEN u.decision = EXCLUDED.decision AND u.current_decision = EXCLUDED.current_decision
                       THEN u.created ELSE EXCLUDED.created END,
        decision = EXCLUDED.decision, current_decision = EXCLUDED.current_decision
    RETURNING 1
)
SELECT (SELECT count(*) FROM gone), (SELECT count(*) FROM up)
"""


def upcoming_dates(*, destinations: Sequence[str], after: dt.date, origins: Sequence[str] = (),
                   vehicle_ids: Sequence[int] | None = None) -> list[dt.date]:
    """Dates after ``after`` on which a rule for these destinations (and origins) starts or ends, plus
    the dates that already have upcoming rows for them."""
    from compliance.selectors import latest_versions

    wanted, from_countries = set(destinations), set(origins)
    dates: set[dt.date] = set()
    for version in latest_versions():
        rule_set = version.rule.rule_set
        if not rule_set.active or (version.destinations and not wanted & set(version.destinations)):
            continue
        if from_countries and rule_set.origin_countries and not from_countries & set(rule_set.origin_countries):
            continue
        dates.update(day for day in (version.effective_from, version.effective_to) if day and day > after)
    existing = UpcomingDecision.objects.filter(destination__in=list(destinations), effective_on__gt=after)
    if vehicle_ids is not None:
        existing = existing.filter(vehicle_id__in=list(vehicle_ids))
    dates.update(existing.order_by().values_list("effective_on", flat=True).distinct())
    return sorted(dates)


def upcoming_request(*, destinations: Sequence[str], after: dt.date, origins: Sequence[str] = (),
                     vehicle_ids: Sequence[int] | None = None, user=None) -> list[RescreenRun]:
    """One pending ``upcoming`` run per future date that may change these decisions (started after commit)."""
    ids = list(vehicle_ids) if vehicle_ids is not None else None
    return [
        rescreen_request(reason=_("Upcoming decisions from %(date)s") % {"date": day.isoformat()},
                         kind=RescreenRun.Kind.UPCOMING, as_of=day, destinations=list(destinations),
                         origins=list(origins), vehicle_ids=ids, user=user)
        for day in upcoming_dates(destinations=destinations, after=after, origins=origins, vehicle_ids=ids)
    ]


def upcoming_clear(*, run: RescreenRun) -> int:
    """A decisions run made its scope's decisions real as of its date: upcoming rows up to it are obsolete."""
    as_of = run.as_of or timezone.localdate()
    scope_sql, params = run_scope(run, origin_countries(run.origins), withdrawn=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM compliance_upcomingdecision u USING inventory_vehicle v JOIN accounts_yard y "
            f"ON y.id = v.yard_id WHERE u.vehicle_id = v.id AND u.destination = ANY(%s) AND u.effective_on <= %s "
            f"AND {scope_sql}", [list(run.destinations), as_of, *params])
        return cursor.rowcount


def upcoming_after_rescreen(*, run: RescreenRun) -> list[RescreenRun]:
    """After a decisions run: clear what it made real, then recompute the later dates against its decisions."""
    upcoming_clear(run=run)
    after = max(run.as_of or timezone.localdate(), timezone.localdate())
    return upcoming_request(destinations=run.destinations, after=after, origins=run.origins,
                            vehicle_ids=run.vehicle_ids, user=run.triggered_by)


def upcoming_after_check(*, vehicle_ids: Sequence[int], destinations: Sequence[str],
                         as_of: dt.date) -> list[RescreenRun]:
    """Listed or changed vehicles have new decisions: their coming changes are recomputed too."""
    return upcoming_request(destinations=destinations, after=max(as_of, timezone.localdate()),
                            vehicle_ids=sorted(vehicle_ids))
