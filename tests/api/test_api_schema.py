"""The OpenAPI schema is valid and warning-free, in French; its documentation page works
offline (only our own static files) and under the site's Content-Security-Policy."""

import re

import pytest
from django.core.management import call_command
from django.test import Client
from drf_spectacular.generators import SchemaGenerator

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_schema_is_valid_openapi_without_generation_warnings(tmp_path):
    # --validate checks it against the OpenAPI 3 specification; --fail-on-warn fails on any
    # field, filter or parameter whose type drf-spectacular had to guess.
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )
    assert (tmp_path / "schema.yaml").read_text().startswith("openapi: 3")


def test_the_schema_speaks_french_and_documents_errors_and_authentication():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert schema["info"]["title"] == "API de Quartiers à impact collectif (QIC)"
    sites = schema["paths"]["/api/v1/sites/"]
    assert sites["get"]["summary"] == "Lister : sites"
    assert sites["post"]["summary"] == "Créer : site"
    assert "Le statut ne change que par" in sites["get"]["description"]
    assert set(sites["post"]["responses"]) == {"201", "400", "401", "403", "422", "429"}
    # Every POST says it may be sent again safely with an Idempotency-Key (docs/api.md).
    headers = {p["name"] for p in sites["post"]["parameters"] if p["in"] == "header"}
    assert headers == {"Idempotency-Key"}
    detail = schema["paths"]["/api/v1/sites/{id}/"]
    # 400 too: a row that others depend on is not deleted.
    assert set(detail["delete"]["responses"]) == {"204", "400", "401", "403", "404", "429"}
    parameters = {p["name"]: p for p in sites["get"]["parameters"]}
    assert {"modified_since", "cursor", "page_size", "ordering", "status", "region"} <= set(
        parameters
    )
    assert parameters["modified_since"]["description"].startswith("Seulement ce qui a été créé")
    assert schema["components"]["securitySchemes"]["jeton"]["scheme"] == "bearer"
    fields = schema["components"]["schemas"]["Site"]["properties"]
    assert fields["status"]["readOnly"] is True
    assert fields["name"]["description"] == "Nom"


def test_the_schema_and_the_docs_are_public(db):
    assert Client().get("/api/schema/").status_code == 200
    assert Client().get("/api/schema/?format=json").json()["openapi"].startswith("3.")
    assert Client().get("/api/docs/").status_code == 200


def test_the_docs_page_loads_only_our_own_files_and_no_inline_code(member_a):
    response = client_for(member_a).get("/api/docs/")
    page = response.content.decode()
    # Every referenced asset is a path on this server: nothing from a CDN.
    references = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert references
    for reference in references:
        assert reference.startswith("/"), reference
        assert not reference.startswith("//"), reference
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in references
    # No inline script or style: the CSP needs no 'unsafe-inline' and no nonce.
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == []
    assert "<style" not in page and "style=" not in page
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    # The init script is served from our origin, as JavaScript.
    script = client_for(member_a).get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()
    assert "/api/schema/" in script.content.decode()
