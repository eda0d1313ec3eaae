"""Upcoming decisions: what a rule starting or ending on a future date will change, shown before the day.

A rule published today that takes effect tomorrow changes no decision today, but brokers must see it
coming. After every re-screen of decisions (and every check of changed vehicles), an ``upcoming`` run is
requested per future date on which a rule for those destinations starts or ends, and per future date
that already has upcoming rows (so a moved start date is cleaned up). That run screens the same scope
with the same SQL as of its date (rescreen.py, bulk_sql.py) and stores only the vehicles whose decision will change.
The day's own re-screen (the 00:05 beat) makes the real decisions and clears that day's rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext as _

from compliance.choices import VEHICLE_SCOPE
from compliance.models import RescreenRun, UpcomingDecision
from compliance.selectors import latest_versions, yard_countries

from .bulk_sql import upcoming_delete_through
from .runs import rescreen_request


def upcoming_dates(*, destinations: Sequence[str], after: dt.date, origins: Sequence[str] = (),
                   vehicle_ids: Sequence[int] | None = None) -> list[dt.date]:
    """Dates after ``after`` on which a rule for these destinations (and origins) starts or ends, plus
    the dates that already have upcoming rows for them."""
    wanted, from_countries = set(destinations), set(origins)
    dates: set[dt.date] = set()
    for version in latest_versions(VEHICLE_SCOPE):
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
    return upcoming_delete_through(run=run, countries=yard_countries(run.origins),
                                   through=run.as_of or timezone.localdate())


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
