"""Opaque, short-lived search result ids: the search text never appears in a URL.

The search page's form is POSTed; the answer is a 303 to ``/search/r/<id>``, where the id is
the query (text and sort order) sealed with AES-GCM under a key derived from the site's secret
key, bound to the browser's session and valid for `TTL` seconds. A URL in the browser's
history, a bookmark, a proxy or server log, or a Referer shows only ciphertext; after the
session ends (sign-out, Quick exit) or the time passes it opens nothing. Nothing is stored on
the server, so it works the same with one process or many, with or without Redis.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import time
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

TTL = 30 * 60  # seconds a result id opens its search
_AAD = b"crossroads search result v1"


@dataclass(frozen=True)
class SealedSearch:
    """What a result id holds: the search text, its sort order ("newest" or "best")."""

    q: str
    sort: str


def _aead(secret_key: str) -> AESGCM:
    return AESGCM(hashlib.sha256(b"crossroads/search-result-id\0" + secret_key.encode()).digest())


def _binding(session_key: str) -> str:
    return hashlib.sha256(b"search\0" + session_key.encode()).hexdigest()[:24]


def seal(
    secret_key: str, session_key: str, search: SealedSearch, *, now: float | None = None
) -> str:
    """A URL-safe id for `search`, opening only for this session for `TTL` seconds."""
    expires = int((now if now is not None else time.time()) + TTL)
    payload = json.dumps(
        {"q": search.q, "s": search.sort, "b": _binding(session_key), "x": expires},
        separators=(",", ":"),
    ).encode()
    nonce = os.urandom(12)
    sealed = nonce + _aead(secret_key).encrypt(nonce, payload, _AAD)
    return base64.urlsafe_b64encode(sealed).decode().rstrip("=")


def open_sealed(
    secret_key: str, session_key: str, token: str, *, now: float | None = None
) -> SealedSearch | None:
    """The search behind `token`, or None when it was altered, has expired, or belongs to
    another session."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        if len(raw) < 12 + 16 or len(token) > 1000:
            return None
        data = json.loads(_aead(secret_key).decrypt(raw[:12], raw[12:], _AAD))
    except (ValueError, binascii.Error, InvalidTag):
        return None
    if data.get("b") != _binding(session_key):
        return None
    if data.get("x", 0) < (now if now is not None else time.time()):
        return None
    return SealedSearch(q=str(data.get("q", "")), sort=str(data.get("s", "newest")))
