"""The client's address, the one way every part of the system reads it.

Behind ``PROXY_COUNT`` reverse proxies (nginx → gunicorn is 1), each proxy appends the address it
received the request from to ``X-Forwarded-For``; the client is therefore the ``PROXY_COUNT``-th
entry from the right. Entries further left were written by the client and are never trusted.
With ``PROXY_COUNT = 0`` (no proxy, or development) the header is ignored entirely.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    remote = str(request.META.get("REMOTE_ADDR") or "")
    count: int = settings.PROXY_COUNT
    if count > 0:
        hops = [hop.strip() for hop in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return remote
