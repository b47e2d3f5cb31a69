"""Optimistic locking: two people edit the same vision or minutes; the second save is
refused with the first one's text, author and time; nothing is overwritten."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from tests import factories
from tests.conftest import client_for
from visions.enums import VisionStatus
from visions.models import Vision

pytestmark = pytest.mark.django_db


def loaded_form(client, url) -> dict:
    """What the browser would send back: every field of the page's form as loaded."""
    page = BeautifulSoup(client.get(url).content, "html.parser")
    form = page.select_one("main form[method=post]")
    data = {
        field["name"]: field.get("value", "")
        for field in form.select("input[name]")
        if field["name"] != "csrfmiddlewaretoken"
    }
    data.update({area["name"]: area.text for area in form.select("textarea[name]")})
    assert data.get("version"), "the form carries the version it was loaded at"
    return data


def test_the_second_vision_save_is_refused_and_shows_the_first(site_a, member_a, chef):
    vision = factories.VisionFactory(
        site=site_a, status=VisionStatus.BROUILLON, statement="Texte initial.", horizon=2030
    )
    url = reverse("visions:vision_edit", args=[site_a.pk])
    first, second = client_for(member_a), client_for(chef)
    form_1, form_2 = loaded_form(first, url), loaded_form(second, url)

    response = first.post(url, {**form_1, "statement": "Le texte du membre."})
    assert response.status_code == 302

    response = second.post(url, {**form_2, "statement": "Le texte de la cheffe."})
    assert response.status_code == 200
    page = response.content.decode()
    assert "n&#x27;a pas été enregistrée" in page or "n'a pas été enregistrée" in page
    assert "Le texte du membre." in page  # their text
    assert str(member_a) in page  # who
    assert "Le texte de la cheffe." in page  # mine, still in the field
    vision.refresh_from_db()
    assert vision.statement == "Le texte du membre."

    # Having read it, the second person saves again on purpose: it goes through.
    merged = loaded_form_from(response)
    response = second.post(url, {**merged, "statement": "Les deux textes, fusionnés."})
    assert response.status_code == 302
    vision.refresh_from_db()
    assert vision.statement == "Les deux textes, fusionnés."


def loaded_form_from(response) -> dict:
    form = BeautifulSoup(response.content, "html.parser").select_one("main form[method=post]")
    data = {
        f["name"]: f.get("value", "")
        for f in form.select("input[name]")
        if f["name"] != "csrfmiddlewaretoken"
    }
    data.update({a["name"]: a.text for a in form.select("textarea[name]")})
    return data


def test_the_second_minutes_save_is_refused_and_shows_the_first(site_a, member_a, chef):
    meeting = factories.MeetingFactory(cercle__site=site_a, minutes="Ordre du jour.")
    url = reverse("cercles:minutes_edit", args=[meeting.pk])
    first, second = client_for(member_a), client_for(chef)
    form_1, form_2 = loaded_form(first, url), loaded_form(second, url)

    assert first.post(url, {**form_1, "minutes": "Compte rendu du membre."}).status_code == 302
    response = second.post(url, {**form_2, "minutes": "Compte rendu de la cheffe."})
    assert response.status_code == 200
    page = response.content.decode()
    assert str(member_a) in page
    assert "Compte rendu du membre." in page and "Compte rendu de la cheffe." in page
    meeting.refresh_from_db()
    assert meeting.minutes == "Compte rendu du membre."


def test_a_change_elsewhere_in_the_meeting_is_no_conflict(site_a, member_a):
    meeting = factories.MeetingFactory(cercle__site=site_a, minutes="")
    url = reverse("cercles:minutes_edit", args=[meeting.pk])
    client = client_for(member_a)
    form = loaded_form(client, url)
    meeting.place = "Maison de quartier"
    meeting.save()
    assert client.post(url, {**form, "minutes": "Notes."}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes == "Notes."


def test_two_people_writing_the_first_vision_at_once(site_a, member_a, chef):
    url = reverse("visions:vision_create", args=[site_a.pk])
    first, second = client_for(member_a), client_for(chef)
    assert first.get(url).status_code == 200 and second.get(url).status_code == 200
    payload = {"horizon": 2030}
    assert first.post(url, {**payload, "statement": "Vision du membre."}).status_code == 302

    response = second.post(url, {**payload, "statement": "Vision de la cheffe."})
    assert response.status_code == 200  # not a redirect that would drop her text
    page = response.content.decode()
    assert "Vision du membre." in page and "Vision de la cheffe." in page
    assert str(member_a) in page
    assert Vision.objects.get(site=site_a).statement == "Vision du membre."

    # She merges and sends again (the form now knows the version she has seen).
    again = loaded_form_from(response)
    response = second.post(url, {**again, "statement": "Vision commune."})
    assert response.status_code == 302
    assert Vision.objects.get(site=site_a).statement == "Vision commune."
