"""The client's address, also behind the municipality's reverse proxy.

Behind a proxy every request comes from the proxy's address, so rate limits keyed on
REMOTE_ADDR would count the whole municipality as one client. The proxy names the client in a
header (X-Forwarded-For by default); a client can write anything into that header, so it is
read only when the request comes from a proxy named in TRUSTED_PROXIES, and from the right:
each trusted proxy appends the address it saw, so the right-most address that is not one of
ours is the one the first of our proxies saw, which the client cannot forge.

One function, `client_ip`, answers for every rate limit: django-ratelimit through
RATELIMIT_IP_META_KEY, allauth through the account adapter (accounts/adapter.py).

Hand-written (30 lines of the standard library's ipaddress): allauth's own settings trust a
count of proxies or a header without checking who sent it, and django-ipware matches proxies
by string prefix, not by network; neither refuses the header from an untrusted peer.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values) -> tuple[Network, ...]:
    """The networks of TRUSTED_PROXIES ("10.0.0.0/8", "192.0.2.7", "::1"). Raises ValueError
    for one that is not an address or network."""
    return tuple(ipaddress.ip_network(v.strip(), strict=False) for v in values if v.strip())


@lru_cache(maxsize=8)
def _networks(values: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(values)


def _address(text: str) -> Address | None:
    """An address from a header entry: "192.0.2.1", "192.0.2.1:4711", "[2001:db8::1]:443"."""
    text = text.strip().strip('"')
    if text.startswith("["):
        text = text[1 : text.find("]")] if "]" in text else ""
    elif text.count(":") == 1:  # IPv4 with a port; IPv6 has at least two colons
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    return getattr(address, "ipv4_mapped", None) or address


def _trusted(address: Address | None, networks: tuple[Network, ...]) -> bool:
    return address is not None and any(address in network for network in networks)


def client_ip(request) -> str:
    """The address of the client that sent `request`.

    REMOTE_ADDR, unless the socket peer is a trusted proxy: then the right-most address in the
    client-IP header that is not a trusted proxy (if all are, the left-most one)."""
    peer = request.META.get("REMOTE_ADDR", "")
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if not networks or not _trusted(_address(peer), networks):
        return peer
    header = getattr(settings, "CLIENT_IP_HEADER", "X-Forwarded-For")
    value = request.headers.get(header, "")
    nearest = str(_address(peer))
    for entry in reversed(value.split(",")):
        address = _address(entry)
        if address is None:
            # Not written by one of our proxies: what lies left of it cannot be trusted, and
            # the last trusted hop is the best key there is.
            return nearest
        if not _trusted(address, networks):
            return str(address)
        nearest = str(address)
    return nearest
