"""What keeps other web pages out of the workbench.

The server listens on 127.0.0.1 only, but any page the user opens could still
make the browser send requests to it: a DNS-rebinding page arrives with a Host
of its own, a cross-site form arrives with an Origin of its own. Both are
refused, and every POST must carry the token this server put into its own
pages (``csrf_token``), which another site cannot read.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

#: The form field and the header (for fetch) that carry the token.
TOKEN_FIELD = "csrf_token"
TOKEN_HEADER = "X-CSRF-Token"

_LOOPBACK = ("127.0.0.1", "localhost")

#: The header every answer of the workbench carries, so a second start can tell it is already running.
SIGNATURE = ("X-Drafting", "workbench")


def new_token() -> str:
    """A fresh random token for one server run."""
    return secrets.token_urlsafe(32)


def allowed_hosts(port: int) -> frozenset[str]:
    """The Host values this server answers to: the loopback address and localhost, with its port."""
    return frozenset(f"{host}:{port}" for host in _LOOPBACK) | (frozenset(_LOOPBACK) if port == 80 else frozenset())


def host_ok(host: str | None, hosts: frozenset[str]) -> bool:
    """Whether a request's Host header names this server."""
    return bool(host) and host.lower() in hosts


def origin_ok(origin: str | None, hosts: frozenset[str]) -> bool:
    """Whether a request's Origin (or Referer) is this server; a request without one passes."""
    if not origin:
        return True
    if origin == "null":  # sandboxed frames and some privacy settings: not ours to trust
        return False
    parts = urlsplit(origin)
    return parts.scheme == "http" and (parts.netloc or "").lower() in hosts


def token_ok(sent: str | None, token: str) -> bool:
    """Whether the token a POST carried is this server's."""
    return bool(sent) and hmac.compare_digest(sent.encode("utf-8", "replace"), token.encode())
