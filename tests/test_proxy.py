"""Behind trusted proxies the client's address is read from X-Forwarded-For, and only then."""

import ipaddress

import pytest
from django.test import RequestFactory, override_settings

from training.proxy import ForwardedForMiddleware, client_address

TRUSTED = [ipaddress.ip_network("127.0.0.1/32"), ipaddress.ip_network("10.0.0.0/8")]


@pytest.mark.parametrize(
    ("remote_addr", "forwarded_for", "client"),
    [
        # No proxy header: the connection's address.
        ("127.0.0.1", "", "127.0.0.1"),
        # nginx on this machine reports the client.
        ("127.0.0.1", "203.0.113.7", "203.0.113.7"),
        # Load balancer, then nginx: both trusted, both skipped.
        ("127.0.0.1", "203.0.113.7, 10.0.0.5", "203.0.113.7"),
        # A client writing the header itself: its entries are to the left, never believed.
        ("127.0.0.1", "198.51.100.1, 203.0.113.7", "203.0.113.7"),
        # A connection that does not come from a trusted proxy keeps its own address.
        ("203.0.113.9", "198.51.100.1", "203.0.113.9"),
        # Garbage where the proxy's entry should be: keep the last address that made sense.
        ("127.0.0.1", "not-an-address", "127.0.0.1"),
        # IPv6 alike; ::1 is not trusted here.
        ("::1", "2001:db8::7", "::1"),
    ],
)
def test_client_address(remote_addr, forwarded_for, client):
    assert client_address(remote_addr, forwarded_for, TRUSTED) == client


def through_middleware(**meta):
    request = RequestFactory().get("/", **meta)
    return ForwardedForMiddleware(lambda request: request)(request).META["REMOTE_ADDR"]


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_middleware_puts_the_client_address_in_remote_addr():
    assert through_middleware(HTTP_X_FORWARDED_FOR="203.0.113.7") == "203.0.113.7"


@override_settings(TRUSTED_PROXIES=[])
def test_without_trusted_proxies_the_header_is_ignored():
    assert through_middleware(HTTP_X_FORWARDED_FOR="203.0.113.7") == "127.0.0.1"
