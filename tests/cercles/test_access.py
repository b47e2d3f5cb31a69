"""Writes are refused to observers (403) and to members of other sites (404), and change
nothing; scoping follows the site through every model."""

import pytest
from django.urls import reverse

from cercles.models import (
    AgendaItem,
    Attendance,
    Cercle,
    CercleMember,
    Commitment,
    Decision,
    Meeting,
    MeetingDocument,
)
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def snapshot():
    return [
        model.objects.count()
        for model in (
            Cercle,
            CercleMember,
            Meeting,
            AgendaItem,
            Attendance,
            Decision,
            Commitment,
            MeetingDocument,
        )
    ] + [Meeting.objects.values_list("minutes", flat=True).first()]


def writes(world):
    site, cercle, meeting = world["site"], world["cercle"], world["meeting"]
    member = world["members"][1]
    return [
        (reverse("cercles:cercle_create", args=[site.pk]), {"kind": "cercle", "name": "X"}),
        (reverse("cercles:cercle_edit", args=[cercle.pk]), {"kind": "cercle", "name": "X"}),
        (
            reverse("cercles:member_add", args=[cercle.pk]),
            {"first_name": "A", "last_name": "B", "role": "membre", "joined_on": "2025-01-01"},
        ),
        (
            reverse("cercles:member_edit", args=[member.pk]),
            {"role": "invite", "joined_on": "2024-01-01"},
        ),
        (
            reverse("cercles:meeting_create", args=[cercle.pk]),
            {
                "date": "2025-05-13",
                "start_time": "18:00",
                "end_time": "20:00",
                "agenda-TOTAL_FORMS": "0",
                "agenda-INITIAL_FORMS": "0",
            },
        ),
        (reverse("cercles:meeting_edit", args=[meeting.pk]), {"date": "2025-05-13"}),
        (
            reverse("cercles:attendance_record", args=[meeting.pk]),
            {f"member_{member.pk}": "absent"},
        ),
        (reverse("cercles:minutes_edit", args=[meeting.pk]), {"minutes": "Piraté"}),
        (reverse("cercles:decision_add", args=[meeting.pk]), {"text": "Piraté"}),
        (reverse("cercles:decision_edit", args=[world["decision"].pk]), {"text": "Piraté"}),
        (
            reverse("cercles:commitment_add", args=[meeting.pk]),
            {"text": "Piraté", "owner": member.personne_id, "due_on": "2025-05-01"},
        ),
        (reverse("cercles:commitment_edit", args=[world["commitment"].pk]), {"text": "Piraté"}),
        (reverse("cercles:commitment_status", args=[world["commitment"].pk, "fait"]), {}),
        (reverse("cercles:document_delete", args=[world["document"].pk]), {}),
        (
            reverse("cercles:meeting_prepare_next", args=[meeting.pk]),
            {"date": "2025-05-13", "start_time": "18:00", "end_time": "20:00"},
        ),
    ]


@pytest.mark.parametrize(("persona", "status"), [("observer", 403), ("member_b", 404)])
def test_writes_of_others_are_refused_and_change_nothing(cercle_world, personas, persona, status):
    client = client_for(personas[persona])
    before = snapshot()
    for url, data in writes(cercle_world):
        response = client.post(url, data)
        assert response.status_code == status, url
        response = client.post(url, data, headers={"HX-Request": "true"})
        assert response.status_code == status, url
    assert snapshot() == before
    cercle_world["commitment"].refresh_from_db()
    assert cercle_world["commitment"].status == "a_faire"


def test_every_model_follows_its_site(cercle_world, member_a, member_b, observer):
    for model in (Cercle, CercleMember, Meeting, AgendaItem, Decision, Commitment, MeetingDocument):
        assert model.objects.for_user(member_a, "change").exists(), model
        assert model.objects.for_user(observer, "view").exists(), model
        assert not model.objects.for_user(observer, "change").exists(), model
        assert not model.objects.for_user(member_b, "view").exists(), model


def test_a_member_of_site_b_does_not_find_site_a_by_id(cercle_world, member_b):
    client = client_for(member_b)
    for url in [
        reverse("cercles:cercle_list", args=[cercle_world["site"].pk]),
        reverse("cercles:site_journal", args=[cercle_world["site"].pk]),
        cercle_world["cercle"].get_absolute_url(),
        cercle_world["meeting"].get_absolute_url(),
        cercle_world["document"].get_absolute_url(),
        reverse("cercles:cercle_calendar", args=[cercle_world["cercle"].pk]),
    ]:
        assert client.get(url).status_code == 404, url
