"""A site's public page: chosen by its trinôme, previewed, published, read without an
account, withdrawn (404); the national page lists the published sites."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from publication.models import PublicPage
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.fixture
def vision(site_a):
    vision = factories.VisionFactory(site=site_a, status="adoptee")
    vision.versions.create(
        number=1,
        statement="En 2030, le quartier est ouvert sur la ville.",
        horizon=2030,
        adopted_on=datetime.date(2025, 3, 1),
        adopted_by="comité de pilotage",
    )
    return vision


@pytest.fixture
def indicators(vision):
    objective = factories.ObjectiveFactory(vision=vision, title="Réussir au collège")
    return [
        factories.IndicatorFactory(objective=objective, name=name)
        for name in ("Taux de réussite au brevet", "Jeunes en emploi", "Indicateur secret")
    ]


def _anonymous_get(url):
    return client_for(None).get(url)


def test_trinome_chooses_previews_publishes_and_withdraws(site_a, member_a, indicators):
    client = client_for(member_a)
    edit = reverse("public:page_edit", args=[site_a.pk])
    public_url = reverse("public:site", args=[site_a.pk])
    assert client.get(edit).status_code == 200
    assert _anonymous_get(public_url).status_code == 404

    response = client.post(
        edit,
        {
            "show_vision": "on",
            "show_objectives": "on",
            "indicators": [indicators[0].pk, indicators[1].pk],
            "noindex": "on",
        },
    )
    assert response.status_code == 302
    page = PublicPage.objects.get(site=site_a)
    assert not page.published
    preview = client.get(reverse("public:page_preview", args=[site_a.pk])).content.decode()
    assert "Taux de réussite au brevet" in preview
    assert "Indicateur secret" not in preview
    assert _anonymous_get(public_url).status_code == 404  # a preview is not a publication

    client.post(reverse("public:page_publish", args=[site_a.pk]), {"publier": "oui"})
    response = _anonymous_get(public_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "En 2030, le quartier est ouvert sur la ville." in html
    assert "Réussir au collège" in html
    assert "Jeunes en emploi" in html
    assert "Indicateur secret" not in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "Dernière mise à jour le" in html
    assert site_a.name in _anonymous_get(reverse("public:national")).content.decode()

    client.post(reverse("public:page_publish", args=[site_a.pk]), {"publier": "non"})
    assert _anonymous_get(public_url).status_code == 404
    assert site_a.name not in _anonymous_get(reverse("public:national")).content.decode()


def test_the_cached_page_shows_a_change_at_once(site_a, indicators):
    factories.PublicPageFactory(site=site_a, indicators=indicators[:1])
    url = reverse("public:site", args=[site_a.pk])
    assert "Objectif renommé" not in _anonymous_get(url).content.decode()
    objective = indicators[0].objective
    objective.title = "Objectif renommé"
    objective.save()
    assert "Objectif renommé" in _anonymous_get(url).content.decode()
    factories.MeasurementFactory(indicator=indicators[0], value="47.5")
    assert "47,5" in _anonymous_get(url).content.decode()


def test_indexed_unless_asked(site_a):
    factories.PublicPageFactory(site=site_a)
    html = _anonymous_get(reverse("public:site", args=[site_a.pk])).content.decode()
    assert 'name="robots"' not in html


def test_an_indicator_of_another_site_cannot_be_published(site_a, site_b, member_a, indicators):
    other = factories.IndicatorFactory(objective__vision__site=site_b)
    response = client_for(member_a).post(
        reverse("public:page_edit", args=[site_a.pk]), {"indicators": [other.pk]}
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not PublicPage.objects.filter(site=site_a).exists()


def test_observer_cannot_publish(site_a, observer):
    response = client_for(observer).post(
        reverse("public:page_publish", args=[site_a.pk]), {"publier": "oui"}
    )
    assert response.status_code == 403
    assert not PublicPage.objects.exists()


def test_actions_and_structures_only_when_chosen(site_a):
    porteur = factories.StructureFactory(name="Association Horizon")
    factories.ActionFactory(site=site_a, title="Atelier vélo", porteur=porteur)
    page = factories.PublicPageFactory(site=site_a)
    url = reverse("public:site", args=[site_a.pk])
    html = _anonymous_get(url).content.decode()
    assert "Atelier vélo" not in html
    assert "Association Horizon" not in html
    page.show_actions = page.show_structures = True
    page.save()
    html = _anonymous_get(url).content.decode()
    assert "Atelier vélo" in html
    assert "Association Horizon" in html
