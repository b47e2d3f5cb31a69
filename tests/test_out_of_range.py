"""Ids and page numbers beyond what a database integer holds are « not found » or « no
such choice », never a 500 (SQLite: OverflowError; PostgreSQL: out of range)."""

import pytest
from django.urls import reverse

from tests import factories
from tests.conftest import client_for
from visions.models import Action, Objective

pytestmark = pytest.mark.django_db

BEYOND = 10**20


def test_an_integer_in_lookup_leaves_out_ids_no_column_holds(site_a):
    objective = factories.ObjectiveFactory(vision=factories.VisionFactory(site=site_a))
    assert list(Objective.objects.filter(pk__in=[BEYOND])) == []
    assert list(Objective.objects.filter(pk__in=[BEYOND, -BEYOND, objective.pk])) == [objective]


def test_a_multiple_choice_of_an_id_beyond_64_bits_is_an_invalid_choice(site_a, member_a):
    response = client_for(member_a).post(
        reverse("visions:action_create", args=[site_a.pk]),
        {"title": "Intruse", "objectives": [str(BEYOND)], "status": "idee", "progress": "0"},
    )
    assert response.status_code == 200
    assert "objectives" in response.context["form"].errors
    assert not Action.objects.exists()


def test_a_journal_page_beyond_any_offset_is_the_last_page(site_a, member_a):
    response = client_for(member_a).get(
        reverse("cercles:site_journal", args=[site_a.pk]), {"page": "9" * 30}
    )
    assert response.status_code == 200


@pytest.mark.parametrize("url", ["/utilisateurs/", "/sites/", "/api/v1/sites/"])
def test_a_nul_character_in_the_query_string_is_refused(admin_user, url):
    """PostgreSQL refuses NUL in any text: the user list searched with it answered 500."""
    response = client_for(admin_user).get(url, {"q": "a\x00b"})
    assert response.status_code == 400
    assert "caractère nul" in response.content.decode()


def test_an_agenda_line_longer_than_an_item_is_refused(site_a, admin_user):
    meeting = factories.MeetingFactory(cercle=factories.CercleFactory(site=site_a))
    url = reverse("cercles:meeting_prepare_next", args=[meeting.pk])
    data = {
        "date": "2026-12-01",
        "start_time": "18:00",
        "end_time": "20:00",
        "place": "Salle",
        "other_items": "Bilan\n" + "x" * 300,
    }
    response = client_for(admin_user).post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["other_items"] == [
        "Ligne 2 : 255 caractères au plus par point."
    ]
