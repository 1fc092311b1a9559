"""A fixed-window rate limit per client IP, kept in Django's cache (shared by every app server
when the cache is Redis)."""

import time

from django.core.cache import cache


def client_ip(request):
    """The client's address as the web server saw it.

    Behind a reverse proxy, configure the proxy (or middleware) to set REMOTE_ADDR from the
    forwarded header it trusts; a header sent by the client itself is never trusted here.
    """
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def hit(scope, request, limit, window):
    """Count one request; True while the client is within ``limit`` per ``window`` seconds."""
    bucket = int(time.time() // window)
    key = f"certificates:ratelimit:{scope}:{client_ip(request)}:{bucket}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # Evicted between add and incr.
        cache.set(key, 1, timeout=window + 1)
        count = 1
    return count <= limit
