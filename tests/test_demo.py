"""seed_demo: a believable demo, idempotent, with one account per role."""

import datetime
import io

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from accounts.models import User
from cercles import models as cercles_models
from cercles.enums import CercleKind, CommitmentStatus, MeetingStatus
from demo import data
from notifications.enums import ReminderStatus
from notifications.models import Notification, Reminder
from notifications.services import reminders_sweep
from quartiers.activity import with_last_activity
from quartiers.enums import Programme, SiteStatus
from quartiers.events import rebuild
from quartiers.models import Accompaniment, Cohort, Quartier, Site, TrinomeMandate
from reports.builders.national import figures
from summaries.programme import ACTIVE_STATUSES, INACTIVE, programme_figures
from tests.conftest import client_for
from tests.standing import assert_standing_checked
from visions import models as v
from visions.enums import ActionStatus, Track, VisionStatus

pytestmark = pytest.mark.django_db


# The shared demo is seeded, and its tests run, at one frozen moment: a demo seeded just
# before midnight (Paris) and read just after would see its « due in three days » become
# « due in two days ». tests/test_demo_dates.py seeds it on other days.
DEMO_MOMENT = datetime.datetime(2026, 6, 16, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture(scope="module")
def _seeded_once(django_db_setup, django_db_blocker):
    """The demo seeded once for this module, in a transaction rolled back at its end.
    Each test runs in a savepoint inside it (pytest-django's ``db``), so what a test
    writes is gone before the next one."""
    with django_db_blocker.unblock(), transaction.atomic():
        with time_machine.travel(DEMO_MOMENT, tick=False):
            call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(_seeded_once, db):
    """The demo, the clock stopped at the moment it was seeded."""
    with time_machine.travel(DEMO_MOMENT, tick=False):
        yield


def counts():
    return (
        Site.objects.count(),
        Quartier.objects.count(),
        TrinomeMandate.objects.count(),
        Accompaniment.objects.count(),
        User.objects.count(),
        v.Vision.objects.count(),
        v.VisionVersion.objects.count(),
        v.Objective.objects.count(),
        v.Indicator.objects.count(),
        v.Measurement.objects.count(),
        v.Action.objects.count(),
        v.Milestone.objects.count(),
        v.SelfAssessment.objects.count(),
        v.TurnTheCurve.objects.count(),
        LogEntry.objects.count(),
        Reminder.objects.count(),
        Notification.objects.count(),
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
                cercles_models.Proposal,
                cercles_models.ProposalOption,
                cercles_models.ProposalAnswer,
            )
        ),
    )


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


def test_demo_has_notifications_under_the_bell_and_a_failed_reminder_to_supervise(demo):
    chef = User.objects.get(email="chef@qic.demo")
    page = client_for(chef).get(reverse("notifications:list")).content.decode()
    assert "Aucune activité enregistrée sur le site « Grenoble — Villeneuve »" in page
    assert Reminder.objects.filter(status=ReminderStatus.FAILED).count() == 1
    admin = User.objects.get(email="admin@qic.demo")
    page = client_for(admin).get(reverse("notifications:reminder_list")).content.decode()
    assert "1 rappel en échec" in page


def test_each_demo_site_has_a_vision_in_a_state_its_path_implies(demo):
    adopted_path = {SiteStatus.VISION_ADOPTEE, SiteStatus.MISE_EN_OEUVRE, SiteStatus.ESSAIMAGE}
    for site in Site.objects.select_related("vision"):
        vision = site.vision
        if site.status in adopted_path:
            assert vision.status in (VisionStatus.ADOPTEE, VisionStatus.REVISION), site
            assert vision.versions.exists(), site
            assert site.actions.count() >= 5, site
            assert set(site.actions.values_list("status", flat=True)) == set(ActionStatus.values)
        else:
            assert vision.status in (VisionStatus.BROUILLON, VisionStatus.CONCERTATION), site
            assert not vision.versions.exists(), site
    revised = v.Vision.objects.filter(versions__number=2).get()
    assert revised.status == VisionStatus.ADOPTEE
    assert list(revised.versions.values_list("horizon", flat=True)) == [2030, 2032]
    assert v.Vision.objects.filter(status=VisionStatus.REVISION).count() == 1


def test_demo_curves_turn_in_both_directions_and_some_are_overdue(demo):
    indicators = v.Indicator.objects.all()
    tracks = set(indicators.values_list("track", flat=True))
    assert {Track.EN_BONNE_VOIE, Track.EN_RETARD, Track.S_ELOIGNE} <= tracks
    assert indicators.overdue().exists()
    on_time = indicators.exclude(pk__in=indicators.overdue().values("pk"))
    assert on_time.filter(latest_date__isnull=False).exists()
    # Every stored standing is the one engine's (manage.py indicator_standing --check).
    assert_standing_checked()
    assert v.Indicator.objects.filter(name="Taux de pauvreté").exists()
    # A few years of quarterly values for the site adopted earliest.
    quarterly = v.Measurement.objects.filter(
        indicator__frequency="trimestrielle",
        indicator__objective__vision__site__name="Vaulx-en-Velin — Mas des Sources",
    )
    assert quarterly.values("indicator").distinct().count() >= 3
    assert (
        max(quarterly.values_list("date", flat=True)).year
        - min(quarterly.values_list("date", flat=True)).year
        >= 3
    )
    porteurs = v.Action.objects.values_list("porteur__name", flat=True)
    assert all("(fictif)" in name for name in porteurs)


def test_engaged_demo_sites_have_two_self_assessments(demo):
    engaged = Site.objects.filter(status_changes__status=SiteStatus.FORMATION_ACTION).distinct()
    assert engaged.exists()
    for site in engaged:
        assert site.self_assessments.count() == 2, site


def test_every_engaged_site_has_cercles_a_comite_and_a_year_of_meetings(demo):
    """A year of monthly meetings, except where the site's story says otherwise: a site
    that left the programme or paused no longer meets, a quiet one stopped months ago."""
    Meeting, Commitment = cercles_models.Meeting, cercles_models.Commitment
    quiet = {spec["name"]: spec.get("quiet_from") for spec in data.SITES}
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
        if site.status in (SiteStatus.SORTI, SiteStatus.SUSPENDU):
            assert not meetings.exists(), site
            continue
        silent_months = 1 - quiet[site.name] if quiet[site.name] else 0
        assert meetings.count() >= 12 - silent_months  # a year, monthly
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


def test_engaged_demo_sites_decide_between_meetings(demo):
    """One open proposal of each form per engaged site, and closed ones whose outcomes
    are decisions of the cercle's register."""
    Proposal = cercles_models.Proposal
    engaged = Site.objects.filter(cercles__proposals__isnull=False).distinct()
    assert engaged.count() >= 3
    for site in engaged:
        proposals = Proposal.objects.filter(cercle__site=site)
        assert set(proposals.open().values_list("form", flat=True)) == {
            "avis",
            "consentement",
            "choix",
            "date",
            "volontaires",
        }, site
        closed = proposals.closed()
        assert closed.count() >= 2
        assert all(
            p.decision and p.decision.text == p.outcome and p.decision.meeting is None
            for p in closed
        )
    assert cercles_models.ProposalAnswer.objects.exists()


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


def test_the_demo_has_reminders_of_each_kind_due_today(demo, capsys):
    """`send_reminders --dry-run` on the demo lists reminders of every cercle and
    visions kind; the site member hears of their meeting, commitment and decision."""
    call_command("send_reminders", "--dry-run")
    listed = capsys.readouterr().out
    for label in (
        "« Réunion à venir »",
        "« Engagement à échéance »",
        "« Engagement en retard »",
        "« Décision à revoir »",
        "« Mesure d'indicateur attendue »",
    ):
        assert label in listed, label
    for line in (
        "« Engagement à échéance » — Envoyer aux partenaires le bilan de l'atelier parents — "
        "à membre@qic.demo, par e-mail",
        "« Décision à revoir » — Ouvrir les ateliers du soir aux parents, à revoir après un "
        "trimestre — à membre@qic.demo, par e-mail",
    ):
        assert line in listed
    assert not Reminder.objects.exclude(occurrence="2026-01-15").exists()  # a dry run


def test_the_demo_tells_sites_apart_by_what_happened_and_chases_the_quiet_one(demo):
    """« Dernière activité » is what happened on each site, not when the demo was seeded:
    it differs between sites, a site that left shows its exit, and the site silent for
    more than 60 days is in « à relancer », gets the reminder and is counted by the
    national report."""
    last = dict(with_last_activity(Site.objects.all()).values_list("name", "last_activity"))
    assert len(set(last.values())) >= len(last) - 3
    assert all(moment < timezone.now() - datetime.timedelta(hours=12) for moment in last.values())
    left = Site.objects.get(status=SiteStatus.SORTI)
    assert timezone.localdate(last[left.name]) == left.status_changes.last().date
    quiet = "Grenoble — Villeneuve"
    sixty_days_ago = timezone.now() - datetime.timedelta(days=60)
    assert last[quiet] < sixty_days_ago
    assert all(
        moment >= sixty_days_ago
        for name, moment in last.items()
        if name != quiet and Site.objects.get(name=name).status in ACTIVE_STATUSES
    )

    admin = User.objects.get(email="admin@qic.demo")
    chased = {line.name: line for line in programme_figures(Site.objects.for_user(admin)).chase}
    assert INACTIVE in {reason.kind for reason in chased[quiet].reasons}

    reminders_sweep()
    noted = Reminder.objects.filter(kind="site_inactif", object_id=Site.objects.get(name=quiet).pk)
    assert timezone.localdate(last[quiet]).isoformat() in {r.data["last_activity"] for r in noted}

    sites = Site.objects.all()
    counted = figures(sites, programme_figures(sites), sixty_days_ago)
    assert counted["inactive"] == sum(moment < sixty_days_ago for moment in last.values()) >= 1

    assert rebuild(check=True) == [], "the demo's paths wrote every event"


def test_the_demo_shares_practices_a_library_and_two_templates(demo):
    from pratiques.models import Practice, PracticeAdoption

    assert v.VisionTemplate.objects.count() == 2
    assert v.IndicatorDefinition.objects.count() == 10
    assert (
        v.Indicator.objects.filter(definition__isnull=False).values("definition").distinct().count()
        >= 5
    )
    published = Practice.objects.published()
    assert published.values("site").distinct().count() >= 2
    adoption = PracticeAdoption.objects.get()
    assert adoption.action.site == adoption.site != adoption.practice.site
    # Member of Roubaix reads the other sites' published practices, not their drafts.
    member = User.objects.get(email="membre.roubaix@qic.demo")
    visible = Practice.objects.for_user(member)
    assert set(visible) >= set(published)
    assert not visible.exclude(status="publiee").exclude(site__accesses__user=member).exists()


def test_the_demo_funds_engaged_sites_and_one_ran_an_appel_a_vision(demo):
    from financements.models import Call, FundingLine

    engaged = Site.objects.filter(vision__status__in=[VisionStatus.ADOPTEE, VisionStatus.REVISION])
    funded = set(FundingLine.objects.values_list("action__site", flat=True))
    assert set(engaged.values_list("pk", flat=True)) <= funded
    call = Call.objects.get()
    assert call.closes_on.year == timezone.localdate().year - 1
    decisions = set(call.proposals.values_list("decision", flat=True))
    assert {"retenue", "retenue_sous_conditions", "ajournee", "non_retenue"} == decisions
    retained = call.proposals.filter(action__isnull=False)
    assert retained.count() == 2
    assert all(p.action.funding_lines.granted().exists() for p in retained)
    assert all(p.reviews.count() == 2 for p in call.proposals.all())
    admin = User.objects.get(email="admin@qic.demo")
    page = client_for(admin).get(reverse("financements:call_detail", args=[call.pk]))
    assert "Parents et école, ensemble le soir" in page.content.decode()


def test_demo_networks_grow_and_cooperation_indicators_have_curves(demo):
    from cooperation.metrics import site_metrics
    from cooperation.models import Link
    from cooperation.network import build_network
    from visions.enums import IndicatorFamily

    cooperation = v.Indicator.objects.filter(family=IndicatorFamily.COOPERATION)
    assert cooperation.exists()
    curved = [i for i in cooperation if i.measurements.count() >= 4]
    assert curved, "cooperation indicators have quarterly values"
    site = Link.objects.order_by("site__name").first().site
    today = timezone.localdate()
    now = build_network(site, today)
    before = build_network(site, today - datetime.timedelta(days=730))
    assert len(now.edges) > len(before.edges)
    fields = {node.field for node in now.nodes.values()}
    assert len(fields) >= 5
    assert site_metrics(site)["bridges"]
