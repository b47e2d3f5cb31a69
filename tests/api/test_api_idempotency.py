"""``Idempotency-Key`` on POST (docs/api.md, « Idempotence »): the same key and user get
the first answer again, and no second row; another request under the same key, a 422."""

import pytest
from django.db import connection

from cercles.models import Decision
from qic.models import SubmissionClaim
from tests import factories
from tests.api.conftest import call, token_client
from tests.conftest import client_for
from tests.test_idempotency import CONCURRENCY, at_once

URL = "/api/v1/decisions/"


@pytest.fixture
def meeting(site_a):
    return factories.MeetingFactory(cercle__site=site_a)


def test_the_same_key_gives_the_first_answer_and_one_row(db, meeting, member_a):
    client, _token, _raw = token_client(member_a)
    payload = {"meeting": meeting.pk, "text": "Ouvrir la salle le samedi."}
    first = call(client, "POST", URL, payload, **{"Idempotency-Key": "decision-42"})
    assert first.status_code == 201
    again = call(client, "POST", URL, payload, **{"Idempotency-Key": "decision-42"})
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Decision.objects.filter(meeting=meeting).count() == 1
    # Without a key, or with another one, a POST creates: two decisions may be meant.
    assert call(client, "POST", URL, payload).status_code == 201
    assert call(client, "POST", URL, payload, **{"Idempotency-Key": "43"}).status_code == 201
    assert Decision.objects.filter(meeting=meeting).count() == 3


def test_a_key_is_the_user_s_own(db, meeting, member_a, chef):
    payload = {"meeting": meeting.pk, "text": "Ouvrir la salle le samedi."}
    for user in (member_a, chef):
        response = call(client_for(user), "POST", URL, payload, **{"Idempotency-Key": "k1"})
        assert response.status_code == 201
    assert Decision.objects.filter(meeting=meeting).count() == 2


def test_the_same_key_for_another_request_is_refused(db, meeting, member_a):
    client = client_for(member_a)
    key = {"Idempotency-Key": "k-reused"}
    assert (
        call(client, "POST", URL, {"meeting": meeting.pk, "text": "Un."}, **key).status_code == 201
    )
    response = call(client, "POST", URL, {"meeting": meeting.pk, "text": "Deux."}, **key)
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert "déjà servi pour une autre requête" in response.json()["detail"]
    assert Decision.objects.filter(meeting=meeting).count() == 1


def test_a_refused_request_can_be_corrected_and_sent_with_its_key(db, meeting, member_a):
    client = client_for(member_a)
    key = {"Idempotency-Key": "k-fixed"}
    refused = call(client, "POST", URL, {"meeting": meeting.pk, "text": ""}, **key)
    assert refused.status_code == 400
    assert not SubmissionClaim.objects.exists()  # an error keeps nothing
    response = call(client, "POST", URL, {"meeting": meeting.pk, "text": "Corrigée."}, **key)
    assert response.status_code == 201


def test_a_malformed_key_is_a_400_in_french(db, meeting, member_a):
    response = call(
        client_for(member_a),
        "POST",
        URL,
        {"meeting": meeting.pk, "text": "Un."},
        **{"Idempotency-Key": "x" * 151},
    )
    assert response.status_code == 400
    assert "clé d'idempotence" in str(response.json()["erreurs"])
    assert not Decision.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_four_simultaneous_posts_with_one_key_create_one_row(meeting, member_a):
    if connection.vendor != "postgresql":
        pytest.skip(CONCURRENCY)
    payload = {"meeting": meeting.pk, "text": "Ouvrir la salle le samedi."}
    clients = [client_for(member_a) for _ in range(4)]
    answers = at_once(
        4, lambda i: call(clients[i], "POST", URL, payload, **{"Idempotency-Key": "k-race"})
    )
    assert [r.status_code for r in answers] == [201] * 4
    assert len({r.json()["id"] for r in answers}) == 1
    assert Decision.objects.filter(meeting=meeting).count() == 1
