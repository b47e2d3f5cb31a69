"""Nothing unpublished or personal is reachable without an account: every public URL,
read anonymously over the demo with every site's page published (each showing one of
its indicators, half of them their actions), never shows a person's name or e-mail,
minutes, a decision, a commitment, a measurement's comment, a draft vision, an
indicator or an action that was not chosen."""

import datetime
import io
import re

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from cercles.models import Commitment, Decision, Meeting
from publication import opendata
from publication.models import PublicPage
from quartiers.models import Personne, Site
from tests.conftest import client_for
from visions.models import Action, Indicator, Measurement, Vision

pytestmark = pytest.mark.django_db

DEMO_MOMENT = datetime.datetime(2026, 6, 16, 8, 0, tzinfo=datetime.UTC)
MIN_LENGTH = 12  # shorter texts (« Oui », a first name alone) could occur by chance


@pytest.fixture(scope="module")
def _seeded_once(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        with time_machine.travel(DEMO_MOMENT, tick=False):
            call_command("seed_demo", stdout=io.StringIO())
            for index, site in enumerate(Site.objects.order_by("pk")):
                page, _created = PublicPage.objects.update_or_create(
                    site=site,
                    defaults={
                        "published": True,
                        "published_at": timezone.now(),
                        "show_actions": index % 2 == 0,
                        "show_structures": True,
                    },
                )
                page.indicators.set(
                    Indicator.objects.filter(objective__vision__site=site).order_by("pk")[:1]
                )
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(_seeded_once, db):
    cache.clear()
    with time_machine.travel(DEMO_MOMENT, tick=False):
        yield


def public_urls() -> list[str]:
    urls = [reverse("public:national"), reverse("public:stats"), reverse("public:opendata")]
    urls += [
        reverse("public:opendata_file", args=[name, extension])
        for name in opendata.RESOURCES
        for extension in ("csv", "json")
    ]
    urls += [reverse("public:site", args=[pk]) for pk in Site.objects.values_list("pk", flat=True)]
    return urls


def _lines(text: str) -> list[str]:
    plain = re.sub(r"[*_#>`\[\]]|^\s*[-\d.]+\s", "", text, flags=re.MULTILINE)
    return [line.strip() for line in plain.splitlines() if len(line.strip()) >= MIN_LENGTH]


def private_texts() -> dict[str, str]:
    """Private text → what it is."""
    published_indicators = set(
        Indicator.objects.filter(public_pages__published=True).values_list("name", flat=True)
    )
    shown_actions = set(
        Action.objects.filter(site__public_page__show_actions=True).values_list("title", flat=True)
    )
    texts = {}
    for first, last, email in Personne.objects.values_list("first_name", "last_name", "email"):
        texts[f"{first} {last}"] = "nom d'une personne"
        if email:
            texts[email] = "e-mail d'une personne"
    for first, last, email in User.objects.values_list("first_name", "last_name", "email"):
        if first and last:
            texts[f"{first} {last}"] = "nom d'un compte"
        texts[email] = "e-mail d'un compte"
    for minutes in Meeting.objects.exclude(minutes="").values_list("minutes", flat=True):
        texts |= dict.fromkeys(_lines(minutes), "compte rendu")
    for text in Decision.objects.values_list("text", flat=True):
        texts |= dict.fromkeys(_lines(text), "décision")
    for text in Commitment.objects.values_list("text", flat=True):
        texts |= dict.fromkeys(_lines(text), "engagement")
    for text in Measurement.objects.exclude(comment="").values_list("comment", flat=True):
        texts |= dict.fromkeys(_lines(text), "commentaire de mesure")
    for text in Vision.objects.filter(versions__isnull=True).values_list("statement", flat=True):
        texts |= dict.fromkeys(_lines(text), "vision non adoptée")
    for name in Indicator.objects.values_list("name", flat=True):
        if name not in published_indicators:
            texts[name] = "indicateur non publié"
    for title in Action.objects.values_list("title", flat=True):
        if title not in shown_actions:
            texts[title] = "action non publiée"
    return {text: kind for text, kind in texts.items() if len(text) >= MIN_LENGTH}


def test_no_public_url_shows_anything_private(demo):
    texts = private_texts()
    kinds = set(texts.values())
    assert {"nom d'une personne", "compte rendu", "engagement", "indicateur non publié"} <= kinds
    client = client_for(None)
    for url in public_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        leaks = [(kind, text) for text, kind in texts.items() if text in body]
        assert not leaks, f"{url} montre {leaks[:5]}"


def test_an_unpublished_page_is_not_found(demo):
    site = Site.objects.order_by("pk").first()
    PublicPage.objects.filter(site=site).update(published=False)
    assert client_for(None).get(reverse("public:site", args=[site.pk])).status_code == 404
