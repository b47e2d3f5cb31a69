"""Typed readers for settings that come from environment variables.

Each reader fails loudly (``ImproperlyConfigured``) on a value it cannot parse, so a
typo in a deployment's env file stops the process at start-up instead of running
with a silently different setting.
"""

import os
import re

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on", "oui", "vrai"}
_FALSE = {"0", "false", "no", "off", "non", "faux", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} : valeur booléenne attendue (true/false, 1/0).")


def env_int(name: str, default: int, *, min_value: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} : nombre entier attendu.") from None
    if min_value is not None and value < min_value:
        raise ImproperlyConfigured(f"{name}={raw!r} : au moins {min_value} attendu.")
    return value


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """A comma-separated list; blanks are dropped."""
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


_RATE = re.compile(r"^[1-9]\d*/\d*[smhd]$")


def env_rate(name: str, default: str) -> str:
    """A rate as django-ratelimit reads it: « 5/m », « 100/h », « 10/15m » (requests per
    second, minute, hour or day, optionally per several of them)."""
    value = env_str(name, default)
    if not _RATE.match(value):
        raise ImproperlyConfigured(
            f"{name}={value!r} : débit attendu sous la forme « 5/m », « 100/h » ou « 10/15m »."
        )
    return value
