"""What apps above accounts add to its pages without accounts importing them, registered in their
``AppConfig.ready``: compliance says how each buyer waiting for approval stands in the sanctions screening
(the approvals page), brokerage which ports it ships to (the registration form lists them first).
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


_shipped_ports: Callable[[str], set[str]] | None = None


def register_shipped_ports(provider: Callable[[str], set[str]]) -> None:
    """``provider(country)``: the codes of the ports the broker ships to there (a freight rate in force)."""
    global _shipped_ports
    _shipped_ports = provider


def shipped_ports(country: str) -> set[str]:
    return _shipped_ports(country) if _shipped_ports else set()
