"""A resource centre records its interventions; their hours are the hours done."""

from decimal import Decimal

import pytest
from django.urls import reverse

from quartiers.enums import InterventionKind
from quartiers.models import Accompaniment, Intervention
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def accompaniment(centre):
    return Accompaniment.objects.get(centre=centre)


def _form(client, url):
    """The form's hidden submission token, as a browser would send it back."""
    page = client.get(url)
    return page.context["form"]["submission_token"].value()


def test_a_centre_records_interventions_and_their_hours_add_up(accompaniment, centre_user):
    client = client_for(centre_user)
    url = reverse("quartiers:intervention_list", args=[accompaniment.pk])
    for day, hours in [("03/02/2026", "2,5"), ("10/02/2026", "1")]:
        response = client.post(
            url,
            {
                "date": day,
                "kind": InterventionKind.ATELIER,
                "hours": hours,
                "note": "Atelier avec le cercle",
                "submission_token": _form(client, url),
            },
        )
        assert response.status_code == 302
    accompaniment.refresh_from_db()
    assert accompaniment.hours_done == Decimal("3.5")
    page = client.get(url).content.decode()
    assert "3,5 h</strong> réalisées sur 15 h prévues" in page
    assert "03/02/2026" in page and "2,5 h" in page

    first = accompaniment.interventions.get(hours=Decimal("2.5"))
    client.post(
        reverse("quartiers:intervention_edit", args=[first.pk]),
        {"date": "03/02/2026", "kind": InterventionKind.ATELIER, "hours": "4", "note": ""},
    )
    accompaniment.refresh_from_db()
    assert accompaniment.hours_done == Decimal("5")
    client.post(reverse("quartiers:intervention_delete", args=[first.pk]))
    accompaniment.refresh_from_db()
    assert accompaniment.hours_done == Decimal("1")
    site_page = client.get(accompaniment.site.get_absolute_url()).content.decode()
    assert reverse("quartiers:intervention_list", args=[accompaniment.pk]) in site_page


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("0", "Une intervention dure entre 0,1 et 100 heures."),
        ("-2", "Une intervention dure entre 0,1 et 100 heures."),
        ("250", "Une intervention dure entre 0,1 et 100 heures."),
        ("deux heures", "n&#x27;est pas un nombre"),
        ("", "Ce champ est obligatoire"),
    ],
)
def test_a_wrong_duration_is_refused_in_french_and_changes_nothing(
    accompaniment, centre_user, hours, message
):
    client = client_for(centre_user)
    url = reverse("quartiers:intervention_list", args=[accompaniment.pk])
    response = client.post(
        url,
        {
            "date": "03/02/2026",
            "kind": InterventionKind.ATELIER,
            "hours": hours,
            "submission_token": _form(client, url),
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Intervention.objects.exists()
    accompaniment.refresh_from_db()
    assert accompaniment.hours_done == Decimal("6")  # as it was


def test_a_centre_cannot_hand_its_accompaniment_to_another_centre(accompaniment, centre_user):
    other = factories.CentreFactory(name="Centre voisin")
    other.members.add(centre_user)  # even one it also works for
    client = client_for(centre_user)
    url = reverse("quartiers:accompaniment_edit", args=[accompaniment.pk])
    page = client.get(url).content.decode()
    assert "Seule l'ANCT peut confier cet accompagnement à un autre centre." in page
    client.post(
        url,
        {
            "centre": other.pk,
            "kind": accompaniment.kind,
            "start_date": "01/03/2024",
            "hours_planned": "20",
        },
    )
    accompaniment.refresh_from_db()
    assert accompaniment.centre_id != other.pk
    assert accompaniment.hours_planned == 20  # the rest of the form is saved

    api = client_for(centre_user)
    response = api.patch(
        f"/api/v1/accompagnements/{accompaniment.pk}/",
        {"centre": other.pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "ne transfère pas son accompagnement à un autre centre" in str(response.json())
    accompaniment.refresh_from_db()
    assert accompaniment.centre_id != other.pk


def test_hours_done_are_no_longer_typed_but_read(accompaniment, admin_user):
    client = client_for(admin_user)
    form = client.get(reverse("quartiers:accompaniment_edit", args=[accompaniment.pk]))
    assert "hours_done" not in form.context["form"].fields
    response = client.patch(
        f"/api/v1/accompagnements/{accompaniment.pk}/",
        {"hours_done": 99},
        content_type="application/json",
    )
    assert response.status_code == 200
    accompaniment.refresh_from_db()
    assert accompaniment.hours_done == Decimal("6")
