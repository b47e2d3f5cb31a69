"""ANCT's view: for every visible site, whether its curves are turning; and the indicator
API dashboards build on (the stored standing: on_track / off_track / overdue)."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Count, Q
from django.urls import reverse

from tests import factories
from tests.conftest import client_for
from tests.visions.helpers import soup
from visions.enums import Track
from visions.models import Indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def curves(site_a, site_b):
    vision = factories.VisionFactory(site=site_a)
    rising = factories.IndicatorFactory(objective__vision=vision, name="En bonne voie")
    falling = factories.IndicatorFactory(objective__vision=vision, name="À rebours")
    silent = factories.IndicatorFactory(
        objective__vision=vision, name="Jamais mesuré", baseline_date=datetime.date(2024, 1, 1)
    )
    today = datetime.date.today()
    factories.MeasurementFactory(indicator=rising, date=today, value=Decimal(49))
    factories.MeasurementFactory(indicator=falling, date=today, value=Decimal(35))
    other = factories.IndicatorFactory(objective__vision=factories.VisionFactory(site=site_b))
    return {"rising": rising, "falling": falling, "silent": silent, "other": other}


def test_the_stored_standing_classifies_the_indicators(curves, site_a):
    site_indicators = Indicator.objects.filter(objective__vision__site=site_a)
    assert list(site_indicators.on_track().values_list("name", flat=True)) == ["En bonne voie"]
    assert list(site_indicators.off_track().values_list("name", flat=True)) == ["À rebours"]
    assert list(site_indicators.overdue().values_list("name", flat=True)) == ["Jamais mesuré"]
    per_site = (
        Indicator.objects.values("objective__vision__site")
        .annotate(on_track=Count("pk", filter=Q(track__in=Track.on_track())))
        .order_by()
    )
    assert {row["objective__vision__site"]: row["on_track"] for row in per_site}[site_a.pk] == 1


def test_anct_sees_for_each_site_whether_the_curves_turn(curves, site_a, site_b, chef):
    page = soup(client_for(chef).get(reverse("visions:vision_overview")))
    rows = {
        tr.th.get_text(strip=True): [td.get_text(strip=True) for td in tr.select("td")]
        for tr in page.select("tbody tr")
    }
    assert rows[site_a.name] == ["brouillon", "2030", "—", "3", "1", "1", "1"]
    assert rows[site_b.name][3:] == ["1", "0", "0", "1"]


def test_a_member_sees_only_the_sites_they_belong_to(curves, site_a, site_b, member_a):
    page = soup(client_for(member_a).get(reverse("visions:vision_overview")))
    assert [th.get_text(strip=True) for th in page.select("tbody th")] == [site_a.name]
