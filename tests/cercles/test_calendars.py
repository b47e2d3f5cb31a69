"""Calendar feeds: valid iCalendar that a client can subscribe to, and a secret personal
address that the user can regenerate."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from accounts.enums import Role
from cercles import services
from cercles.enums import MeetingStatus
from cercles.models import CalendarToken
from cercles.models.calendars import hash_token
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

PARIS = "Europe/Paris"


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar) -> dict[str, object]:
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


@pytest.fixture
def meetings(cercle_world):
    cercle = cercle_world["cercle"]
    upcoming = factories.MeetingFactory(
        cercle=cercle,
        starts_at=factories.paris(2099, 7, 7, 18),  # summer time: UTC+2
        ends_at=factories.paris(2099, 7, 7, 20, 30),
        place="Médiathèque",
    )
    cancelled = factories.MeetingFactory(
        cercle=cercle,
        starts_at=factories.paris(2099, 12, 8, 18),  # winter time: UTC+1
        ends_at=factories.paris(2099, 12, 8, 20),
        status=MeetingStatus.ANNULEE,
    )
    return {"held": cercle_world["meeting"], "upcoming": upcoming, "cancelled": cancelled}


def test_the_cercle_feed_is_valid_icalendar_with_times_places_and_cancellations(
    cercle_world, meetings, observer
):
    response = client_for(observer).get(
        reverse("cercles:cercle_calendar", args=[cercle_world["cercle"].pk])
    )
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="cercle-{cercle_world["cercle"].pk}.ics"'
    )
    calendar = parse(response)
    assert calendar["version"] == "2.0"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == [PARIS]
    found = events(calendar)
    assert len(found) == 3

    summer = found["Cercle réussite éducative — réunion n° 2"]
    assert summer.decoded("dtstart") == factories.paris(2099, 7, 7, 18)
    assert summer["dtstart"].params["TZID"] == PARIS
    assert summer.decoded("dtstart").utcoffset() == datetime.timedelta(hours=2)
    assert summer.decoded("dtend") == factories.paris(2099, 7, 7, 20, 30)
    assert str(summer["location"]) == "Médiathèque"
    assert str(summer["status"]) == "CONFIRMED"
    assert str(summer["url"]).endswith(meetings["upcoming"].get_absolute_url())
    assert str(summer["uid"]) == f"reunion-{meetings['upcoming'].uid}@127.0.0.1"
    assert int(summer["sequence"]) == 0
    assert "last-modified" in summer

    winter = found["ANNULÉE : Cercle réussite éducative — réunion n° 3"]
    assert str(winter["status"]) == "CANCELLED"
    assert winter.decoded("dtstart").utcoffset() == datetime.timedelta(hours=1)

    held = found["Cercle réussite éducative — réunion n° 1"]
    assert "1. Tour de table" in str(held["description"])


def test_a_moved_meeting_keeps_its_uid_and_raises_its_sequence(cercle_world, meetings, member_a):
    client = client_for(member_a)
    url = reverse("cercles:cercle_calendar", args=[cercle_world["cercle"].pk])
    before = events(parse(client.get(url)))["Cercle réussite éducative — réunion n° 2"]
    meeting = meetings["upcoming"]
    meeting.starts_at += datetime.timedelta(hours=1)
    meeting.ends_at += datetime.timedelta(hours=1)
    meeting.save()
    meeting.status = MeetingStatus.ANNULEE
    meeting.save()
    after = events(parse(client.get(url)))["ANNULÉE : Cercle réussite éducative — réunion n° 2"]
    assert after["uid"] == before["uid"]
    assert int(after["sequence"]) == 2
    assert str(after["status"]) == "CANCELLED"
    assert after.decoded("dtstart") == factories.paris(2099, 7, 7, 19)


def test_a_calendar_client_subscribes_to_the_personal_feed_without_logging_in(
    cercle_world, meetings, member_a, site_b
):
    factories.MeetingFactory(
        cercle=factories.CercleFactory(site=site_b, name="Cercle du site B"),
        starts_at=factories.paris(2099, 7, 8, 18),
        ends_at=factories.paris(2099, 7, 8, 20),
    )
    page = client_for(member_a).post(reverse("cercles:calendar_settings"), {"action": "regenerate"})
    feed_url = page.context["feed_url"]
    assert feed_url.startswith("http://testserver/agenda/") and feed_url.endswith(".ics")
    assert "no-store" in page["Cache-Control"]

    calendar = parse(client_for(None).get(feed_url))  # no session: the address is the key
    summaries = set(events(calendar))
    assert "Cercle réussite éducative — réunion n° 2" in summaries
    assert "ANNULÉE : Cercle réussite éducative — réunion n° 3" in summaries
    assert "Cercle du site B — réunion n° 1" not in summaries  # member A does not see site B
    assert "Cercle réussite éducative — réunion n° 1" not in summaries  # long past

    other = factories.CercleFactory(site=cercle_world["site"])
    factories.MeetingFactory(cercle=other, starts_at=factories.paris(2099, 1, 5))
    one_cercle = parse(client_for(None).get(f"{feed_url}?cercle={other.pk}"))
    assert len(list(one_cercle.walk("VEVENT"))) == 1


def test_regenerating_the_address_kills_the_old_one(member_a):
    client = client_for(member_a)
    settings_url = reverse("cercles:calendar_settings")
    first = client.post(settings_url, {"action": "regenerate"}).context["feed_url"]
    assert client_for(None).get(first).status_code == 200
    second = client.post(settings_url, {"action": "regenerate"}).context["feed_url"]
    assert first != second
    assert client_for(None).get(first).status_code == 404
    assert client_for(None).get(second).status_code == 200
    assert CalendarToken.objects.filter(user=member_a).count() == 1

    client.post(settings_url, {"action": "revoke"})
    assert client_for(None).get(second).status_code == 404
    assert not CalendarToken.objects.filter(user=member_a).exists()


def test_the_address_is_not_stored_and_is_shown_again_to_its_owner(
    member_a, cercle_world, meetings
):
    """« Mon agenda » shows the address again at will (issue 24), with one per cercle; the
    database keeps only a hash and a random value, useless without the secret key."""
    client = client_for(member_a)
    feed_url = client.post(reverse("cercles:calendar_settings"), {"action": "regenerate"}).context[
        "feed_url"
    ]
    raw = feed_url.rsplit("/", 1)[1].removesuffix(".ics")
    token = CalendarToken.objects.get(user=member_a)
    assert token.token_hash == hash_token(raw) and raw not in (token.token_hash, token.nonce)

    later = client.get(reverse("cercles:calendar_settings"))
    page = later.content.decode()
    assert later.context["feed_url"] == feed_url and f'value="{feed_url}"' in page
    assert f'href="webcal://testserver/agenda/{raw}.ics"' in page
    cercle = cercle_world["cercle"]
    assert f'value="{feed_url}?cercle={cercle.pk}"' in page  # one address per cercle
    assert "Copier l'adresse" in page
    assert client_for(None).get(f"{feed_url}?cercle={cercle.pk}").status_code == 200

    # An address made before it could be shown again: say how to get one that can.
    token.nonce = ""
    token.save()
    page = client.get(reverse("cercles:calendar_settings")).content.decode().replace("&#x27;", "'")
    assert raw not in page and "générez-en une nouvelle pour la voir" in page


def test_a_deactivated_account_s_feed_is_gone(member_a):
    raw = services.calendar_token_regenerate(user=member_a)
    url = reverse("cercles:personal_calendar", args=[raw])
    member_a.is_active = False
    member_a.save()
    assert client_for(None).get(url).status_code == 404
    assert client_for(None).get(url.replace(raw, raw[:-1] + "x")).status_code == 404


def test_a_chef_de_projet_s_feed_holds_the_sites_they_follow(cercle_world, meetings, chef, site_b):
    factories.MeetingFactory(
        cercle=factories.CercleFactory(site=site_b, name="Cercle du site B"),
        starts_at=factories.paris(2099, 7, 8, 18),
    )
    assert chef.role == Role.CHEF_DE_PROJET
    raw = services.calendar_token_regenerate(user=chef)
    calendar = parse(client_for(None).get(reverse("cercles:personal_calendar", args=[raw])))
    summaries = set(events(calendar))
    assert "Cercle réussite éducative — réunion n° 2" in summaries  # site A: followed
    assert "Cercle du site B — réunion n° 1" not in summaries  # seen, not followed
