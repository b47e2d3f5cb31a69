"""seed_demo: a believable demo, idempotent, with one account per role."""

import datetime
import io

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.management import call_command
from django.urls import reverse

from accounts.enums import Role
from accounts.models import User
from cercles import models as cercles_models
from cercles.enums import CercleKind, CommitmentStatus, MeetingStatus
from demo import data
from quartiers.enums import Programme, SiteStatus
from quartiers.models import Accompaniment, Cohort, Quartier, Site, TrinomeMandate
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


def counts():
    return (
        Site.objects.count(),
        Quartier.objects.count(),
        TrinomeMandate.objects.count(),
        Accompaniment.objects.count(),
        User.objects.count(),
        LogEntry.objects.count(),
        *(
            model.objects.count()
            for model in (
                cercles_models.Cercle,
                cercles_models.CercleMember,
                cercles_models.Meeting,
                cercles_models.AgendaItem,
                cercles_models.Attendance,
                cercles_models.Decision,
                cercles_models.Commitment,
            )
        ),
    )


def test_seed_demo_is_idempotent(demo):
    before = counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == before


def test_demo_covers_every_status_both_programmes_and_multi_commune_qpv(demo):
    assert 10 <= Site.objects.count() <= 15
    assert set(Site.objects.values_list("status", flat=True)) == set(SiteStatus.values)
    assert set(Site.objects.values_list("programme", flat=True)) == set(Programme.values)
    assert Quartier.objects.filter(name__contains="fictif").count() == Quartier.objects.count()
    assert any(q.communes.count() > 1 for q in Quartier.objects.all())
    assert Cohort.objects.filter(sessions__isnull=False).exists()
    running = Site.objects.exclude(status__in=[SiteStatus.SORTI, SiteStatus.SUSPENDU])
    for site in running:
        seats = site.trinome_mandates.filter(end_date__isnull=True).values_list("seat", flat=True)
        assert len(set(seats)) == 3, f"{site} has an incomplete trinôme"


def test_the_printed_accounts_log_in_with_the_printed_password(demo, capsys):
    call_command("seed_demo")
    printed = capsys.readouterr().out
    assert data.DEMO_PASSWORD in printed
    roles_seen = set()
    for email in data.USERS:
        assert email in printed
        client = client_for(None)
        assert client.login(username=email, password=data.DEMO_PASSWORD), email
        assert client.get(reverse("home")).status_code == 200
        roles_seen.add(User.objects.get(email=email).role)
    assert roles_seen == set(Role.values)


def test_each_demo_role_sees_what_its_role_allows(demo):
    expected = {
        "admin@qic.demo": Site.objects.count(),
        "chef@qic.demo": Site.objects.count(),
        "membre@qic.demo": 2,
        "centre@qic.demo": 3,
        "observateur@qic.demo": 2,
    }
    for email, visible in expected.items():
        response = client_for(User.objects.get(email=email)).get(reverse("quartiers:site_list"))
        assert response.context["page_obj"].paginator.count == visible, email


def test_every_engaged_site_has_cercles_a_comite_and_a_year_of_meetings(demo):
    Meeting, Commitment = cercles_models.Meeting, cercles_models.Commitment
    for site in Site.objects.all():
        cercles = cercles_models.Cercle.objects.filter(site=site)
        if site.status == SiteStatus.REPERE:
            assert not cercles.exists(), site
            continue
        assert 1 <= cercles.filter(kind=CercleKind.CERCLE).count() <= 2, site
        assert cercles.filter(kind=CercleKind.COMITE).count() == 1, site
        cercle = cercles.filter(kind=CercleKind.CERCLE).first()
        people = set(cercle.members.values_list("pk", flat=True))
        trinome = site.trinome_mandates.filter(end_date__isnull=True).values_list(
            "personne", flat=True
        )
        assert set(trinome) <= people, f"{site}: the trinôme sits in its cercle"
        partners = cercle.members.exclude(pk__in=trinome)
        assert partners.count() >= 4
        assert all("(fictif)" in p.structure.name for p in partners.select_related("structure"))
        meetings = Meeting.objects.filter(cercle=cercle)
        assert meetings.count() >= 12  # a year, monthly
        held = meetings.filter(status=MeetingStatus.TENUE)
        assert held.exists() and all(m.minutes and m.attendances.exists() for m in held)
        assert meetings.upcoming().exclude(status=MeetingStatus.ANNULEE).exists(), site
        assert meetings.filter(status=MeetingStatus.ANNULEE).count() == 1
    decisions = cercles_models.Decision.objects.all()
    assert decisions.filter(review_on__isnull=False).exists()
    assert decisions.filter(review_on__isnull=True).exists()
    assert Commitment.objects.filter(status=CommitmentStatus.FAIT).exists()
    assert Commitment.objects.overdue().exists()
    assert Commitment.objects.open().exclude(pk__in=Commitment.objects.overdue()).exists()


def test_the_demo_site_member_finds_their_commitments_and_the_journal(demo):
    member = User.objects.get(email="membre@qic.demo")
    client = client_for(member)
    mine = client.get(reverse("cercles:my_commitments"))
    assert mine.context["page_obj"].paginator.count >= 1
    assert mine.context["commitments"][0].is_overdue, "overdue ones first"
    site = Site.objects.get(name=data.SITES[0]["name"])
    journal = client.get(reverse("cercles:site_journal", args=[site.pk]))
    assert {e.kind for e in journal.context["entries"]} >= {"reunion", "decision"}
    meeting = cercles_models.Meeting.objects.filter(
        cercle__site=site, status=MeetingStatus.TENUE
    ).last()
    assert client.get(meeting.get_absolute_url()).status_code == 200


def test_seeding_on_a_later_day_moves_the_demo_without_duplicating_it(db):
    Meeting, Commitment = cercles_models.Meeting, cercles_models.Commitment
    start = datetime.datetime(2026, 1, 20, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        call_command("seed_demo", stdout=io.StringIO())
        first = (cercles_models.Cercle.objects.count(), Meeting.objects.count())
    with time_machine.travel(start + datetime.timedelta(days=45), tick=False):
        call_command("seed_demo", stdout=io.StringIO())
        assert (cercles_models.Cercle.objects.count(), Meeting.objects.count()) == first
        assert Meeting.objects.upcoming().exclude(status=MeetingStatus.ANNULEE).exists()
        assert Commitment.objects.overdue().exists()
        future = Meeting.objects.filter(starts_at__gt=start + datetime.timedelta(days=46))
        assert not future.filter(status=MeetingStatus.TENUE).exists()
        assert not Commitment.objects.filter(meeting__in=future).exists()
