"""Standard Webhooks signatures: HMAC-SHA256 over "id.timestamp.body"."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

SECRET_PREFIX = "whsec_"  # noqa: S105  the format's prefix, not a secret


def webhook_secret_new() -> str:
    """A new signing secret in the whsec_<base64> form receivers' libraries read."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def webhook_signature(*, secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """The webhook-signature header value: v1,<base64 HMAC-SHA256>."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def webhook_headers(*, secret: str, msg_id: str, timestamp: int, body: bytes) -> dict:
    """The three headers of the specification, plus the content type."""
    return {
        "content-type": "application/json",
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": webhook_signature(
            secret=secret, msg_id=msg_id, timestamp=timestamp, body=body
        ),
    }
