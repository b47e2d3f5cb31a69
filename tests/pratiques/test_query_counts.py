"""The practices' pages run a pinned number of queries that does not grow with data."""

import datetime

import pytest
from django.urls import reverse

from tests import factories
from tests.conftest import client_for
from visions.models import Vision

pytestmark = pytest.mark.django_db


def _indicator(site):
    vision = Vision.objects.filter(site=site).first() or factories.VisionFactory(site=site)
    return factories.IndicatorFactory(objective__vision=vision)


def _practice(site, index, **kwargs):
    practice = factories.PracticeFactory(site=site, published=True, **kwargs)
    practice.partners.add(factories.StructureFactory(), factories.StructureFactory())
    indicator = _indicator(site)
    for day in (1, 2):
        factories.MeasurementFactory(indicator=indicator, date=datetime.date(2025, day, 10 + index))
    practice.indicators.add(indicator)
    factories.PracticeDocumentFactory(practice=practice)
    factories.PracticeCommentFactory(practice=practice)
    return practice


def _grow(practice, site_a, site_b, member_b, size=5):
    for index in range(size):
        other = factories.SiteFactory()
        factories.PracticeAdoptionFactory(practice=practice, site=other)
        _practice(site_a, index)
        _practice(site_b, index)
        factories.PracticeFactory(site=site_a)  # drafts, out of member B's sight
        factories.PracticeBookmarkFactory(practice=practice, user=factories.UserFactory())
        factories.PracticeDocumentFactory(practice=practice)
        factories.PracticeCommentFactory(practice=practice)
        indicator = _indicator(site_a)
        factories.MeasurementFactory(indicator=indicator)
        practice.indicators.add(indicator)
        practice.partners.add(factories.StructureFactory())
        practice.title = f"{practice.title} ({index})"
        practice.save()


@pytest.mark.parametrize(
    ("budget", "page", "persona"),
    [
        ("practice_list.membre_b", "list", "member_b"),
        ("practice_detail.membre_b", "detail", "member_b"),
        ("practice_detail.membre_a", "detail", "member_a"),
        ("practice_detail.centre", "detail", "centre_user"),
    ],
)
def test_practice_pages_query_count(budget, page, persona, site_a, site_b, personas, query_budget):
    practice = _practice(site_a, 0, contact=personas["member_a"])
    factories.PracticeBookmarkFactory(practice=practice, user=personas["member_b"])
    url = (
        reverse("pratiques:practice_list")
        if page == "list"
        else reverse("pratiques:practice_detail", args=[practice.pk])
    )
    client = client_for(personas[persona])
    with query_budget(budget):
        assert client.get(url).status_code == 200
    _grow(practice, site_a, site_b, personas["member_b"])
    with query_budget(budget):
        assert client.get(url).status_code == 200
