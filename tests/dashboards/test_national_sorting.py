"""The national table sorts on its health columns — overdue commitments, indicators on
track (« 7 sur 11 »), meetings in 90 days — and its export follows."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from cercles.enums import CommitmentStatus, MeetingStatus
from quartiers.enums import SiteStatus
from tests import factories
from tests.conftest import client_for, paris
from visions.enums import Track

pytestmark = pytest.mark.django_db

ON, OFF = Decimal("46"), Decimal("38")  # on and off track with the factory's indicator


@pytest.fixture
def health(clock):
    """At T0 (5 January 2026), five sites:

    | site    | overdue | on track        | meetings (90 days) |
    |---------|---------|-----------------|--------------------|
    | Alpha   | 2       | 1 sur 2 (50 %)  | 1                  |
    | Bravo   | 0       | 1 sur 1 (100 %) | 3                  |
    | Charlie | 2       | — (none)        | 0                  |
    | Delta   | 1       | 2 sur 4 (50 %)  | 1                  |
    | Echo    | 0       | 0 sur 1 (0 %)   | 0                  |
    """
    sites = {
        name: factories.SiteFactory(name=name, status=SiteStatus.MISE_EN_OEUVRE)
        for name in ("Delta", "Bravo", "Echo", "Charlie", "Alpha")  # not in name order
    }
    overdue = {"Alpha": 2, "Charlie": 2, "Delta": 1}
    for name, count in overdue.items():
        meeting = factories.MeetingFactory(cercle__site=sites[name])
        for _ in range(count):
            factories.CommitmentFactory(meeting=meeting, due_on=datetime.date(2025, 12, 1))
    # Not overdue: due later, or done.
    meeting = factories.MeetingFactory(cercle__site=sites["Echo"])
    factories.CommitmentFactory(meeting=meeting, due_on=datetime.date(2026, 3, 1))
    factories.CommitmentFactory(
        meeting=meeting,
        due_on=datetime.date(2025, 3, 1),
        status=CommitmentStatus.FAIT,
        done_on=datetime.date(2025, 3, 2),
    )
    values = {"Alpha": [ON, OFF], "Bravo": [ON], "Delta": [ON, ON, OFF, OFF], "Echo": [OFF]}
    for name, measured in values.items():
        vision = factories.VisionFactory(site=sites[name])
        for value in measured:
            indicator = factories.IndicatorFactory(objective__vision=vision)
            factories.MeasurementFactory(
                indicator=indicator, date=datetime.date(2025, 12, 31), value=value
            )
            indicator.refresh_from_db()
            assert (indicator.track in Track.on_track()) == (value == ON)
    held = {"Alpha": 1, "Bravo": 3, "Delta": 1}
    for name, count in held.items():
        for day in range(count):
            factories.MeetingFactory(
                cercle__site=sites[name],
                starts_at=paris(2025, 12, 1 + day),
                status=MeetingStatus.TENUE,
            )
    # Not counted: held more than 90 days ago, or cancelled.
    factories.MeetingFactory(
        cercle__site=sites["Echo"], starts_at=paris(2025, 9, 1), status=MeetingStatus.TENUE
    )
    factories.MeetingFactory(
        cercle__site=sites["Charlie"], starts_at=paris(2025, 12, 2), status=MeetingStatus.ANNULEE
    )
    return sites


EXPECTED = {
    # Fewest overdue first; ties in name order, whichever the direction.
    "retards": ["Bravo", "Echo", "Delta", "Alpha", "Charlie"],
    "-retards": ["Alpha", "Charlie", "Delta", "Bravo", "Echo"],
    # By the share on track, then by how many; without indicators (« — ») last.
    "bonne-voie": ["Echo", "Alpha", "Delta", "Bravo", "Charlie"],
    "-bonne-voie": ["Bravo", "Delta", "Alpha", "Echo", "Charlie"],
    "reunions": ["Charlie", "Echo", "Alpha", "Delta", "Bravo"],
    "-reunions": ["Bravo", "Alpha", "Delta", "Charlie", "Echo"],
}
LABELS = {
    "retards": "Engagements en retard",
    "bonne-voie": "Indicateurs en bonne voie",
    "reunions": "Réunions (90 jours)",
}


def _table(client, sort):
    page = BeautifulSoup(
        client.get(reverse("dashboards:national"), {"tri": sort}).content, "html.parser"
    )
    return page.select_one("#tableau-sites")


@pytest.mark.parametrize("sort", EXPECTED)
def test_the_table_sorts_on_each_health_column(health, admin_user, sort):
    table = _table(client_for(admin_user), sort)
    rows = table.select("tbody tr")
    assert [row.select_one("td a").text for row in rows] == EXPECTED[sort]
    header = table.select_one("th[aria-sort]")
    assert LABELS[sort.lstrip("-")] in header.text
    assert header["aria-sort"] == ("descending" if sort.startswith("-") else "ascending")


def test_the_cells_show_what_the_table_is_sorted_on(health, admin_user):
    table = _table(client_for(admin_user), "-bonne-voie")
    cells = {
        row.select_one("td a").text: [td.get_text(strip=True) for td in row.select("td")[-3:]]
        for row in table.select("tbody tr")
    }
    assert cells == {
        "Alpha": ["2", "1 sur 2", "1"],
        "Bravo": ["0", "1 sur 1", "3"],
        "Charlie": ["2", "—", "0"],
        "Delta": ["1", "2 sur 4", "1"],
        "Echo": ["0", "0 sur 1", "0"],
    }


def test_each_health_header_is_a_sort_link_that_reverses_when_sorted(health, admin_user):
    client = client_for(admin_user)
    table = _table(client, "nom")
    # The overdue commitments start from the most (whom to nudge), the others from the least.
    first = {"retards": "-retards", "bonne-voie": "bonne-voie", "reunions": "reunions"}
    for key, label in LABELS.items():
        link = next(a for a in table.select("thead a") if label in a.text)
        assert f"tri={first[key]}&" in link["href"] + "&"
    sorted_table = _table(client, "reunions")
    link = next(a for a in sorted_table.select("thead a") if "Réunions" in a.text)
    assert "tri=-reunions" in link["href"]
    sorted_table = _table(client, "-retards")
    link = next(a for a in sorted_table.select("thead a") if "retard" in a.text)
    assert "tri=retards&" in link["href"] + "&"


@pytest.mark.parametrize("sort", ["-retards", "bonne-voie", "-reunions"])
def test_the_export_follows_the_sort(health, admin_user, sort):
    response = client_for(admin_user).get(
        reverse("dashboards:national_export", args=["csv"]), {"tri": sort}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [row[0] for row in rows[1:]] == EXPECTED[sort]
