"""IDOR: a member of site B who types the id of a site A object into any page address
gets 404 — on reading and on writing — and nothing is written.

Built from the permission matrix (tests/test_permissions.py): every page whose object
belongs to site A is tried by member B with GET and POST. A second test fails when a
site-scoped model (or a personne, a site) has no such page tried, so a new object
type cannot ship without its cross-site test. The API has the same check per resource
in tests/api/test_api_permissions.py (``test_a_member_of_site_b_finds_none_of_site_a_objects``).
"""

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.urls import reverse

from quartiers.querysets import SiteScopedQuerySet
from tests.conftest import client_for
from tests.test_permissions import MATRIX, NOT_FOUND, _resolve
from tests.test_permissions import world as matrix_world  # noqa: F401  (the fixture)

# The shared world is built before each test's own transaction (module scope first): asked
# for only inside a test, it would be built in that test's savepoint and rolled back with it.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("matrix_world")]

# Rows whose object belongs to site A and that member B must not find.
CROSS_SITE = {
    name: kwargs
    for name, (_method, kwargs, expected) in MATRIX.items()
    if expected.get("member_b") == NOT_FOUND and kwargs
}
# Site-scoped models reached only through a parent's pages (no address of their own).
NO_PAGE_OF_THEIR_OWN = {
    "quartiers.SiteStatusChange",  # shown on the site page
    "visions.Vision",  # one per site: addressed by the site's id
    "visions.VisionVersion",  # addressed by the site's id
    "visions.TurnTheCurve",  # addressed by its indicator's id
    "cercles.AgendaItem",  # edited with its meeting
    "cercles.Attendance",  # recorded with its meeting
    "pratiques.PracticeComment",  # written and shown on its practice's page
    "pratiques.PracticeAdoption",  # its action is the adopting site's own page
    "quartiers.SiteFollowUp",  # listed on its site's « relances » page
    "public.PublicPage",  # one per site: addressed by the site's id
    "cercles.ProposalOption",  # written with its proposal, shown on its page
    "cercles.ProposalAnswer",  # given on its proposal's page (proposal_answer)
    "cercles.MeetingReply",  # given on its meeting's page (meeting_reply)
    "financements.CallEnvelope",  # added on its call's page (envelope_add)
    "financements.Criterion",  # added on its call's page (criterion_add)
    "financements.ProposalBudget",  # written with its proposal
    "financements.Review",  # addressed by its proposal's id (review_edit)
    "financements.Score",  # written with its review
}


@pytest.mark.parametrize("name", sorted(CROSS_SITE))
def test_member_b_cannot_reach_a_site_a_object_by_its_id(name, request, db):
    world = request.getfixturevalue("matrix_world")
    member_b = world["personas"]["member_b"]
    url = reverse(name, kwargs=_resolve(world, CROSS_SITE[name]))
    client = client_for(member_b)
    journal_before = LogEntry.objects.count()
    assert client.get(url).status_code in (NOT_FOUND, 405), f"GET {url}"
    assert client.post(url, {"name": "x", "text": "x", "statement": "x"}).status_code in (
        NOT_FOUND,
        405,
    ), f"POST {url}"
    assert LogEntry.objects.count() == journal_before, f"{url} wrote something"


# Nested addresses (/sites/<site>/…/<object>/): member B puts their own site first.
NESTED = {
    name: kwargs
    for name, kwargs in CROSS_SITE.items()
    if kwargs.get("pk") == "site.pk"
    and any(isinstance(v, str) and "." in v for k, v in kwargs.items() if k != "pk")
}


@pytest.mark.parametrize("name", sorted(NESTED))
def test_member_b_cannot_reach_a_site_a_object_under_their_own_site(name, request, db):
    world = request.getfixturevalue("matrix_world")
    member_b = world["personas"]["member_b"]
    kwargs = {**_resolve(world, NESTED[name]), "pk": world["site_b"].pk}
    url = reverse(name, kwargs=kwargs)
    client = client_for(member_b)
    journal_before = LogEntry.objects.count()
    assert client.get(url).status_code in (NOT_FOUND, 405), f"GET {url}"
    assert client.post(url, {"name": "x", "text": "x"}).status_code in (NOT_FOUND, 405), url
    assert LogEntry.objects.count() == journal_before, f"{url} wrote something"


def test_nested_addresses_are_tried():
    assert NESTED, "the matrix has nested site addresses (trinôme, accès, grille…)"


def _world_models(objects):
    found = set()
    for value in objects.values():
        model = getattr(value, "_meta", None)
        if model is not None:
            found.add(model.label)
    return found


def test_every_site_scoped_object_type_is_tried_across_sites(request):
    world = request.getfixturevalue("matrix_world")
    used_objects = {
        path.split(".")[0] for kwargs in CROSS_SITE.values() for path in kwargs.values()
    }
    tried = _world_models({key: world[key] for key in used_objects if key in world})
    site_scoped = {
        model._meta.label
        for model in apps.get_models()
        if isinstance(model._default_manager.all(), SiteScopedQuerySet)
    } | {"quartiers.Site"}
    missing = site_scoped - tried - NO_PAGE_OF_THEIR_OWN
    assert not missing, f"Site-scoped models without a cross-site page test: {missing}"
