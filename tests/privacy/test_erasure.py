"""Erasure by anonymisation in place: no trace of the name or e-mail anywhere in the
database, history included; aggregates (memberships, attendance, mandates) survive."""

import json

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection, models
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.enums import Role
from accounts.models import ApiToken, Invitation
from cercles import services as cercles_services
from cercles.models import Attendance, CercleMember
from notifications.models import Notification, NotificationPreference, Reminder
from privacy.models import Erasure
from privacy.services import person_anonymise, person_export
from qic.models import SubmissionClaim
from recherche.models import SearchEntry
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

FIRST, LAST = "Ophelie", "Zyxwortha"
EMAIL = "ophelie.zyxwortha@exemple-collectivite.fr"
PHONE = "06 12 34 56 78"
NEEDLES = [f"{FIRST} {LAST}", LAST, EMAIL, PHONE]


def text_columns():
    """Every text-like column of every table Django manages (history, axes, sessions…)."""
    for model in apps.get_models():
        if not model._meta.managed or model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField | models.JSONField):
                yield model._meta.db_table, field.column


def traces(needles):
    """(table, column, needle) for every cell that contains a needle, in raw SQL."""
    found = []
    with connection.cursor() as cursor:
        for table, column in text_columns():
            for needle in needles:
                for spelling in {needle, json.dumps(needle)[1:-1]}:
                    cursor.execute(
                        f'SELECT COUNT(*) FROM "{table}" WHERE LOWER(CAST("{column}" AS TEXT)) '
                        "LIKE %s",
                        [f"%{spelling.lower()}%"],
                    )
                    if cursor.fetchone()[0]:
                        found.append((table, column, needle))
    return found


@pytest.fixture
def person_everywhere(site_a, admin_user, member_b, settings):
    """A member of site A with an account and a trace in every corner of the database."""
    user = factories.UserFactory(email=EMAIL, first_name=FIRST, last_name=LAST, role=Role.MEMBRE)
    factories.SiteAccessFactory(site=site_a, user=user, granted_by=admin_user)
    with set_actor(admin_user):
        personne = factories.PersonneFactory(
            first_name=FIRST, last_name=LAST, email=EMAIL, phone=PHONE, user=user
        )
        personne.function = "Cheffe de projet politique de la ville"
        personne.save()
        personne.sites.add(site_a)
        factories.TrinomeMandateFactory(site=site_a, personne=personne)
        cercle = factories.CercleFactory(site=site_a)
        member = factories.CercleMemberFactory(cercle=cercle, personne=personne)
        meeting = factories.MeetingFactory(cercle=cercle)
        factories.AttendanceFactory(meeting=meeting, member=member)
        factories.CommitmentFactory(meeting=meeting, owner=personne)
    # What the person did themselves: journaled with their e-mail as the author.
    with set_actor(user):
        site_a.description = "Présentation relue."
        site_a.save()
        factories.MeasurementFactory(entered_by=user)
    # Secrets and sessions.
    ApiToken.issue(user=user, name="Tableau Grist")
    cercles_services.calendar_token_regenerate(user=user)
    TOTPDevice.objects.create(user=user, name=f"Téléphone de {FIRST} {LAST}")
    Invitation.issue(user=user, invited_by=admin_user)
    client_for(user).get("/")
    # A failed log-in under their address (django-axes keeps it).
    settings.AXES_ENABLED = True
    client_for(None).post(reverse("accounts:login"), {"username": EMAIL, "password": "pas le bon"})
    settings.AXES_ENABLED = False
    # Notifications and reminders: theirs, and someone else's that names them.
    Notification.objects.create(user=user, kind="test", message="Bonjour", url="/")
    Notification.objects.create(
        user=member_b, kind="test", message=f"{FIRST} {LAST} a rejoint le cercle", url="/"
    )
    from django.contrib.contenttypes.models import ContentType

    Reminder.objects.create(
        kind="test",
        content_type=ContentType.objects.get_for_model(personne),
        object_id=personne.pk,
        object_repr=str(personne),
        personne=personne,
        email=EMAIL,
        occurrence="1",
        data={"texte": f"Rappel pour {FIRST} {LAST}"},
    )
    NotificationPreference.objects.create(user=user, kind="test")
    # An API answer kept to replay an Idempotency-Key: someone else's, that names them.
    SubmissionClaim.objects.create(
        user=admin_user,
        key="api:engagement-1",
        fingerprint="0" * 64,
        status_code=201,
        body=json.dumps({"owner": {"name": f"{FIRST} {LAST}", "email": EMAIL}}),
    )
    return personne


def test_the_fixture_leaves_traces_everywhere(person_everywhere):
    tables = {table for table, _, _ in traces(NEEDLES)}
    for expected in [
        "accounts_user",
        "quartiers_personne",
        "auditlog_logentry",
        "axes_accessattempt",
        "notifications_notification",
        "notifications_reminder",
        "otp_totp_totpdevice",
        "qic_submissionclaim",
    ]:
        assert expected in tables, expected


def test_an_erased_person_leaves_no_trace_in_any_table(person_everywhere, admin_user):
    personne = person_everywhere
    user = personne.user
    members_before = CercleMember.objects.count()
    attendance_before = Attendance.objects.count()

    person_anonymise(personne=personne, by=admin_user)

    assert traces(NEEDLES) == []
    # Aggregates survive, nameless.
    assert CercleMember.objects.count() == members_before
    assert Attendance.objects.count() == attendance_before
    personne.refresh_from_db()
    assert personne.trinome_mandates.count() == 1
    assert personne.commitments.count() == 1
    # The account can never be used again.
    user.refresh_from_db()
    assert not user.is_active and not user.has_usable_password()
    assert not ApiToken.objects.filter(user=user).exists()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not any(
        s.get_decoded().get("_auth_user_id") == str(user.pk) for s in Session.objects.all()
    )
    assert Erasure.objects.filter(object_id=personne.pk, subject="personne").exists()
    # The journal says it happened, without the old values.
    last = LogEntry.objects.get_for_object(personne).order_by("-timestamp", "-pk").first()
    assert last.actor == admin_user and last.changes_dict["last_name"][0] == "[anonymisé]"


def test_the_admin_page_exports_then_anonymises(person_everywhere, admin_user):
    personne = person_everywhere
    client = client_for(admin_user)
    export = client.get(reverse("privacy:personne_export", args=[personne.pk]))
    assert export["Content-Disposition"].startswith("attachment")
    data = json.loads(export.content)
    assert data["personne"]["email"] == EMAIL
    assert data["compte"]["email"] == EMAIL
    assert "password" not in data["compte"]
    assert any("CercleMember" in key for key in data["personne_liens"])
    assert data["compte_historique_et_actions"]

    page = client.get(reverse("privacy:personne_anonymise", args=[personne.pk]))
    assert "définitif" in page.content.decode()
    response = client.post(reverse("privacy:personne_anonymise", args=[personne.pk]))
    assert response.status_code == 302
    assert traces(NEEDLES) == []


def test_the_export_command_writes_json(person_everywhere, tmp_path):
    out = tmp_path / "export.json"
    call_command("export_person", email=EMAIL.upper(), output=str(out))
    data = json.loads(out.read_text())
    assert data["compte"]["last_name"] == LAST
    assert data["personne"]["phone"] == PHONE


def test_the_anonymise_command(person_everywhere):
    call_command("anonymise_person", personne=person_everywhere.pk, oui=True)
    assert traces(NEEDLES) == []


def test_the_export_holds_file_names_not_files(person_everywhere, admin_user, site_a):
    user = person_everywhere.user
    factories.MeetingDocumentFactory(uploaded_by=user, meeting__cercle__site=site_a)
    export = client_for(admin_user).get(reverse("privacy:user_export", args=[user.pk]))
    documents = json.loads(export.content)["compte_liens"]["cercles.MeetingDocument.uploaded_by"]
    assert documents[0]["file"].startswith("cercles/")


def test_export_of_a_contact_without_account(site_a):
    personne = factories.PersonneFactory(first_name="Jean", last_name="Sans-Compte")
    data = person_export(personne=personne)
    assert "compte" not in data and data["personne"]["last_name"] == "Sans-Compte"


def test_free_texts_that_name_the_person_are_listed_for_rereading(
    person_everywhere, admin_user, site_a
):
    meeting = factories.MeetingFactory(
        cercle__site=site_a, minutes=f"Tour de table : {FIRST} {LAST} présente le projet."
    )
    url = reverse("privacy:personne_anonymise", args=[person_everywhere.pk])
    page = client_for(admin_user).get(url).content.decode()
    assert "Textes libres qui citent cette personne" in page
    assert reverse("cercles:meeting_detail", args=[meeting.pk]) in page
    data = person_export(personne=person_everywhere)
    assert [m["id"] for m in data["mentions_dans_les_textes_libres"]] == [meeting.pk]

    person_anonymise(personne=person_everywhere, by=admin_user)
    # Out of scope, and said so: the minutes keep the name; everything else is clean.
    # The search index holds a copy of those minutes, and of nothing else that names her.
    meeting.refresh_from_db()
    assert LAST in meeting.minutes
    assert {table for table, _, _ in traces(NEEDLES)} == {
        "cercles_meeting",
        "recherche_searchentry",
    }
    indexed = SearchEntry.objects.filter(body__icontains=LAST)
    assert [(entry.kind, entry.object_id) for entry in indexed] == [("reunions", meeting.pk)]

    # Once the minutes are reread and corrected, the index follows.
    meeting.minutes = "Tour de table : la cheffe de projet présente le projet."
    meeting.save()
    assert not SearchEntry.objects.filter(body__icontains=LAST).exists()
