"""Funding lines on an action's page: added, corrected, removed by those who edit the site;
bad amounts and identifiers refused in French with nothing changed."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from financements.enums import FunderKind, FundingStatus
from financements.models import FundingLine
from quartiers.models import SiteEvent
from tests import factories
from tests.conftest import client_for
from tests.htmx import assert_fragment_matches_page
from tests.visions.helpers import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(site_a):
    return factories.ActionFactory(site=site_a, title="Soutien scolaire du soir")


@pytest.fixture
def ville(db):
    return factories.StructureFactory(name="Ville de Saint-Étienne (fictif)", kind="collectivite")


def _post(client, action, **fields):
    data = {
        "funder": fields.pop("funder"),
        "funder_kind": FunderKind.COMMUNE,
        "year": 2026,
        "requested": "12 000,50",
        "granted": "",
        "paid": "",
        "status": FundingStatus.DEMANDE,
        "reference": "",
        "convention_date": "",
        "beneficiary_siret": "",
        "beneficiary_rna": "",
        "note": "",
    } | fields
    return client.post(reverse("financements:funding_line_create", args=[action.pk]), data)


def test_a_member_adds_a_granted_line_and_the_journal_records_it(member_a, action, ville):
    client = client_for(member_a)
    version = action.site.data_version
    response = _post(
        client,
        action,
        funder=ville.pk,
        status=FundingStatus.ACCORDE,
        granted="10 000",
        convention_date="2026-03-15",
        reference="DAUPHIN-2026-00123",
        beneficiary_siret="73282932000074",
        beneficiary_rna="w751234567",
    )
    assert response.status_code == 302, response.context["form"].errors
    line = FundingLine.objects.get()
    assert (line.requested, line.granted, line.paid) == (
        Decimal("12000.50"),
        Decimal("10000.00"),
        Decimal("0.00"),
    )
    assert line.beneficiary_rna == "W751234567"
    action.site.refresh_from_db()
    assert action.site.data_version != version
    event = SiteEvent.objects.get(kind="financement_accorde")
    assert timezone.localdate(event.happened_at) == datetime.date(2026, 3, 15)
    assert "10 000,00 €" in event.detail.replace("\u202f", " ")
    text = page_text(client.get(reverse("financements:action_funding", args=[action.pk])))
    assert "12 000,50 €" in text.replace("\u202f", " ")
    assert "DAUPHIN-2026-00123" in text
    # The journal of the line
    assert LogEntry.objects.get_for_object(line).count() == 1


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"requested": "-5"}, "requested", "Un montant ne peut pas être négatif."),
        (
            {
                "status": FundingStatus.ACCORDE,
                "granted": "500",
                "paid": "600",
                "convention_date": "2026-01-10",
                "requested": "1000",
            },
            "paid",
            "Le montant versé dépasse le montant accordé.",
        ),
        (
            {
                "status": FundingStatus.ACCORDE,
                "granted": "1500",
                "requested": "1000",
                "convention_date": "2026-01-10",
            },
            "granted",
            "Le montant accordé dépasse le montant demandé",
        ),
        ({"beneficiary_siret": "12345678901234"}, "beneficiary_siret", "SIRET valide"),
        ({"beneficiary_rna": "W12345"}, "beneficiary_rna", "n'est pas un numéro RNA"),
        ({"requested": "douze"}, "requested", ""),
        (
            {"status": FundingStatus.ACCORDE, "granted": "1000"},
            "convention_date",
            "date de la convention",
        ),
        (
            {
                "status": FundingStatus.SOLDE,
                "granted": "1000",
                "paid": "200",
                "convention_date": "2026-01-10",
                "requested": "1000",
            },
            "paid",
            "Soldé",
        ),
    ],
)
def test_bad_input_is_refused_in_french_and_nothing_changes(
    member_a, action, ville, fields, field, message
):
    response = _post(client_for(member_a), action, funder=ville.pk, **fields)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert not FundingLine.objects.exists()


def test_a_grant_above_the_request_passes_once_confirmed(member_a, action, ville):
    response = _post(
        client_for(member_a),
        action,
        funder=ville.pk,
        status=FundingStatus.ACCORDE,
        requested="1000",
        granted="1500",
        excess_confirmed="on",
        convention_date="2026-01-10",
    )
    assert response.status_code == 302
    assert FundingLine.objects.get().granted == Decimal("1500.00")


def test_edit_and_delete_with_htmx(member_a, action):
    line = factories.FundingLineFactory(action=action)
    client = client_for(member_a)
    edit = reverse("financements:funding_line_edit", args=[line.pk])
    data = {
        "funder": line.funder_id,
        "funder_kind": FunderKind.CAF,
        "year": 2026,
        "requested": "10000",
        "granted": "8000",
        "paid": "8000",
        "status": FundingStatus.SOLDE,
        "convention_date": "2026-03-15",
    }
    assert client.post(edit, data).status_code == 302
    line.refresh_from_db()
    assert (line.status, line.paid, line.funder_kind) == ("solde", Decimal("8000.00"), "caf")
    url = reverse("financements:action_funding", args=[action.pk])
    assert_fragment_matches_page(client, url, "#financements")
    response = client.post(
        reverse("financements:funding_line_delete", args=[line.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "est supprimée" in response.content.decode()
    assert "<html" not in response.content.decode()
    assert not FundingLine.objects.exists()
    assert not SiteEvent.objects.filter(kind="financement_accorde").exists()


def test_lines_follow_their_site(member_b, observer, action):
    line = factories.FundingLineFactory(action=action)
    other = factories.FundingLineFactory()
    assert list(FundingLine.objects.for_user(member_b)) == []
    assert list(FundingLine.objects.for_user(observer)) == [line]
    assert list(FundingLine.objects.for_user(observer, "change")) == []
    assert other not in FundingLine.objects.for_user(observer)
    response = client_for(observer).post(
        reverse("financements:funding_line_delete", args=[line.pk])
    )
    assert response.status_code == 403
    assert FundingLine.objects.filter(pk=line.pk).exists()
