"""The permission matrix: every URL of the project × every role, allowed and refused.

Each row names a URL, the method, and the expected status per persona. A URL pattern
missing from the matrix fails ``test_every_url_is_in_the_matrix``, so a new view
cannot ship without saying who may use it.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import ApiToken
from tests import factories
from tests.conftest import PERSONAS, client_for

OK, REDIRECT, FORBIDDEN, NOT_FOUND, GONE = 200, 302, 403, 404, 410


def expect(default, **overrides):
    """Expected status per persona: anonymous is sent to the login page unless said."""
    table = dict.fromkeys(PERSONAS, default)
    table["anonymous"] = REDIRECT
    table.update(overrides)
    return table


EVERYONE = expect(OK)
ADMIN_ONLY = expect(FORBIDDEN, admin_user=OK)
NATIONAL = expect(FORBIDDEN, admin_user=OK, chef=OK)
# Site A: visible to all but member B; changeable by admin, its chef, its member and its centre.
SITE_A_VIEW = expect(OK, member_b=NOT_FOUND)
SITE_A_CHANGE = expect(OK, member_b=NOT_FOUND, observer=FORBIDDEN)
SITE_A_CHANGE_POST = expect(REDIRECT, member_b=NOT_FOUND, observer=FORBIDDEN)
NOT_OBSERVER = expect(OK, observer=FORBIDDEN)


@pytest.fixture
def world(site_a, personas, centre):
    """Objects that the URLs of the matrix point to."""
    mandate = factories.TrinomeMandateFactory(site=site_a)
    access = factories.SiteAccessFactory(site=site_a)
    structure = factories.StructureFactory(created_by=personas["admin_user"])
    session = factories.FormationSessionFactory(cohort=site_a.cohort)
    return {
        "site": site_a,
        "quartier": site_a.quartiers.first(),
        "mandate": mandate,
        "personne": mandate.personne,
        "access": access,
        "structure": structure,
        "centre": centre,
        "accompaniment": centre.accompaniments.get(),
        "cohort": site_a.cohort,
        "session": session,
        "user": personas["member_a"],
        "token": ApiToken.issue(user=personas["member_a"], name="Tableur")[0],
    }


# url name → (method, kwargs from the world, expected statuses)
MATRIX = {
    "home": ("get", {}, EVERYONE),
    # Accounts (public pages opt out of the login requirement)
    "accounts:login": ("get", {}, expect(REDIRECT, anonymous=OK)),
    "accounts:logout": ("post", {}, expect(REDIRECT)),
    "accounts:password_reset": ("get", {}, expect(OK, anonymous=OK)),
    "accounts:password_reset_done": ("get", {}, expect(OK, anonymous=OK)),
    "accounts:password_reset_confirm": (
        "get",
        {"uidb64": "MQ", "token": "jeton-invalide"},
        expect(OK, anonymous=OK),
    ),
    "accounts:password_reset_complete": ("get", {}, expect(OK, anonymous=OK)),
    "accounts:profile": ("get", {}, EVERYONE),
    "accounts:password_change": ("get", {}, EVERYONE),
    # An empty form re-renders the page with its errors.
    "accounts:api_token_create": ("post", {}, EVERYONE),
    # One's own tokens only: somebody else's does not exist.
    "accounts:api_token_revoke": (
        "post",
        {"pk": "token.pk"},
        expect(NOT_FOUND, member_a=REDIRECT),
    ),
    "accounts:invitation_accept": (
        "get",
        {"token": "jeton-invalide"},
        expect(GONE, anonymous=GONE),
    ),
    # Territories
    "quartiers:quartier_list": ("get", {}, EVERYONE),
    "quartiers:quartier_detail": ("get", {"code": "quartier.code"}, EVERYONE),
    # Sites
    "quartiers:site_list": ("get", {}, EVERYONE),
    "quartiers:site_create": ("get", {}, NATIONAL),
    "quartiers:site_detail": ("get", {"pk": "site.pk"}, SITE_A_VIEW),
    "quartiers:site_edit": ("get", {"pk": "site.pk"}, SITE_A_CHANGE),
    "quartiers:site_delete": (
        "get",
        {"pk": "site.pk"},
        expect(FORBIDDEN, admin_user=OK, member_b=NOT_FOUND),
    ),
    "quartiers:site_status_change": ("get", {"pk": "site.pk"}, SITE_A_CHANGE),
    "quartiers:trinome_assign": ("get", {"pk": "site.pk", "seat": "etat"}, SITE_A_CHANGE),
    "quartiers:trinome_end": (
        "post",
        {"pk": "site.pk", "mandate_pk": "mandate.pk"},
        SITE_A_CHANGE_POST,
    ),
    "quartiers:accompaniment_create": ("get", {"pk": "site.pk"}, SITE_A_CHANGE),
    "quartiers:accompaniment_edit": ("get", {"pk": "accompaniment.pk"}, SITE_A_CHANGE),
    "quartiers:site_member_add": ("get", {"pk": "site.pk"}, SITE_A_CHANGE),
    "quartiers:site_member_remove": (
        "post",
        {"pk": "site.pk", "access_pk": "access.pk"},
        SITE_A_CHANGE_POST,
    ),
    # Directory
    "quartiers:structure_list": ("get", {}, EVERYONE),
    "quartiers:structure_create": ("get", {}, NOT_OBSERVER),
    "quartiers:structure_detail": ("get", {"pk": "structure.pk"}, EVERYONE),
    "quartiers:structure_edit": ("get", {"pk": "structure.pk"}, ADMIN_ONLY),
    "quartiers:personne_list": ("get", {}, EVERYONE),
    "quartiers:personne_create": ("get", {}, NOT_OBSERVER),
    "quartiers:personne_detail": ("get", {"pk": "personne.pk"}, SITE_A_VIEW),
    "quartiers:personne_edit": ("get", {"pk": "personne.pk"}, SITE_A_CHANGE),
    # Programme
    "quartiers:centre_list": ("get", {}, EVERYONE),
    "quartiers:centre_detail": ("get", {"pk": "centre.pk"}, EVERYONE),
    "quartiers:cohort_list": ("get", {}, EVERYONE),
    "quartiers:cohort_create": ("get", {}, NATIONAL),
    "quartiers:cohort_detail": ("get", {"year": "cohort.year"}, EVERYONE),
    "quartiers:cohort_edit": ("get", {"year": "cohort.year"}, NATIONAL),
    "quartiers:session_create": ("get", {"year": "cohort.year"}, NATIONAL),
    "quartiers:session_edit": ("get", {"year": "cohort.year", "pk": "session.pk"}, NATIONAL),
    # Accounts management
    "quartiers:user_list": ("get", {}, ADMIN_ONLY),
    "quartiers:user_invite": ("get", {}, ADMIN_ONLY),
    "quartiers:user_detail": ("get", {"pk": "user.pk"}, ADMIN_ONLY),
    "quartiers:user_reinvite": (
        "post",
        {"pk": "user.pk"},
        expect(FORBIDDEN, admin_user=REDIRECT),
    ),
}

# Django's own admin has its own permission system (is_staff), tested by Django; the API
# has its own matrix, per method, in tests/api/test_api_permissions.py.
EXCLUDED_NAMESPACES = {"admin", "api"}


def _resolve(world, kwargs):
    resolved = {}
    for key, path in kwargs.items():
        if isinstance(path, str) and "." in path:
            name, attr = path.split(".")
            resolved[key] = getattr(world[name], attr)
        else:
            resolved[key] = path
    return resolved


def _all_url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in EXCLUDED_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _all_url_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_url_is_in_the_matrix():
    missing = sorted(set(_all_url_names()) - set(MATRIX))
    assert not missing, f"URLs without an expected result per role: {missing}"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_permission_matrix(url_name, persona, world, personas):
    method, kwargs, expected = MATRIX[url_name]
    url = reverse(url_name, kwargs=_resolve(world, kwargs))
    response = getattr(client_for(personas[persona]), method)(url)
    assert response.status_code == expected[persona], (
        f"{persona} {method.upper()} {url}: {response.status_code}, expected {expected[persona]}"
    )
    if response.status_code == REDIRECT and persona == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))
