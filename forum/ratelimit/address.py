"""The client address a rate limit counts by: the peer, or the nearest untrusted proxy hop.

`client_ip` reads the ASGI scope (X-Forwarded-For only past the configured trusted proxies,
`CROSSROADS_TRUSTED_PROXIES`); `ip_key` groups an address as the limiter counts it.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Iterable, Mapping
from typing import Any

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.lru_cache(maxsize=4096)
def _parse_ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An address from a socket peer or an X-Forwarded-For hop (brackets, quotes and an IPv4
    port stripped), or None. Cached: the same few peers (a proxy, loopback) come with every
    request, and parsing one is about 3 % of a thread page's CPU."""
    text = text.strip().strip('"')
    if text.startswith("[") and "]" in text:
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # IPv4 with a port
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def client_ip(scope: Mapping[str, Any], trusted_proxies: Iterable[Network] = ()) -> str | None:
    """The socket's peer, unless that peer is a trusted proxy: then the nearest untrusted X-Forwarded-For hop."""
    client = scope.get("client")
    peer = _parse_ip(client[0]) if client else None
    proxies = list(trusted_proxies)
    if peer is None or not any(peer in net for net in proxies):
        return str(peer) if peer else (client[0] if client else None)
    hops: list[str] = []
    for name, value in scope.get("headers", []):
        if name == b"x-forwarded-for":
            hops += value.decode("latin-1").split(",")
    for hop in reversed(hops):
        addr = _parse_ip(hop)
        if addr is None:
            break  # garbage from beyond our proxies: trust the last good address
        if not any(addr in net for net in proxies):
            return str(addr)
        peer = addr
    return str(peer)


def ip_key(ip: str | None) -> str:
    """IPv6 addresses are grouped by /64 (one household or host usually holds a whole /64)."""
    addr = _parse_ip(ip or "")
    if addr is None:
        return ip or "unknown"
    if isinstance(addr, ipaddress.IPv6Address):
        if addr.ipv4_mapped:
            return str(addr.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{addr}/64", strict=False))
    return str(addr)
