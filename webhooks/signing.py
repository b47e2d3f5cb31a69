"""The signature of a webhook: HMAC-SHA256 of ``<timestamp>.<body>`` with the
subscriber's secret, sent as ``X-QIC-Signature: t=<timestamp>,v1=<hex>`` (docs/api.md
shows how to check it)."""

import hashlib
import hmac


def signature(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def header(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"


def verify(secret: str, header_value: str, body: bytes, *, now: int, tolerance: int = 300) -> bool:
    parts = dict(part.split("=", 1) for part in header_value.split(",") if "=" in part)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs(now - timestamp) > tolerance:
        return False
    return hmac.compare_digest(signature(secret, timestamp, body), parts.get("v1", ""))
