"""The API of practices, library definitions and templates: the pages' rules, pinned
query counts."""

import pytest
from django.urls import reverse

from pratiques.models import PracticeAdoption
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_api_shows_drafts_to_their_site_only(site_a, site_b, member_a, member_b):
    draft = factories.PracticeFactory(site=site_a)
    published = factories.PracticeFactory(site=site_a, published=True)
    url = reverse("api:practice-list")
    ids = {row["id"] for row in client_for(member_b).get(url).json()["results"]}
    assert ids == {published.pk}
    ids = {row["id"] for row in client_for(member_a).get(url).json()["results"]}
    assert ids == {draft.pk, published.pk}
    row = client_for(member_b).get(reverse("api:practice-detail", args=[published.pk])).json()
    assert "email" not in str(row["contact"])  # named, never reachable
    assert (
        client_for(member_b).get(reverse("api:practice-detail", args=[draft.pk])).status_code == 404
    )


def test_adopting_through_the_api_and_bad_input(site_a, site_b, member_b):
    practice = factories.PracticeFactory(site=site_a, published=True)
    url = reverse("api:practice-adopter", args=[practice.pk])
    client = client_for(member_b)
    assert client.post(url, {}, content_type="application/json").status_code == 400
    response = client.post(url, {"site": site_b.pk}, content_type="application/json")
    assert response.status_code == 201
    assert PracticeAdoption.objects.get().site == site_b
    again = client.post(url, {"site": site_b.pk}, content_type="application/json")
    assert again.status_code == 403  # nothing left to adopt it into
    row = client.get(reverse("api:practice-detail", args=[practice.pk])).json()
    assert row["adoption_count"] == 1


def test_linking_another_sites_indicator_is_refused(site_a, site_b, member_a):
    other = factories.IndicatorFactory(objective__vision__site=site_b)
    response = client_for(member_a).post(
        reverse("api:practice-list"),
        {
            "site": site_a.pk,
            "title": "T",
            "theme": "mesure",
            "problem": "P",
            "what_was_done": "W",
            "indicators": [other.pk],
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "indicators" in str(response.json())


@pytest.mark.parametrize(
    ("budget", "route"),
    [
        ("api.practice_list", "api:practice-list"),
        ("api.indicator_definition_list", "api:indicatordefinition-list"),
        ("api.vision_template_list", "api:visiontemplate-list"),
    ],
)
def test_api_lists_query_counts(budget, route, site_a, site_b, member_b, query_budget):
    def grow():
        for site in (site_a, site_b):
            practice = factories.PracticeFactory(site=site, published=True)
            practice.partners.add(factories.StructureFactory())
            factories.PracticeAdoptionFactory(practice=practice)
        factories.IndicatorDefinitionFactory()
        line = factories.TemplateIndicatorFactory()
        factories.TemplateIndicatorFactory(objective=line.objective)
        factories.TemplateActionThemeFactory(template=line.objective.template)

    grow()
    client = client_for(member_b)
    with query_budget(budget):
        assert client.get(reverse(route)).status_code == 200
    for _ in range(3):
        grow()
    with query_budget(budget):
        assert client.get(reverse(route)).status_code == 200
