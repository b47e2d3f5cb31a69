"""Every domain model keeps a journal of changes, shown as « Historique »."""

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.urls import reverse

from tests.conftest import client_for

pytestmark = pytest.mark.django_db

DOMAIN_APPS = ["accounts", "quartiers", "visions", "cercles", "cooperation", "notifications"]
# Rows that are themselves a log, or secrets: journaling them adds nothing.
NOT_JOURNALED = {
    "accounts.Invitation",
    "notifications.Reminder",
    "notifications.Notification",
    "quartiers.SiteEvent",
    # Derived figures, recomputed from the journaled rows.
    "cooperation.NetworkSnapshot",
}


def test_every_domain_model_is_journaled():
    missing = [
        model._meta.label
        for app in DOMAIN_APPS
        for model in apps.get_app_config(app).get_models()
        if not auditlog.contains(model) and model._meta.label not in NOT_JOURNALED
    ]
    assert not missing, f"Models without a change journal: {missing}"


def test_an_edit_shows_who_changed_what_in_the_history(site_a, member_a):
    client = client_for(member_a)
    client.post(
        reverse("quartiers:site_edit", args=[site_a.pk]),
        {
            "name": "Montreynaud — nouveau nom",
            "quartiers": ",".join(q.code for q in site_a.quartiers.all()),
            "programme": site_a.programme,
            "cohort": site_a.cohort_id,
        },
    )
    entry = LogEntry.objects.get_for_object(site_a).get(actor=member_a)
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.changes_dict["name"] == ["Site A — Montreynaud", "Montreynaud — nouveau nom"]
    page = client.get(site_a.get_absolute_url()).content.decode()
    history = page[page.index('id="historique"') :]
    assert str(member_a) in history
    assert "Site A — Montreynaud → Montreynaud — nouveau nom" in history


def test_the_password_is_never_journaled(member_a):
    member_a.set_password("un autre mot de passe")
    member_a.save()
    for entry in LogEntry.objects.get_for_object(member_a):
        assert "password" not in (entry.changes_dict or {})
