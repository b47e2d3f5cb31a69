"""Every domain model keeps a journal of changes, shown as « Historique »."""

from decimal import Decimal

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.urls import reverse

from qic.history import ORIGIN_DEMO, ORIGIN_IMPORT, log_bulk_created, recorded_as
from qic.templatetags.qic import history_author, history_changes
from tests import factories
from tests.conftest import client_for
from visions.models import Indicator

pytestmark = pytest.mark.django_db

DOMAIN_APPS = [
    "accounts",
    "quartiers",
    "statistiques",
    "visions",
    "cercles",
    "financements",
    "cooperation",
    "pratiques",
    "notifications",
    "public",
    "webhooks",
]
# Rows that are themselves a log, or secrets: journaling them adds nothing.
NOT_JOURNALED = {
    "accounts.Invitation",
    "notifications.Reminder",
    "notifications.Notification",
    "quartiers.SiteEvent",
    "webhooks.Delivery",
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


def test_history_writes_numbers_the_french_way_in_the_form_order(site_a, member_a):
    """« 40 → 1 234,5 », not « 40.00 → 1234.50 »; the fields in the model's (form's) order."""
    indicator = factories.IndicatorFactory(objective__vision__site=site_a, unit="€")
    with set_actor(member_a):
        indicator.target_value = Decimal("1234.50")
        indicator.baseline_value = Decimal("19")
        indicator.name = "Revenu médian"
        indicator.save()
    entry = LogEntry.objects.get_for_object(indicator).get(action=LogEntry.Action.UPDATE)
    rows = history_changes(entry)
    labels = [label for label, _before, _after in rows]
    assert labels == sorted(labels, key=[str(f.verbose_name) for f in Indicator._meta.fields].index)
    values = {label: (before, after) for label, before, after in rows}
    assert values["valeur de référence"] == ("40", "19")
    assert values["valeur cible"] == ("50", "1\u202f234,5")


def test_history_says_what_wrote_an_entry_without_an_author(site_a, member_a):
    with recorded_as(ORIGIN_DEMO):
        structure = factories.StructureFactory(name="Centre social de démonstration")
    created = LogEntry.objects.get_for_object(structure).get()
    assert history_author(created) == "par la démonstration"
    # An import by a person: the rows written in bulk with their author.
    with recorded_as(ORIGIN_IMPORT):
        imported = factories.StructureFactory.build(name="Structure importée")
        imported.save()
        log_bulk_created([imported], actor=member_a)
    entry = LogEntry.objects.get_for_object(imported).get(actor=member_a)
    assert history_author(entry) == f"{member_a} (par import)"
    structure.name = "Centre social renommé"
    structure.save()
    assert history_author(LogEntry.objects.get_for_object(structure).latest("pk")) == (
        "traitement automatique"
    )
