"""« Mes engagements »: the commitments whose owner is the signed-in user."""

import datetime

import pytest
from django.urls import reverse

from cercles.enums import CommitmentStatus
from tests import factories
from tests.conftest import client_for
from tests.htmx import assert_fragment_matches_page

pytestmark = pytest.mark.django_db


def texts(response):
    return [c.text for c in response.context["commitments"]]


def test_the_owner_is_the_linked_person_or_failing_a_link_the_same_email(cercle_world, member_a):
    meeting = cercle_world["meeting"]
    linked = cercle_world["animatrice"]  # Personne.user = member_a
    by_email = factories.PersonneFactory(email=member_a.email.upper())  # no account linked
    someone_else = factories.UserFactory(email="autre@exemple.fr")
    taken = factories.PersonneFactory(email=member_a.email, user=someone_else)
    factories.CommitmentFactory(
        meeting=meeting, owner=by_email, text="Par l'adresse", due_on=datetime.date(2025, 5, 2)
    )
    factories.CommitmentFactory(meeting=meeting, owner=taken, text="Fiche d'un autre compte")
    factories.CommitmentFactory(
        meeting=meeting, owner=cercle_world["partner"], text="D'un partenaire"
    )
    response = client_for(member_a).get(reverse("cercles:my_commitments"))
    assert texts(response) == ["Réunir les parents", "Par l'adresse"]
    assert linked.user == member_a


def test_commitments_on_sites_out_of_sight_are_not_listed(cercle_world, member_b):
    # Member B's e-mail on a commitment of site A: still out of their sight.
    owner = factories.PersonneFactory(email=member_b.email)
    factories.CommitmentFactory(meeting=cercle_world["meeting"], owner=owner)
    assert texts(client_for(member_b).get(reverse("cercles:my_commitments"))) == []


def test_filters_by_status_and_site_and_the_fragment_matches_the_page(cercle_world, member_a):
    meeting, claire = cercle_world["meeting"], cercle_world["animatrice"]
    factories.CommitmentFactory(
        meeting=meeting,
        owner=claire,
        text="Déjà fait",
        status=CommitmentStatus.FAIT,
        done_on=datetime.date(2025, 3, 20),
    )
    client = client_for(member_a)
    url = reverse("cercles:my_commitments")
    assert texts(client.get(url)) == ["Réunir les parents"]  # open ones by default
    assert texts(client.get(url, {"statut": "fait"})) == ["Déjà fait"]
    assert len(texts(client.get(url, {"statut": "tous"}))) == 2
    other_site = factories.SiteFactory()
    factories.SiteAccessFactory(site=other_site, user=member_a)
    assert texts(client.get(url, {"site": other_site.pk, "statut": "tous"})) == []
    swapped = assert_fragment_matches_page(client, f"{url}?statut=tous")
    assert "Déjà fait" in swapped.text


def test_an_observer_sees_their_commitments_without_buttons_to_change_them(cercle_world, observer):
    factories.CommitmentFactory(
        meeting=cercle_world["meeting"],
        owner=factories.PersonneFactory(user=observer),
        text="Relire le compte rendu",
    )
    response = client_for(observer).get(reverse("cercles:my_commitments"))
    assert texts(response) == ["Relire le compte rendu"]
    assert "commitment_status" not in response.content.decode()
    assert "/statut/" not in response.content.decode()
