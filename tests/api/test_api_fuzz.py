"""schemathesis against the generated OpenAPI schema, in-process on the WSGI app.

For every operation of the schema, as a site member and as an ANCT administrator (each
with a personal token), a bounded number of generated requests — valid ones and
deliberately invalid ones — must never get a 5xx, and every answer must conform to the
schema (documented status code, content type, body and headers).

``SCHEMATHESIS_EXAMPLES`` (default 6) sets the examples per operation and data mode;
``SCHEMATHESIS_RANDOM=1`` explores new data on each run instead of the same derandomised
examples (keep the default in CI: a failure must be reproducible).
"""

import os
import time
from contextlib import contextmanager
from decimal import Decimal

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "6"))
RANDOM = os.environ.get("SCHEMATHESIS_RANDOM") == "1"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


def _jsonable(value):
    """schemathesis' negative mode may put a Decimal in a body, which its own WSGI client
    cannot serialise: send it as the JSON number it stands for."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    return value


@pytest.fixture(scope="module")
def openapi():
    return SchemaGenerator().get_schema(request=None, public=True)


@contextmanager
def connection_kept_open():
    """Django's WSGI handler closes the database connection after each request when it is
    not in autocommit mode, which it is not inside a test's transaction: keep it, as
    Django's own test client does."""
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    try:
        yield
    finally:
        for signal in signals:
            signal.connect(close_old_connections)


def fuzz(openapi, user, capsys):
    schema = schemathesis.openapi.from_dict(openapi)
    app = get_wsgi_application()
    _, _, raw = token_client(user, name="schemathesis")
    headers = {"Authorization": f"Bearer {raw}"}
    failures, operations, requests = [], 0, 0
    started = time.monotonic()
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):

            @hypothesis_settings(
                max_examples=EXAMPLES,
                deadline=None,
                derandomize=not RANDOM,
                database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case):
                nonlocal requests
                requests += 1
                if isinstance(case.body, dict | list | Decimal):
                    case.body = _jsonable(case.body)
                response = case.call(app=app, headers=headers)
                case.validate_response(response, checks=CHECKS, headers=headers)

            try:
                with connection_kept_open():
                    run()
            except (Exception, BaseExceptionGroup) as exc:  # try every operation, report all
                failures.append(f"{operation.label} [{mode}]: {exc}")
    elapsed = time.monotonic() - started
    with capsys.disabled():
        print(
            f"\nschemathesis as {user.get_role_display()}: {operations} operations, "
            f"{requests} requests, {len(failures)} failing, {elapsed:.1f} s"
        )
    assert operations > 40
    assert not failures, "\n\n".join(failures)


def test_fuzz_as_a_site_member(openapi, fuzz_world, member_a, capsys):
    fuzz(openapi, member_a, capsys)


def test_fuzz_as_an_anct_administrator(openapi, fuzz_world, admin_user, capsys):
    fuzz(openapi, admin_user, capsys)
