"""Preferences in the account area, and the one-click unsubscribe link of every e-mail."""

import re

import pytest
from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications import tokens
from notifications.enums import Delivery, ReminderStatus
from notifications.models import NotificationPreference, Reminder
from notifications.services import reminders_sweep
from tests import factories
from tests.conftest import client_for
from tests.notifications.conftest import addressees, mails, paris

pytestmark = pytest.mark.django_db

# The kinds besides the digest and « site sans activité », left as they are by default.
ALL_DEFAULTS = {
    "decision_a_revoir": Delivery.IMMEDIATE,
    "engagement_en_retard": Delivery.IMMEDIATE,
    "engagement_echeance": Delivery.IMMEDIATE,
    "mesure_attendue": Delivery.DIGEST,
    "proposition_nouvelle": Delivery.IMMEDIATE,
    "proposition_cloture": Delivery.IMMEDIATE,
    "reunion_prochaine": Delivery.IMMEDIATE,
}


def test_defaults_are_digest_first(chef):
    form = client_for(chef).get(reverse("notifications:preferences")).context["form"]
    # The digest first, then by label.
    assert list(form.fields) == [
        "resume_hebdomadaire",
        "decision_a_revoir",
        "engagement_en_retard",
        "engagement_echeance",
        "mesure_attendue",
        "proposition_nouvelle",
        "proposition_cloture",
        "reunion_prochaine",
        "site_inactif",
    ]
    assert form["resume_hebdomadaire"].initial == Delivery.IMMEDIATE  # « le recevoir »
    assert form["site_inactif"].initial == Delivery.DIGEST
    assert form["mesure_attendue"].initial == Delivery.DIGEST
    # Kinds whose timing matters come at once by default.
    assert form["reunion_prochaine"].initial == Delivery.IMMEDIATE
    assert form["engagement_echeance"].initial == Delivery.IMMEDIATE


def test_only_the_kinds_that_can_reach_someone_are_offered(member_a):
    form = client_for(member_a).get(reverse("notifications:preferences")).context["form"]
    assert "site_inactif" not in form.fields  # for the national roles and centres
    assert {"resume_hebdomadaire", "reunion_prochaine", "mesure_attendue"} <= set(form.fields)


def test_saving_preferences(chef):
    client = client_for(chef)
    response = client.post(
        reverse("notifications:preferences"),
        {**ALL_DEFAULTS, "resume_hebdomadaire": "desactive", "site_inactif": Delivery.IMMEDIATE},
        follow=True,
    )
    assert "Vos préférences de notification sont enregistrées." in response.content.decode()
    saved = {p.kind: (p.enabled, p.delivery) for p in chef.notification_preferences.all()}
    assert saved["resume_hebdomadaire"][0] is False
    assert saved["site_inactif"] == (True, Delivery.IMMEDIATE)
    form = client.get(reverse("notifications:preferences")).context["form"]
    assert form["resume_hebdomadaire"].initial == "desactive"
    assert form["site_inactif"].initial == Delivery.IMMEDIATE


def test_a_bad_choice_re_renders_with_a_french_error_and_saves_nothing(chef):
    response = client_for(chef).post(
        reverse("notifications:preferences"),
        {"resume_hebdomadaire": "tous-les-jours", "site_inactif": Delivery.DIGEST},
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def unsubscribe_url_of(message) -> str:
    return re.fullmatch(r"<(.+)>", message.extra_headers["List-Unsubscribe"]).group(1)


def test_the_email_link_works_without_login_and_turns_that_kind_off(quiet, clock, immediate):
    clock.move_to(paris(2026, 3, 6, 9, 0))
    reminders_sweep()
    message = next(m for m in mails("site_inactif") if m.to == ["chef@anct.gouv.fr"])
    path = unsubscribe_url_of(message).removeprefix("http://127.0.0.1:8000")
    anonymous = Client(enforce_csrf_checks=True)
    with CaptureQueriesContext(connection) as captured:
        page = anonymous.get(path)
    assert page.status_code == 200
    assert "Ne plus recevoir « Site sans activité »" in page.content.decode()
    assert "chef@anct.gouv.fr" in page.content.decode()
    assert not [q for q in captured if q["sql"].upper().startswith(("INSERT", "UPDATE"))]
    assert not NotificationPreference.objects.exists()  # GET only asks
    done = anonymous.post(path)
    assert done.status_code == 200
    assert "vous ne recevrez plus « Site sans activité »" in done.content.decode()
    pref = NotificationPreference.objects.get(user=quiet["chef_a"], kind="site_inactif")
    assert pref.enabled is False
    # The next period of silence reaches everybody else, not them.
    clock.move_to(paris(2026, 5, 5, 9, 0))
    reminders_sweep()
    assert addressees("site_inactif").count("chef@anct.gouv.fr") == 1
    assert addressees("site_inactif").count("centre@irev.fr") == 2


def test_one_click_post_from_a_mail_client_rfc_8058(chef):
    url = tokens.unsubscribe_url(kind="resume_hebdomadaire", user=chef)
    response = Client(enforce_csrf_checks=True).post(
        url.removeprefix("http://127.0.0.1:8000"),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not NotificationPreference.objects.get(user=chef, kind="resume_hebdomadaire").enabled


def test_pending_reminders_of_that_kind_are_dropped(quiet, clock):
    clock.move_to(paris(2026, 3, 6, 9, 0))
    reminders_sweep()  # waiting for Monday's digest
    url = tokens.unsubscribe_url(kind="site_inactif", user=quiet["chef_a"])
    Client().post(url.removeprefix("http://127.0.0.1:8000"))
    row = Reminder.objects.get(kind="site_inactif", user=quiet["chef_a"])
    assert row.status == ReminderStatus.CANCELLED


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # signature
        lambda token: signing.dumps({"k": "site_inactif", "u": 1}, salt="autre"),  # salt
        lambda token: "n-importe-quoi",
    ],
    ids=["signature", "autre-sel", "charabia"],
)
def test_a_tampered_link_is_rejected_and_changes_nothing(chef, tamper):
    token = tokens.make_token(kind="site_inactif", user=chef)
    path = reverse("notifications:unsubscribe", args=[tamper(token)])
    for method in ("get", "post"):
        response = getattr(Client(), method)(path)
        assert response.status_code == 400
        assert "Ce lien de désabonnement n'est pas valide" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_the_token_cannot_be_turned_against_someone_else(chef, member_a):
    # Changing the user in the payload breaks the signature.
    token = tokens.make_token(kind="site_inactif", user=chef)
    _payload, _sep, signature = token.partition(":")
    forged = signing.dumps({"k": "site_inactif", "u": member_a.pk}, salt=tokens.SALT)
    forged = forged.partition(":")[0] + ":" + signature
    assert Client().post(reverse("notifications:unsubscribe", args=[forged])).status_code == 400
    assert not NotificationPreference.objects.exists()


def test_a_person_without_account_can_unsubscribe(db):
    personne = factories.PersonneFactory()
    url = tokens.unsubscribe_url(kind="site_inactif", personne=personne)
    page = Client().post(url.removeprefix("http://127.0.0.1:8000")).content.decode()
    assert "vos préférences de notification" not in page  # no account to go to
    pref = NotificationPreference.objects.get(personne=personne)
    assert (pref.kind, pref.enabled, pref.user) == ("site_inactif", False, None)
