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
