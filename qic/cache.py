"""A Redis cache that degrades instead of failing: Redis down never makes a 500.

What lives in the cache is disposable (the API throttling and form rate-limit counters). When Redis
cannot be reached, reads answer a miss, writes are dropped, a warning is logged once per
outage, and Redis is not tried again for ``RETRY_AFTER`` seconds, so that requests do
not each wait for a connection timeout. API throttling and the rate limits of the public
forms (``qic.ratelimit``) therefore *fail open* while
Redis is down (docs/securite.md says why that is the right trade-off here), and
``/sante/`` reports the cache as « injoignable ».
"""

import logging
import time

import redis.exceptions
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

REDIS_ERRORS = (
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    ConnectionError,
    TimeoutError,
    OSError,
)
RETRY_AFTER = 10.0  # seconds without trying Redis after a failure


class ResilientRedisCache(RedisCache):
    _down_until = 0.0

    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        # Never wait long for a cache: a short connect and read timeout.
        options.setdefault("socket_connect_timeout", 1)
        options.setdefault("socket_timeout", 1)
        params["OPTIONS"] = options
        super().__init__(server, params)

    @property
    def is_down(self) -> bool:
        return time.monotonic() < self._down_until

    def _failed(self, operation, exc):
        if not self.is_down:
            logger.warning(
                "Cache Redis injoignable (%s : %s: %s) : le cache est ignoré pendant %s s ; "
                "la limitation de débit (API et formulaires publics) est suspendue.",
                operation,
                type(exc).__name__,
                exc,
                int(RETRY_AFTER),
            )
        type(self)._down_until = time.monotonic() + RETRY_AFTER

    def _guard(self, operation, fallback, call, *args, **kwargs):
        if self.is_down:
            return fallback
        try:
            return call(*args, **kwargs)
        except REDIS_ERRORS as exc:
            self._failed(operation, exc)
            return fallback

    def ping(self) -> bool:
        """For /sante/: does Redis answer now (ignoring the back-off)?"""
        try:
            return bool(self._cache.get_client(write=False).ping())
        except REDIS_ERRORS:
            return False

    def get(self, key, default=None, version=None):
        return self._guard("get", default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._guard("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._guard("has_key", False, super().has_key, key, version)

    def add(self, key, value, timeout=..., version=None):
        kwargs = {} if timeout is ... else {"timeout": timeout}
        return self._guard("add", False, super().add, key, value, version=version, **kwargs)

    def set(self, key, value, timeout=..., version=None):
        kwargs = {} if timeout is ... else {"timeout": timeout}
        return self._guard("set", None, super().set, key, value, version=version, **kwargs)

    def set_many(self, data, timeout=..., version=None):
        kwargs = {} if timeout is ... else {"timeout": timeout}
        return self._guard(
            "set_many", list(data), super().set_many, data, version=version, **kwargs
        )

    def touch(self, key, timeout=..., version=None):
        kwargs = {} if timeout is ... else {"timeout": timeout}
        return self._guard("touch", False, super().touch, key, version=version, **kwargs)

    def delete(self, key, version=None):
        return self._guard("delete", False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        return self._guard("delete_many", None, super().delete_many, keys, version)

    def incr(self, key, delta=1, version=None):
        # A missing key raises ValueError, as Django's contract says; Redis down too.
        if self.is_down:
            raise ValueError(f"Clé absente du cache (Redis injoignable) : {key}")
        try:
            return super().incr(key, delta, version)
        except REDIS_ERRORS as exc:
            self._failed("incr", exc)
            raise ValueError(f"Clé absente du cache (Redis injoignable) : {key}") from exc

    def clear(self):
        return self._guard("clear", False, super().clear)
