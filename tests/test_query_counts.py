"""Every list and detail page runs a pinned number of queries that does not grow with data.

Each page is measured on a small world, then again after the world has grown (more sites,
more QPV, more people, more history on the very objects shown): both counts must equal
the one pinned in tests/query_counts.json. The world is built once for the module and
grown once, between the two tests (the small world's come first in the file).
"""

import datetime
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from cercles import answer_links
from cercles import services as cercles_services
from cercles.enums import CommitmentStatus, MeetingStatus, ProposalForm
from notifications import tokens
from notifications.enums import Delivery, ReminderStatus
from notifications.models import Notification, NotificationPreference, Reminder
from notifications.services import reminders_sweep
from qic.jobs import registered_jobs
from qic.models import JobHeartbeat
from quartiers.enums import SiteStatus, TrinomeSeat
from tests import factories
from tests.conftest import client_for, small, small_and_grown_worlds
from visions.models import VisionVersion

pytestmark = pytest.mark.django_db


def _small(cast):
    JobHeartbeat.objects.update(registered_at=timezone.now())  # see ``jobs_on_time``
    return build_world(cast.site_a, cast.personas, cast.centre)


def build_world(site_a, personas, centre):
    """The objects the pages of the budget show (shared with the API's budget)."""
    session = factories.FormationSessionFactory(cohort=site_a.cohort)
    session.sites_present.add(site_a)
    mandate = factories.TrinomeMandateFactory(site=site_a)
    _grow_notifications({"site": site_a}, personas, index=99)
    cercle = factories.CercleFactory(site=site_a)
    me = factories.PersonneFactory(user=personas["member_a"], sites=[site_a])
    member = factories.CercleMemberFactory(cercle=cercle, personne=me)
    meeting = factories.MeetingFactory(
        cercle=cercle, status=MeetingStatus.TENUE, minutes="**Bien.**"
    )
    factories.AgendaItemFactory(meeting=meeting)
    factories.AttendanceFactory(meeting=meeting, member=member)
    factories.DecisionFactory(meeting=meeting, review_on=datetime.date(2025, 4, 1))
    factories.CommitmentFactory(meeting=meeting, owner=me)
    factories.MeetingDocumentFactory(meeting=meeting)
    upcoming = factories.MeetingFactory(cercle=cercle, starts_at=factories.paris(2099, 2, 1))
    token = cercles_services.calendar_token_regenerate(user=personas["member_a"])
    vision = factories.VisionFactory(site=site_a)
    indicator = factories.IndicatorFactory(objective__vision=vision)
    factories.MeasurementFactory(indicator=indicator)
    factories.ActionFactory(site=site_a)
    factories.PublicPageFactory(
        site=site_a, show_actions=True, show_structures=True, indicators=[indicator]
    )
    factories.DeliveryFactory(subscriber=factories.SubscriberFactory(sites=[site_a], active=False))
    proposal = factories.ProposalFactory(cercle=cercle, form=ProposalForm.DATE)
    option = factories.ProposalOptionFactory(
        proposal=proposal, label="", starts_at=factories.paris(2099, 3, 1, 18)
    )
    factories.ProposalOptionFactory(proposal=proposal)
    factories.ProposalAnswerFactory(proposal=proposal, member=member, option=option, value="oui")
    consent = factories.ProposalFactory(cercle=cercle)
    answer_token = answer_links.make_token(member=member, proposal=consent, value="d_accord")
    return {
        "cercle": cercle,
        "link": factories.LinkFactory(site=site_a),
        "proposal": proposal,
        "answer_link": SimpleNamespace(token=answer_token),
        "upcoming": upcoming,
        "own_member": member,
        "reply_link": SimpleNamespace(
            token=answer_links.make_reply_token(member=member, meeting=meeting, answer="viendra")
        ),
        "option": option,
        "meeting": meeting,
        "me": me,
        "calendar": SimpleNamespace(token=token),
        "site": site_a,
        "quartier": site_a.quartiers.first(),
        "personne": mandate.personne,
        "structure": mandate.structure,
        "centre": centre,
        "accompaniment": centre.accompaniments.get(),
        "cohort": site_a.cohort,
        "user": personas["member_a"],
        "unsubscribe": SimpleNamespace(
            token=tokens.make_token(kind="site_inactif", user=personas["chef"])
        ),
    }


def _grow_notifications(world, personas, index):
    """Notifications, reminders and heartbeats: on every page the bell counts."""
    for user in personas.values():
        if user is not None:
            Notification.objects.create(
                user=user, kind="site_inactif", message=f"Notification {index}", url="/"
            )
    Reminder.objects.create(
        kind="site_inactif",
        target=world["site"],
        object_repr=str(world["site"]),
        user=personas["chef"],
        email=personas["chef"].email,
        occurrence=f"occurrence-{index}",
        status=[ReminderStatus.SENT, ReminderStatus.FAILED][index % 2],
        delivery=Delivery.IMMEDIATE,
    )
    NotificationPreference.objects.update_or_create(
        user=factories.UserFactory(), kind="site_inactif", defaults={"enabled": False}
    )
    for job in registered_jobs():
        JobHeartbeat.objects.update_or_create(
            name=job.name, defaults={"last_succeeded_at": timezone.now()}
        )


def grow(world, personas, size=10):
    """Add ``size`` of everything, around and on the objects the pages show."""
    site = world["site"]
    for index in range(size):
        other = factories.SiteFactory(cohort=world["cohort"])
        factories.SiteAccessFactory(site=other, user=personas["member_a"])
        factories.SiteAccessFactory(site=other, user=personas["observer"])
        other.chef_de_projet = personas["chef"]
        other.save()
        factories.AccompanimentFactory(site=other, centre=world["centre"])
        factories.TrinomeMandateFactory(site=other, structure=world["structure"])
        factories.PersonneFactory(sites=[site, other], structure=world["structure"])
        site.quartiers.add(factories.QuartierFactory())
        _grow_statistics(site, index)
        world["quartier"].communes.add(factories.CommuneFactory())
        factories.SiteStatusChangeFactory(
            site=site, status=SiteStatus.CANDIDAT, date=datetime.date(2025, 1, 1 + index)
        )
        factories.TrinomeMandateFactory(
            site=site,
            seat=TrinomeSeat.COLLECTIVITE,
            structure=factories.StructureFactory(kind="collectivite"),
            start_date=datetime.date(2010 + index, 1, 1),
            end_date=datetime.date(2010 + index, 12, 31),
        )
        session = factories.FormationSessionFactory(
            cohort=world["cohort"], date=datetime.date(2024, 1, 1 + index)
        )
        session.sites_present.add(site, other)
        factories.UserFactory()
        factories.InterventionFactory(
            accompaniment=world["accompaniment"], created_by=personas["centre_user"]
        )
        factories.SiteFollowUpFactory(site=site, created_by=personas["chef"])
        site.name = f"{site.name} ({index})"  # one more history entry on the page's object
        site.save()
        _grow_notifications(world, personas, index)
        _grow_cercles(world, index)
        factories.DeliveryFactory(
            subscriber=factories.SubscriberFactory(sites=[other], active=False)
        )
    reminders_sweep()  # digests and their rows, as in real life


def _grow_statistics(site, index):
    """Official values (and their benchmark) for every QPV of the site, two vintages."""
    variable = factories.VariableFactory(code=f"DISP_VAR{index}")
    for vintage in (2020, 2021):
        factories.StatValueFactory(
            quartier=None, is_benchmark=True, variable=variable, vintage=vintage
        )
        for quartier in site.quartiers.all():
            factories.StatValueFactory(quartier=quartier, variable=variable, vintage=vintage)
    factories.StatImportFactory(source=factories.StatSourceFactory(file_name=f"f{index}.zip"))


def _grow_cercles(world, index):
    """More cercles, members, meetings and what they produce, on the objects shown."""
    site, cercle, meeting = world["site"], world["cercle"], world["meeting"]
    # What the visions app adds to the journal and the cercle page: objectives carried,
    # commitments tied to actions, measurements on several days.
    vision = getattr(site, "vision", None) or factories.VisionFactory(site=site)
    VisionVersion.objects.create(
        vision=vision,
        number=index + 1,
        statement=f"Version {index + 1}.",
        horizon=2030,
        adopted_on=datetime.date(2024, 1, 1 + index),
        adopted_by="comité de pilotage",
    )
    objective = factories.ObjectiveFactory(vision=vision)
    cercle.objectives.add(objective)
    indicator = factories.IndicatorFactory(objective=objective)
    factories.MeasurementFactory(indicator=indicator, date=datetime.date(2025, 6, 1 + index))
    action = factories.ActionFactory(site=site)
    action.partners.add(factories.StructureFactory(), factories.StructureFactory())
    factories.LinkFactory(site=site, source=action.porteur or factories.StructureFactory())
    other = factories.CercleFactory(site=site)
    factories.CercleMemberFactory(cercle=other)
    factories.MeetingFactory(cercle=other, starts_at=factories.paris(2099, 1, 1 + index))
    factories.CommitmentFactory(
        meeting=meeting, owner=world["me"], due_on=datetime.date(2030, 1, 1), action=action
    )
    member = factories.CercleMemberFactory(cercle=cercle)
    factories.AttendanceFactory(meeting=meeting, member=member)
    factories.MeetingReplyFactory(meeting=world["upcoming"], member=member)
    factories.ProposalAnswerFactory(
        proposal=world["proposal"], member=member, option=world["option"], value="si_besoin"
    )
    factories.ProposalOptionFactory(proposal=world["proposal"])
    factories.ProposalAnswerFactory(
        proposal=factories.ProposalFactory(cercle=cercle), member=world["own_member"]
    )
    factories.AgendaItemFactory(meeting=meeting)
    factories.DecisionFactory(meeting=meeting, review_on=datetime.date(2025, 4, 1))
    factories.CommitmentFactory(
        meeting=meeting,
        owner=member.personne,
        status=CommitmentStatus.FAIT,
        done_on=datetime.date(2025, 4, 1 + index),
    )
    factories.MeetingDocumentFactory(meeting=meeting)
    for day in (index + 1, index + 15):
        factories.MeetingFactory(
            cercle=cercle,
            starts_at=factories.paris(2025 if day < 15 else 2099, 5, day),
            status=MeetingStatus.TENUE if day < 15 else MeetingStatus.PREVUE,
        )
    cercle.name = f"{cercle.name} ({index})"  # more history on the pages' objects
    cercle.save()
    meeting.place = f"Salle {index}"
    meeting.save()


world, grown_world = small_and_grown_worlds(
    build=_small, grow=lambda world: grow(world, world["personas"])
)

PAGES = [
    # (budget name, url name, kwargs from the world, persona)
    ("home.admin", "home", {}, "admin_user"),
    ("home.chef", "home", {}, "chef"),
    ("home.membre", "home", {}, "member_a"),
    ("home.centre", "home", {}, "centre_user"),
    ("home.observateur", "home", {}, "observer"),
    ("quartier_list", "quartiers:quartier_list", {}, "member_a"),
    ("quartier_detail", "quartiers:quartier_detail", {"code": "quartier.code"}, "member_a"),
    ("site_data", "statistiques:site_data", {"pk": "site.pk"}, "member_a"),
    ("stat_import", "statistiques:stat_import", {}, "admin_user"),
    ("comparison", "statistiques:comparison", {}, "admin_user"),
    ("site_list.admin", "quartiers:site_list", {}, "admin_user"),
    ("site_list.membre", "quartiers:site_list", {}, "member_a"),
    ("structure_list", "quartiers:structure_list", {}, "member_a"),
    ("structure_detail", "quartiers:structure_detail", {"pk": "structure.pk"}, "member_a"),
    ("personne_list", "quartiers:personne_list", {}, "member_a"),
    ("personne_detail", "quartiers:personne_detail", {"pk": "personne.pk"}, "member_a"),
    ("centre_list", "quartiers:centre_list", {}, "centre_user"),
    ("centre_detail", "quartiers:centre_detail", {"pk": "centre.pk"}, "centre_user"),
    ("follow_up_list", "quartiers:follow_up_list", {"pk": "site.pk"}, "chef"),
    (
        "intervention_list",
        "quartiers:intervention_list",
        {"pk": "accompaniment.pk"},
        "centre_user",
    ),
    ("cohort_list", "quartiers:cohort_list", {}, "member_a"),
    ("cohort_detail", "quartiers:cohort_detail", {"year": "cohort.year"}, "admin_user"),
    ("user_list", "quartiers:user_list", {}, "admin_user"),
    ("user_detail", "quartiers:user_detail", {"pk": "user.pk"}, "admin_user"),
    ("notification_list", "notifications:list", {}, "member_a"),
    ("notification_preferences", "notifications:preferences", {}, "chef"),
    ("unsubscribe", "notifications:unsubscribe", {"token": "unsubscribe.token"}, "anonymous"),
    ("supervision.jobs", "supervision_jobs", {}, "admin_user"),
    ("supervision.reminders", "notifications:reminder_list", {}, "admin_user"),
    ("supervision.settings", "notifications:reminder_settings", {}, "admin_user"),
    ("health", "health", {}, "admin_user"),
    ("cercle_list", "cercles:cercle_list", {"pk": "site.pk"}, "member_a"),
    ("cercle_detail.membre", "cercles:cercle_detail", {"pk": "cercle.pk"}, "member_a"),
    ("cercle_detail.observateur", "cercles:cercle_detail", {"pk": "cercle.pk"}, "observer"),
    ("meeting_detail.membre", "cercles:meeting_detail", {"pk": "meeting.pk"}, "member_a"),
    ("meeting_detail.observateur", "cercles:meeting_detail", {"pk": "meeting.pk"}, "observer"),
    ("meeting_detail.prevue", "cercles:meeting_detail", {"pk": "upcoming.pk"}, "member_a"),
    ("site_journal", "cercles:site_journal", {"pk": "site.pk"}, "member_a"),
    ("site_documents", "cercles:site_documents", {"pk": "site.pk"}, "member_a"),
    (
        "site_documents.filtered",
        "cercles:site_documents",
        {"pk": "site.pk", "?cercle": "cercle.pk"},
        "observer",
    ),
    ("proposal_detail.membre", "cercles:proposal_detail", {"pk": "proposal.pk"}, "member_a"),
    ("proposal_detail.observateur", "cercles:proposal_detail", {"pk": "proposal.pk"}, "observer"),
    ("proposal_create", "cercles:proposal_create", {"pk": "cercle.pk"}, "member_a"),
    (
        "meeting_reply_link",
        "cercles:meeting_reply_link",
        {"token": "reply_link.token"},
        "anonymous",
    ),
    (
        "proposal_answer_link",
        "cercles:proposal_answer_link",
        {"token": "answer_link.token"},
        "anonymous",
    ),
    ("proposal_close", "cercles:proposal_close", {"pk": "proposal.pk"}, "admin_user"),
    ("my_commitments", "cercles:my_commitments", {}, "member_a"),
    ("cercle_calendar", "cercles:cercle_calendar", {"pk": "cercle.pk"}, "member_a"),
    ("calendar_settings", "cercles:calendar_settings", {}, "member_a"),
    ("personal_calendar", "cercles:personal_calendar", {"token": "calendar.token"}, "anonymous"),
    ("cooperation.site_map", "cooperation:site_map", {"pk": "site.pk"}, "member_a"),
    ("cooperation.link_edit", "cooperation:link_edit", {"pk": "link.pk"}, "member_a"),
    ("cooperation.national", "cooperation:national", {}, "admin_user"),
    ("dashboard.national.admin", "dashboards:national", {}, "admin_user"),
    ("dashboard.national.chef", "dashboards:national", {}, "chef"),
    (
        "dashboard.national.export",
        "dashboards:national_export",
        {"extension": "=csv"},
        "admin_user",
    ),
    ("dashboard.site.membre", "dashboards:site", {"pk": "site.pk"}, "member_a"),
    ("dashboard.site.observateur", "dashboards:site", {"pk": "site.pk"}, "observer"),
    ("dashboard.centre.centre", "dashboards:centre", {"pk": "centre.pk"}, "centre_user"),
    ("dashboard.centre.admin", "dashboards:centre", {"pk": "centre.pk"}, "admin_user"),
    ("public.page_edit", "public:page_edit", {"pk": "site.pk"}, "member_a"),
    ("public.page_preview", "public:page_preview", {"pk": "site.pk"}, "member_a"),
    ("public.site", "public:site", {"pk": "site.pk"}, "anonymous"),
    ("public.national", "public:national", {}, "anonymous"),
    ("public.stats", "public:stats", {}, "anonymous"),
    ("public.opendata", "public:opendata", {}, "anonymous"),
    ("webhooks.subscriber_list", "webhooks:subscriber_list", {}, "admin_user"),
    ("webhooks.delivery_list", "webhooks:delivery_list", {}, "admin_user"),
    (
        "public.opendata.sites",
        "public:opendata_file",
        {"name": "=sites", "extension": "=csv"},
        "anonymous",
    ),
    (
        "public.opendata.indicateurs",
        "public:opendata_file",
        {"name": "=indicateurs", "extension": "=json"},
        "anonymous",
    ),
    (
        "public.opendata.actions",
        "public:opendata_file",
        {"name": "=actions", "extension": "=csv"},
        "anonymous",
    ),
]


def _url(world, name, kwargs):
    """The page's address; a key written ``?name`` is a query-string parameter."""
    resolved, query = {}, {}
    for key, path in kwargs.items():
        if path.startswith("="):  # a literal
            value = path[1:]
        else:
            obj, attr = path.split(".")
            value = getattr(world[obj], attr)
        if key.startswith("?"):
            query[key[1:]] = value
        else:
            resolved[key] = value
    url = reverse(name, kwargs=resolved)
    return f"{url}?{urlencode(query)}" if query else url


@pytest.mark.parametrize(
    ("budget", "url_name", "kwargs", "persona"), PAGES, ids=[p[0] for p in PAGES]
)
def test_page_query_count_is_pinned(budget, url_name, kwargs, persona, world, db, query_budget):
    world = small(world)
    client = client_for(world["personas"][persona])
    with query_budget(budget):
        assert client.get(_url(world, url_name, kwargs)).status_code == 200


@pytest.mark.parametrize(
    ("budget", "url_name", "kwargs", "persona"), PAGES, ids=[p[0] for p in PAGES]
)
def test_page_query_count_does_not_grow_with_data(
    budget, url_name, kwargs, persona, grown_world, db, query_budget
):
    client = client_for(grown_world["personas"][persona])
    with query_budget(budget):
        assert client.get(_url(grown_world, url_name, kwargs)).status_code == 200
