"""Leases, not states: a claimed job records who holds it and until when; an expired lease is reclaimable.

A job row (an import, a re-screen run, a photo) inherits ``Leased``. A worker claims it with one
conditional UPDATE (``lease_claim``): it wins if the job is waiting, or running under a lease that has
expired (its worker was killed). While it works it renews the lease in the same transaction as each chunk
it commits (``lease_renew``), so a renewal that fails (someone reclaimed the job) rolls the chunk back:
two workers never both commit work of one job. ``lease_release`` ends the lease (done, failed, or back to
waiting after an error), and the sweeper hands expired jobs back to a worker (``leases_reclaim``), or
fails them after ``max_attempts`` claims so that the merchant's or officer's progress bar ends.

Times are the database's (``now()``), so clocks of the web and worker machines never matter.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Func, Q


class Now(Func):
    """The database's clock at this statement (``now()`` would be the transaction's start)."""

    template = "statement_timestamp()"
    output_field = models.DateTimeField()


class LeaseLost(Exception):
    """The lease expired and another worker holds the job now: stop, the chunk in hand is rolled back."""


class Leased(models.Model):
    """Who holds the job (``host:pid``), until when, and how many times it was claimed."""

    lease_owner = models.CharField(max_length=120, blank=True, default="")
    lease_expires = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _expires_in(seconds: float) -> models.Expression:
    return models.ExpressionWrapper(Now() + timedelta(seconds=seconds), output_field=models.DateTimeField())


@dataclass(frozen=True)
class LeaseSpec:
    """How one job model spells its states. ``pending`` may equal ``running`` (a photo is ``processing``)."""

    model: type[models.Model]
    status_field: str = "status"
    pending: str = "pending"
    running: str = "running"
    failed: str = "failed"
    # fields set when the sweeper gives a job up, e.g. {"message": "..."}; values may be callables (lazy text)
    give_up: dict = field(default_factory=dict)
    extra_on_claim: dict = field(default_factory=dict)  # e.g. {"started": Coalesce("started", Now())}

    @property
    def seconds(self) -> int:
        return settings.JOB_LEASE_SECONDS

    @property
    def max_attempts(self) -> int:
        return settings.JOB_MAX_ATTEMPTS

    def _status(self, value) -> Q:
        return Q(**{self.status_field: value})

    def claimable(self) -> Q:
        """Waiting and not leased, or running under an expired (or missing) lease."""
        free = Q(lease_expires__isnull=True) | Q(lease_expires__lt=Now())
        if self.pending == self.running:
            return self._status(self.pending) & free
        return (self._status(self.pending) & Q(lease_expires__isnull=True)) | (self._status(self.running) & free)

    def expired(self) -> Q:
        return self._status(self.running) & Q(lease_expires__lt=Now())


def lease_claim(spec: LeaseSpec, pk: int, *, owner: str | None = None) -> bool:
    """Claim job ``pk`` for ``owner`` (this process): True if it was free, one conditional UPDATE.

    A job claimed ``max_attempts`` times already is not claimed again: the sweeper fails it.
    """
    updated = spec.model.objects.filter(
        spec.claimable(), pk=pk, attempts__lt=spec.max_attempts,
    ).update(**{spec.status_field: spec.running}, lease_owner=owner or worker_name(),
             lease_expires=_expires_in(spec.seconds), attempts=F("attempts") + 1, **spec.extra_on_claim)
    return bool(updated)


def lease_renew(spec: LeaseSpec, pk: int, *, owner: str | None = None, **fields) -> None:
    """Extend the lease (and set ``fields``, e.g. progress) if still held; else raise ``LeaseLost``.

    Called inside the transaction that commits a chunk: the row lock it takes also keeps a reclaim
    waiting until the chunk is committed or rolled back.
    """
    updated = spec.model.objects.filter(
        spec._status(spec.running), pk=pk, lease_owner=owner or worker_name(),
    ).update(lease_expires=_expires_in(spec.seconds), **fields)
    if not updated:
        raise LeaseLost(f"{spec.model._meta.label} {pk}: the lease is no longer ours")


def lease_release(spec: LeaseSpec, pk: int, *, status: str, owner: str | None = None, **fields) -> bool:
    """End our lease with ``status`` (done, failed, or pending again to be resumed) and ``fields``."""
    return bool(spec.model.objects.filter(
        spec._status(spec.running), pk=pk, lease_owner=owner or worker_name(),
    ).update(**{spec.status_field: status}, lease_owner="", lease_expires=None, **fields))


def lease_holds(spec: LeaseSpec, pk: int, *, owner: str | None = None) -> bool:
    return spec.model.objects.filter(spec._status(spec.running), pk=pk, lease_owner=owner or worker_name(),
                                     lease_expires__gt=Now()).exists()


def leases_expired_count(spec: LeaseSpec, *, limit: int = 1000) -> int:
    """Jobs whose worker stopped renewing (bounded, for ``/healthz``)."""
    return len(spec.model.objects.filter(spec.expired()).values_list("pk", flat=True)[:limit])


def leases_reclaim(spec: LeaseSpec, enqueue: Callable[[list[int]], None], *, limit: int = 100,
                   give_up: Callable[[list[int]], None] | None = None) -> int:
    """The sweeper's part: jobs past their lease go back to waiting and to a worker (``enqueue`` their ids, in
    this transaction); those claimed ``max_attempts`` times are failed instead, with ``spec.give_up`` (or by
    the ``give_up`` callable, for a job whose failure has more to it)."""
    with transaction.atomic():
        expired = list(spec.model.objects.filter(spec.expired()).order_by("pk")
                       .select_for_update(skip_locked=True).values_list("pk", "attempts")[:limit])
        if not expired:
            return 0
        worn = [pk for pk, attempts in expired if attempts >= spec.max_attempts]
        retry = [pk for pk, attempts in expired if attempts < spec.max_attempts]
        if worn and give_up is not None:
            give_up(worn)
        elif worn:
            values = {name: value() if callable(value) else value for name, value in spec.give_up.items()}
            spec.model.objects.filter(pk__in=worn).update(**{spec.status_field: spec.failed}, lease_owner="",
                                                          lease_expires=None, **values)
        if retry:
            spec.model.objects.filter(pk__in=retry).update(**{spec.status_field: spec.pending}, lease_owner="",
                                                           lease_expires=None)
            enqueue(retry)
    return len(expired)
