"""The client's address behind reverse proxies.

gunicorn sets ``REMOTE_ADDR`` to whoever opened the connection: behind nginx or a load balancer,
the proxy. Everything that counts per client address (the certificate verification rate limit)
would then count every officer together. ``ForwardedForMiddleware`` puts the client's address
back, read from ``X-Forwarded-For`` from the right: addresses of ``TRUSTED_PROXIES`` are
skipped and the first other one is the client. Entries a client writes itself sit to the left
of that one, so they are never believed; and a request that does not come from a trusted proxy
keeps its ``REMOTE_ADDR``.
"""

import ipaddress

from django.conf import settings


def _address(text):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_address(remote_addr, forwarded_for, trusted_networks):
    """The client's address: ``remote_addr``, or when that is a trusted proxy, the address it
    reported in ``forwarded_for`` (walking through further trusted proxies)."""
    chain = [*forwarded_for.split(","), remote_addr] if forwarded_for else [remote_addr]
    client = remote_addr
    for entry in reversed(chain):
        address = _address(entry)
        if address is None:
            break
        client = str(address)
        if not any(address in network for network in trusted_networks):
            break
    return client


class ForwardedForMiddleware:
    """Replace ``REMOTE_ADDR`` with the client's address when a trusted proxy sent the request.

    ``TRUSTED_PROXIES``: addresses or networks (``10.0.0.0/8``) of the proxies in front of the
    app servers; empty (the default outside production settings) turns this off.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        trusted = [
            ipaddress.ip_network(network, strict=False)
            for network in getattr(settings, "TRUSTED_PROXIES", ())
        ]
        if trusted:
            request.META["REMOTE_ADDR"] = client_address(
                request.META.get("REMOTE_ADDR", ""),
                request.META.get("HTTP_X_FORWARDED_FOR", ""),
                trusted,
            )
        return self.get_response(request)
