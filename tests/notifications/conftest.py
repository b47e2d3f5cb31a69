"""Fixtures for reminders: a frozen clock (Europe/Paris), mails by kind, two quiet sites."""

import datetime

import pytest
from django.core import mail

from accounts.enums import Role
from cercles.enums import MeetingStatus
from notifications.enums import Delivery
from notifications.kinds.site_inactive import SiteInactive
from tests import factories
from tests.conftest import T0, paris

__all__ = ["T0", "paris"]

# The last thing that happens in the ``quiet`` world is a meeting held on each site at
# T0; with the default 60 days, the sites fall silent on Friday 6 March 2026, from 8:00
# (the send hour).
SILENT_DAY = datetime.date(2026, 3, 6)


@pytest.fixture
def immediate(monkeypatch):
    """« Site sans activité » by e-mail at once (its default is the weekly digest)."""
    monkeypatch.setattr(SiteInactive, "default_delivery", Delivery.IMMEDIATE)


def mails(kind: str | None = None) -> list:
    return [m for m in mail.outbox if kind is None or m.extra_headers.get("X-QIC-Rappel") == kind]


def addressees(kind: str) -> list[str]:
    return sorted(address for m in mails(kind) for address in m.to)


@pytest.fixture
def quiet(
    clock, site_a, site_b, chef, centre, centre_user, member_a, member_b, observer, admin_user
):
    """Sites A and B, both quiet since T0, each with its own chef de projet and centre;
    around them, people who must never receive their reminders."""
    chef_b = factories.UserFactory(email="cheffe-b@anct.gouv.fr", role=Role.CHEF_DE_PROJET)
    site_b.chef_de_projet = chef_b
    site_b.save()
    centre_b = factories.CentreFactory(name="Centre de ressources B")
    factories.AccompanimentFactory(centre=centre_b, site=site_b)
    staff_b = factories.UserFactory(email="equipe@centre-b.fr", role=Role.CENTRE)
    centre_b.members.add(staff_b)
    # A centre that accompanied site A until last summer: no longer concerned.
    former = factories.CentreFactory(name="Ancien centre")
    factories.AccompanimentFactory(
        centre=former,
        site=site_a,
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2025, 6, 30),
    )
    former_staff = factories.UserFactory(email="equipe@ancien-centre.fr", role=Role.CENTRE)
    former.members.add(former_staff)
    # A deactivated colleague in site A's centre: never written to.
    gone = factories.UserFactory(email="parti@irev.fr", role=Role.CENTRE, is_active=False)
    centre.members.add(gone)
    for site in (site_a, site_b):  # the last activity of both
        factories.MeetingFactory(cercle__site=site, starts_at=T0, status=MeetingStatus.TENUE)
    return {
        "site_a": site_a,
        "site_b": site_b,
        "chef_a": chef,
        "centre_a": centre_user,
        "chef_b": chef_b,
        "centre_b": staff_b,
    }
