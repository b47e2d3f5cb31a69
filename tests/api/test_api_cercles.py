"""The cercles resources and the current user's notifications, as their pages work."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from cercles.models import CercleMember, Meeting
from notifications.models import Notification
from tests import factories
from tests.api.conftest import call
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def cercle(site_a):
    return factories.CercleFactory(site=site_a, name="Cercle de la réussite")


def test_adding_a_member_attaches_the_person_to_the_cercles_site(member_a, cercle, site_b):
    personne = factories.PersonneFactory(created_by=member_a)
    response = call(
        client_for(member_a),
        "POST",
        "/api/v1/membres-cercles/",
        {"cercle": cercle.pk, "personne": personne.pk, "role": "animateur"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["personne_name"] == personne.full_name
    assert list(personne.sites.all()) == [cercle.site]
    again = call(
        client_for(member_a),
        "POST",
        "/api/v1/membres-cercles/",
        {"cercle": cercle.pk, "personne": personne.pk},
    )
    assert again.status_code == 400
    assert again.json()["erreurs"] == {"__all__": ["Cette personne est déjà membre du cercle."]}
    assert CercleMember.objects.count() == 1


def test_meetings_are_numbered_and_carry_their_agenda_and_attendance(member_a, cercle):
    client = client_for(member_a)
    times = {"starts_at": "2026-03-10T18:00:00+01:00", "ends_at": "2026-03-10T20:00:00+01:00"}
    first = call(client, "POST", "/api/v1/reunions/", {"cercle": cercle.pk, **times}).json()
    second = call(client, "POST", "/api/v1/reunions/", {"cercle": cercle.pk, **times}).json()
    assert (first["sequence"], second["sequence"]) == (1, 2)
    meeting = Meeting.objects.get(pk=first["id"])
    factories.AgendaItemFactory(meeting=meeting, title="Tour de table", position=1)
    member = factories.CercleMemberFactory(cercle=cercle)
    factories.AttendanceFactory(meeting=meeting, member=member, status="excuse")
    body = client.get(f"/api/v1/reunions/{meeting.pk}/").json()
    assert [item["title"] for item in body["agenda_items"]] == ["Tour de table"]
    assert body["attendances"] == [
        {"member": member.pk, "personne": member.personne_id, "status": "excuse"}
    ]
    backwards = call(
        client,
        "POST",
        "/api/v1/reunions/",
        {"cercle": cercle.pk, "starts_at": times["ends_at"], "ends_at": times["starts_at"]},
    )
    assert backwards.status_code == 400
    assert backwards.json()["erreurs"] == {
        "__all__": ["La fin de la réunion doit suivre son début."]
    }


def test_a_commitment_done_is_dated_today_and_undone_loses_its_date(member_a, cercle):
    member = factories.CercleMemberFactory(cercle=cercle)
    commitment = factories.CommitmentFactory(
        meeting=factories.MeetingFactory(cercle=cercle), owner=member.personne
    )
    client = client_for(member_a)
    url = f"/api/v1/engagements/{commitment.pk}/"
    done = call(client, "PATCH", url, {"status": "fait"}).json()
    assert done["done_on"] == timezone.localdate().isoformat()
    assert done["overdue"] is False
    undone = call(client, "PATCH", url, {"status": "a_faire"}).json()
    assert undone["done_on"] is None


def test_a_commitment_is_carried_by_a_member_of_the_cercle(member_a, cercle):
    meeting = factories.MeetingFactory(cercle=cercle)
    stranger = factories.PersonneFactory(sites=[cercle.site])
    response = call(
        client_for(member_a),
        "POST",
        "/api/v1/engagements/",
        {
            "meeting": meeting.pk,
            "text": "Trouver un lieu",
            "owner": stranger.pk,
            "due_on": "2026-06-30",
        },
    )
    assert response.status_code == 400
    assert response.json()["erreurs"] == {
        "owner": [f"« {stranger.full_name} » n'est pas membre du cercle."]
    }


def test_one_open_comite_per_site(member_a, site_a):
    factories.CercleFactory(site=site_a, kind="comite", name="Comité")
    response = call(
        client_for(member_a),
        "POST",
        "/api/v1/cercles/",
        {"site": site_a.pk, "kind": "comite", "name": "Second comité"},
    )
    assert response.status_code == 400
    assert response.json()["erreurs"] == {"__all__": ["Ce site a déjà un comité de pilotage."]}


def test_modified_since_finds_meetings_whose_attendance_changed(member_a, cercle):
    meeting = factories.MeetingFactory(cercle=cercle)
    member = factories.CercleMemberFactory(cercle=cercle)
    client = client_for(member_a)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        since = timezone.now().isoformat()
        assert client.get("/api/v1/reunions/", {"modified_since": since}).json()["results"] == []
        factories.AttendanceFactory(meeting=meeting, member=member)
        rows = client.get("/api/v1/reunions/", {"modified_since": since}).json()["results"]
        assert [row["id"] for row in rows] == [meeting.pk]


def test_notifications_are_ones_own_and_marked_read_by_post(member_a, member_b):
    mine = Notification.objects.create(user=member_a, kind="site_inactif", message="A", url="/")
    Notification.objects.create(user=member_a, kind="site_inactif", message="B", url="/")
    theirs = Notification.objects.create(user=member_b, kind="site_inactif", message="C", url="/")
    client = client_for(member_a)
    listed = client.get("/api/v1/notifications/?ordering=-created_at").json()["results"]
    assert [n["message"] for n in listed] == ["B", "A"]
    assert client.get(f"/api/v1/notifications/{theirs.pk}/").status_code == 404
    assert call(client, "POST", f"/api/v1/notifications/{theirs.pk}/lire/").status_code == 404
    read = call(client, "POST", f"/api/v1/notifications/{mine.pk}/lire/").json()
    assert read["is_read"] is True and read["read_at"]
    unread = client.get("/api/v1/notifications/?unread=true").json()["results"]
    assert [n["message"] for n in unread] == ["B"]
    assert call(client, "POST", "/api/v1/notifications/tout-lire/").json() == {"count": 1}
    theirs.refresh_from_db()
    assert theirs.read_at is None
