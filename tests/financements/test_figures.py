"""What the money says: per objective, per funder kind, per year, and the share of this
year's granted credits that serve the vision; the same across sites for ANCT."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from financements.enums import FunderKind, FundingStatus
from tests import factories
from tests.conftest import client_for
from tests.htmx import assert_fragment_matches_page
from tests.visions.helpers import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def money(site_a, site_b):
    vision = factories.VisionFactory(site=site_a)
    education = factories.ObjectiveFactory(vision=vision, title="Réussite éducative")
    soutien = factories.ActionFactory(site=site_a, objectives=[education])
    orphan = factories.ActionFactory(site=site_a)
    factories.FundingLineFactory(
        action=soutien,
        funder_kind=FunderKind.ETAT_PV,
        granted=Decimal("6000"),
        requested=Decimal("6000"),
        paid=Decimal("1000"),
    )
    factories.FundingLineFactory(
        action=orphan,
        funder_kind=FunderKind.CAF,
        granted=Decimal("2000"),
        requested=Decimal("3000"),
        paid=Decimal("0"),
        status=FundingStatus.ACCORDE,
    )
    factories.FundingLineFactory(
        action=soutien,
        year=2025,
        requested=Decimal("500"),
        granted=None,
        paid=Decimal("0"),
        status=FundingStatus.REFUSE,
        convention_date=None,
    )
    factories.FundingLineFactory(
        action=factories.ActionFactory(site=site_b), granted=Decimal("999"), paid=Decimal("0")
    )
    return education


@time_machine.travel(datetime.datetime(2026, 6, 1, 12), tick=False)
def test_the_site_page_sums_per_objective_kind_and_year(member_a, site_a, money):
    client = client_for(member_a)
    url = reverse("financements:site_funding", args=[site_a.pk])
    text = page_text(client.get(url)).replace("\u202f", " ")
    assert "8 000,00 € accordés, dont 6 000,00 € pour des actions qui servent" in text
    assert "(75,0 %)" in text
    assert "Réussite éducative" in text
    assert "État – politique de la ville (programme 147)" in text
    assert "999" not in text  # site B's money
    assert_fragment_matches_page(client, url + "?annee=2025")


def test_the_national_page_is_for_anct_and_filters_like_the_dashboard(chef, member_a, money):
    assert client_for(member_a).get(reverse("financements:national_funding")).status_code == 403
    client = client_for(chef)
    text = page_text(client.get(reverse("financements:national_funding") + "?annee=2026"))
    assert "8 999,00 €" in text.replace("\u202f", " ")
    filtered = client.get(
        reverse("financements:national_funding") + f"?annee=2026&q={money.vision.site.name}"
    )
    assert "8 000,00 €" in page_text(filtered).replace("\u202f", " ")
