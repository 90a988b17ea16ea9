"""Per-request facts (client IP, request id) that the audit writer records.

Held in a context variable so that services need not be handed the request; outside a
request (commands, jobs) both are empty.
"""

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip: str | None = None
    request_id: str = ""


_EMPTY = RequestContext()
_current = contextvars.ContextVar("zhaoshang_request", default=None)


def current():
    return _current.get() or _EMPTY


def activate(ctx):
    return _current.set(ctx)


def reset(token):
    _current.reset(token)
