"""What apps above accounts add to its staff pages without accounts importing them.

Compliance, for one, says how each buyer waiting for approval stands in the sanctions screening: it
registers a provider in its ``AppConfig.ready`` and the approvals page shows what the providers return.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple


class BuyerStatus(NamedTuple):
    text: str
    tone: str = "status"  # the badge's colour: clear, review, blocked or status (neutral)
    url: str = ""


_PROVIDERS: list[Callable[[Sequence[int]], dict[int, BuyerStatus]]] = []


def register_buyer_status(provider: Callable[[Sequence[int]], dict[int, BuyerStatus]]) -> None:
    """``provider(buyer_ids)`` returns a status for (some of) those buyers, in a fixed number of queries."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def buyer_statuses(buyer_ids: Sequence[int]) -> dict[int, list[BuyerStatus]]:
    statuses: dict[int, list[BuyerStatus]] = {pk: [] for pk in buyer_ids}
    if not buyer_ids:
        return statuses
    for provider in _PROVIDERS:
        for pk, status in provider(buyer_ids).items():
            statuses.setdefault(pk, []).append(status)
    return statuses
