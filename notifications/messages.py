"""Notification texts by key: stored as a key and parameters, rendered in the reader's language.

A notification is read later, by someone whose language the sender (often a Celery worker) does not know.
So it stores ``message_key`` and ``params``, and the text is made when it is read: in the page's language
for the app, in the recipient's language for email. Apps above register their messages at start-up
(``AppConfig.ready``) with lazy translations, plural forms counted by ``params["count"]``::

    message_register("compliance.decisions_changed",
                     title=ngettext_lazy("%(count)d of your vehicles changed export decision",
                                         "%(count)d of your vehicles changed export decision", "count"))

A key nobody registered (an app removed, an old row) shows the text stored when it was sent.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    title: object  # a lazy (n)gettext with %(name)s placeholders
    body: object | None = None


_MESSAGES: dict[str, Message] = {}


def message_register(key: str, *, title, body=None) -> None:
    _MESSAGES[key] = Message(title, body)


def message_known(key: str) -> bool:
    return key in _MESSAGES


def message_render(key: str, params: dict | None, *, part: str = "title", fallback: str = "") -> str:
    """The message's title or body in the active language, or ``fallback`` when the key is unknown or the
    parameters do not fit the text (a translation must never break a page)."""
    message = _MESSAGES.get(key or "")
    text = getattr(message, part, None) if message else None
    if text is None:
        return fallback
    try:
        return str(text % dict(params or {}))
    except (KeyError, TypeError, ValueError):
        log.warning("notification message %s does not fit its parameters %r", key, params)
        return fallback or str(text)
