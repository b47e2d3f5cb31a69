"""The permission matrix: every URL of the project × every role, allowed and refused.

Each row names a URL, the method, and the expected status per persona. A URL pattern
missing from the matrix fails ``test_every_url_is_in_the_matrix``, so a new view
cannot ship without saying who may use it.
"""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import ApiToken
from cercles import answer_links
from cercles import services as cercles_services
from notifications import tokens
from notifications.enums import ReminderStatus
from notifications.models import Notification, Reminder
from qic.jobs import registered_jobs
from qic.models import JobHeartbeat
from tests import factories
from tests.conftest import PERSONAS, client_for, make_cast, shared_for_the_module
from visions.enums import VisionStatus
from visions.models import VisionVersion

OK, MOVED, REDIRECT, BAD_REQUEST, FORBIDDEN, NOT_FOUND, GONE = 200, 301, 302, 400, 403, 404, 410


def expect(default, **overrides):
    """Expected status per persona: anonymous is sent to the login page unless said."""
    table = dict.fromkeys(PERSONAS, default)
    table["anonymous"] = REDIRECT
    table.update(overrides)
    return table


EVERYONE = expect(OK)
ADMIN_ONLY = expect(FORBIDDEN, admin_user=OK)
NATIONAL = expect(FORBIDDEN, admin_user=OK, chef=OK)
# Site A: visible to all but member B; changeable by admin, its chef, its member and its centre.
SITE_A_VIEW = expect(OK, member_b=NOT_FOUND)
SITE_A_CHANGE = expect(OK, member_b=NOT_FOUND, observer=FORBIDDEN)
SITE_A_CHANGE_POST = expect(REDIRECT, member_b=NOT_FOUND, observer=FORBIDDEN)
NOT_OBSERVER = expect(OK, observer=FORBIDDEN)
PUBLIC = expect(OK, anonymous=OK)
# Supervision: ANCT administrators (and technical staff, not among the personas).
SUPERVISION = ADMIN_ONLY
# A notification of member A's: for anyone else it does not exist.
OWN_NOTIFICATION_POST = expect(NOT_FOUND, member_a=REDIRECT)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Objects that the URLs of the matrix point to, built once for the module."""
    with shared_for_the_module(django_db_blocker):
        cast = make_cast()
        # Every periodic job's heartbeat as if registered now (see ``jobs_on_time``).
        JobHeartbeat.objects.update(registered_at=timezone.now())
        yield {
            **_world(cast.site_a, cast.personas, cast.centre),
            "personas": cast.personas,
            "site_b": cast.site_b,
        }


@pytest.fixture
def fresh_world(site_a, personas, centre, jobs_on_time):
    """The same objects around the function fixtures' personas, built for one test: for
    the tests that write for real (in threads, on a transactional database) or fuzz."""
    return _world(site_a, personas, centre)


@pytest.fixture
def heartbeats_now(world, db):
    """The shared world's job heartbeats as of this test: /sante/ answers 503 once a job's
    last success is older than twice its period, and the module runs for minutes."""
    JobHeartbeat.objects.update(registered_at=timezone.now(), last_succeeded_at=timezone.now())


def _world(site_a, personas, centre):
    mandate = factories.TrinomeMandateFactory(site=site_a)
    access = factories.SiteAccessFactory(site=site_a)
    structure = factories.StructureFactory(created_by=personas["admin_user"])
    session = factories.FormationSessionFactory(cohort=site_a.cohort)
    # Visions: a vision under revision (so that it can be edited and adopted) with one
    # adopted version, an objective, an indicator and its measurement, an action and its
    # milestone, a self-assessment.
    vision = factories.VisionFactory(site=site_a, status=VisionStatus.REVISION)
    VisionVersion.objects.create(
        vision=vision,
        number=1,
        statement="Première version.",
        horizon=2030,
        adopted_on=datetime.date(2025, 3, 1),
        adopted_by="comité de pilotage",
    )
    indicator = factories.IndicatorFactory(objective__vision=vision)
    action = factories.ActionFactory(site=site_a, objectives=[indicator.objective])
    cercle = factories.CercleFactory(site=site_a)
    meeting = factories.MeetingFactory(cercle=cercle)
    token = cercles_services.calendar_token_regenerate(user=personas["member_a"])
    # Pratiques inspirantes of site A: one published, one proposed, one draft.
    practice = factories.PracticeFactory(site=site_a, published=True)
    draft = factories.PracticeFactory(site=site_a, contact=personas["member_a"])
    template = factories.TemplateIndicatorFactory().objective.template
    own_member = factories.CercleMemberFactory(
        cercle=cercle, personne=factories.PersonneFactory(user=personas["member_a"])
    )
    proposal = factories.ProposalFactory(cercle=cercle)
    answer_token = answer_links.make_token(member=own_member, proposal=proposal, value="d_accord")
    return {
        "definition": factories.IndicatorDefinitionFactory(),
        "vision_template": template,
        "practice": practice,
        "proposed_practice": factories.PracticeFactory(site=site_a, status="proposee"),
        "draft_practice": draft,
        "practice_document": factories.PracticeDocumentFactory(practice=practice),
        "draft_document": factories.PracticeDocumentFactory(practice=draft),
        "site": site_a,
        "quartier": site_a.quartiers.first(),
        "mandate": mandate,
        "personne": mandate.personne,
        "access": access,
        "structure": structure,
        "centre": centre,
        "accompaniment": centre.accompaniments.get(),
        "intervention": factories.InterventionFactory(accompaniment=centre.accompaniments.get()),
        "cohort": site_a.cohort,
        "session": session,
        "user": personas["member_a"],
        "notification": Notification.objects.create(
            user=personas["member_a"], kind="site_inactif", message="…", url="/"
        ),
        "reminder": Reminder.objects.create(
            kind="site_inactif",
            target=site_a,
            object_repr=str(site_a),
            user=personas["chef"],
            email=personas["chef"].email,
            occurrence="2026-03-06",
            status=ReminderStatus.FAILED,
        ),
        "unsubscribe": SimpleNamespace(
            token=tokens.make_token(kind="site_inactif", user=personas["chef"])
        ),
        "heartbeats": [
            JobHeartbeat.objects.update_or_create(
                name=job.name, defaults={"last_succeeded_at": timezone.now()}
            )
            for job in registered_jobs()
        ],
        "objective": indicator.objective,
        "indicator": indicator,
        "measurement": factories.MeasurementFactory(indicator=indicator),
        "measurement_import": factories.MeasurementImportFactory(
            site=site_a, requested_by=personas["member_a"]
        ),
        "action": action,
        "milestone": factories.MilestoneFactory(action=action),
        "funding_line": factories.FundingLineFactory(action=action),
        **_calls(site_a, indicator.objective),
        "assessment": factories.SelfAssessmentFactory(site=site_a),
        "cercle": cercle,
        "link": factories.LinkFactory(site=site_a),
        "member": factories.CercleMemberFactory(cercle=cercle),
        # Member A sits in the cercle: the one persona who answers its proposals.
        "own_member": own_member,
        "proposal": proposal,
        "answer_link": SimpleNamespace(token=answer_token),
        "reply_link": SimpleNamespace(
            token=answer_links.make_reply_token(
                member=own_member, meeting=meeting, answer="viendra"
            )
        ),
        "meeting": meeting,
        "decision": factories.DecisionFactory(meeting=meeting),
        "commitment": factories.CommitmentFactory(meeting=meeting),
        "document": factories.MeetingDocumentFactory(meeting=meeting),
        "calendar": SimpleNamespace(token=token),
        "token": ApiToken.issue(user=personas["member_a"], name="Tableur")[0],
        "report": factories.ReportJobFactory(requested_by=personas["member_a"]),
        "subscriber": factories.SubscriberFactory(),
        "delivery": factories.DeliveryFactory(),
        "public_page": factories.PublicPageFactory(site=site_a, indicators=[indicator]),
        "failed_report": factories.ReportJobFactory(
            requested_by=personas["member_a"], status="echec", file=""
        ),
    }


def _calls(site, objective):
    """A closed call of site A with a proposal (decided: retained), its document."""
    from financements import services as financements_services

    call = factories.CallFactory(site=site, objectives=[objective])
    proposal = factories.CallProposalFactory(call=call, decision="retenue", status="decidee")
    document = proposal.documents.create(
        file=SimpleUploadedFile("note.txt", b"Bonjour"),
        original_name="note.txt",
        content_type="text/plain",
        size=7,
    )
    carrier = SimpleNamespace(token="jeton-du-porteur")
    proposal.carrier_token_hash = financements_services._hash(carrier.token)
    proposal.save()
    return {
        "call": call,
        "call_link": SimpleNamespace(token=financements_services.call_link_token(call)),
        "call_proposal": proposal,
        "proposal_document": document,
        "carrier": carrier,
    }


# url name → (method, kwargs from the world, expected statuses)
MATRIX = {
    "home": ("get", {}, EVERYONE),
    # Dashboards: national for the ANCT roles, a site's for whoever sees the site, a
    # centre's for the ANCT roles and the centre's own staff.
    "dashboards:national": ("get", {}, NATIONAL),
    "dashboards:national_export": ("get", {"extension": "xlsx"}, NATIONAL),
    "dashboards:site": ("get", {"pk": "site.pk"}, SITE_A_VIEW),
    # The former « tableau de bord » of a site: moved to the site's page, for everyone
    # signed in (the page it leads to checks access).
    "dashboards:site_dashboard_moved": ("get", {"pk": "site.pk"}, expect(MOVED)),
    "dashboards:centre": (
        "get",
        {"pk": "centre.pk"},
        expect(FORBIDDEN, admin_user=OK, chef=OK, centre_user=OK),
    ),
    "mentions_legales": ("get", {}, expect(OK, anonymous=OK)),
    "donnees_personnelles": ("get", {}, expect(OK, anonymous=OK)),
    "accessibilite": ("get", {}, expect(OK, anonymous=OK)),
    # Accounts (public pages opt out of the login requirement)
    "accounts:login": ("get", {}, expect(REDIRECT, anonymous=OK)),
    "accounts:logout": ("post", {}, expect(REDIRECT)),
    # ProConnect is off in the tests' settings: both routes answer « not found ».
    "accounts:proconnect_login": ("get", {}, expect(NOT_FOUND, anonymous=NOT_FOUND)),
    "accounts:proconnect_callback": ("get", {}, expect(NOT_FOUND, anonymous=NOT_FOUND)),
    "accounts:password_reset": ("get", {}, expect(OK, anonymous=OK)),
    "accounts:password_reset_done": ("get", {}, expect(OK, anonymous=OK)),
    "accounts:password_reset_confirm": (
        "get",
        {"uidb64": "MQ", "token": "jeton-invalide"},
        expect(OK, anonymous=OK),
    ),
    "accounts:password_reset_complete": ("get", {}, expect(OK, anonymous=OK)),
    "accounts:profile": ("get", {}, EVERYONE),
    "accounts:second_factor_setup": (
        "get",
        {},
        expect(FORBIDDEN, admin_user=OK, chef=OK),
    ),
    # Without a second factor to give, the code page sends the user home.
    "accounts:second_factor_verify": ("get", {}, expect(REDIRECT)),
    "accounts:password_change": ("get", {}, EVERYONE),
    # An empty form re-renders the page with its errors.
    "accounts:api_token_create": ("post", {}, EVERYONE),
    # One's own tokens only: somebody else's does not exist.
    "accounts:api_token_revoke": (
        "post",
        {"pk": "token.pk"},
        expect(NOT_FOUND, member_a=REDIRECT),
    ),
    "accounts:invitation_accept": (
        "get",
        {"token": "jeton-invalide"},
        expect(GONE, anonymous=GONE),
    ),
    # Territories
    "quartiers:quartier_list": ("get", {}, EVERYONE),
    "quartiers:quartier_detail": ("get", {"code": "quartier.code"}, EVERYONE),
    # Official statistics of the QPV
    "statistiques:site_data": ("get", {"pk": "site.pk"}, SITE_A_VIEW),
    "statistiques:stat_import": ("get", {}, ADMIN_ONLY),
    "statistiques:comparison": ("get", {}, NATIONAL),
    # Sites
    "quartiers:site_list": ("get", {}, EVERYONE),
    "quartiers:site_create": ("get", {}, NATIONAL),
    "quartiers:site_edit": ("get", {"pk": "site.pk"}, SITE_A_CHANGE),
    "quartiers:site_delete": (
        "get",
        {"pk": "site.pk"},
        expect(FORBIDDEN, admin_user=OK, member_b=NOT_FOUND),
    ),
    "quartiers:site_status_change": ("get", {"pk": "site.pk"}, SITE_A_CHANGE),
    "quartiers:trinome_assign": ("get", {"pk": "site.pk", "seat": "etat"}, SITE_A_CHANGE),
    "quartiers:trinome_end": (
        "post",
        {"pk": "site.pk", "mandate_pk": "mandate.pk"},
        SITE_A_CHANGE_POST,
    ),
    "quartiers:accompaniment_create": ("get", {"pk": "site.pk"}, SITE_A_CHANGE),
    "quartiers:accompaniment_edit": ("get", {"pk": "accompaniment.pk"}, SITE_A_CHANGE),
    "quartiers:intervention_list": ("get", {"pk": "accompaniment.pk"}, SITE_A_VIEW),
    # Every persona who sees the site reads its follow-ups; ANCT and centres write them.
    "quartiers:follow_up_list": ("get", {"pk": "site.pk"}, SITE_A_VIEW),
    "quartiers:intervention_edit": ("get", {"pk": "intervention.pk"}, SITE_A_CHANGE),
    "quartiers:intervention_delete": ("post", {"pk": "intervention.pk"}, SITE_A_CHANGE_POST),
    "quartiers:site_member_add": ("get", {"pk": "site.pk"}, SITE_A_CHANGE),
    "quartiers:site_member_remove": (
        "post",
        {"pk": "site.pk", "access_pk": "access.pk"},
        SITE_A_CHANGE_POST,
    ),
    # Directory
    "quartiers:structure_list": ("get", {}, EVERYONE),
    "quartiers:structure_create": ("get", {}, NOT_OBSERVER),
    "quartiers:structure_detail": ("get", {"pk": "structure.pk"}, EVERYONE),
    "quartiers:structure_edit": ("get", {"pk": "structure.pk"}, ADMIN_ONLY),
    "quartiers:personne_list": ("get", {}, EVERYONE),
    "quartiers:personne_create": ("get", {}, NOT_OBSERVER),
    "quartiers:personne_detail": ("get", {"pk": "personne.pk"}, SITE_A_VIEW),
    "quartiers:personne_edit": ("get", {"pk": "personne.pk"}, SITE_A_CHANGE),
    # Programme
    "quartiers:centre_list": ("get", {}, EVERYONE),
    "quartiers:centre_detail": ("get", {"pk": "centre.pk"}, EVERYONE),
    "quartiers:cohort_list": ("get", {}, EVERYONE),
    "quartiers:cohort_create": ("get", {}, NATIONAL),
    "quartiers:cohort_detail": ("get", {"year": "cohort.year"}, EVERYONE),
    "quartiers:cohort_edit": ("get", {"year": "cohort.year"}, NATIONAL),
    "quartiers:session_create": ("get", {"year": "cohort.year"}, NATIONAL),
    "quartiers:session_edit": ("get", {"year": "cohort.year", "pk": "session.pk"}, NATIONAL),
    # Notifications (the bell) and preferences
    "notifications:list": ("get", {}, EVERYONE),
    "notifications:open": ("post", {"pk": "notification.pk"}, OWN_NOTIFICATION_POST),
    "notifications:mark_read": ("post", {"pk": "notification.pk"}, OWN_NOTIFICATION_POST),
    "notifications:mark_all_read": ("post", {}, expect(REDIRECT)),
    "notifications:preferences": ("get", {}, EVERYONE),
    "notifications:unsubscribe": ("get", {"token": "unsubscribe.token"}, PUBLIC),
    # Supervision and health
    "supervision_jobs": ("get", {}, SUPERVISION),
    "notifications:reminder_list": ("get", {}, SUPERVISION),
    "notifications:reminder_retry": (
        "post",
        {"pk": "reminder.pk"},
        expect(FORBIDDEN, admin_user=REDIRECT),
    ),
    "notifications:reminder_settings": ("get", {}, SUPERVISION),
    "health": ("get", {}, PUBLIC),
    # Accounts management
    "quartiers:user_list": ("get", {}, ADMIN_ONLY),
    "quartiers:user_invite": ("get", {}, ADMIN_ONLY),
    "quartiers:user_detail": ("get", {"pk": "user.pk"}, ADMIN_ONLY),
    "quartiers:user_reinvite": (
        "post",
        {"pk": "user.pk"},
        expect(FORBIDDEN, admin_user=REDIRECT),
    ),
    # Visions
    "visions:vision_overview": ("get", {}, EVERYONE),
    "visions:vision_detail": ("get", {"pk": "site.pk"}, SITE_A_VIEW),
    # The vision exists already: those who may write one are sent to it.
    "visions:vision_create": ("get", {"pk": "site.pk"}, SITE_A_CHANGE_POST),
    "visions:vision_edit": ("get", {"pk": "site.pk"}, SITE_A_CHANGE),
    "visions:vision_status": ("post", {"pk": "site.pk"}, SITE_A_CHANGE_POST),
    "visions:vision_adopt": ("get", {"pk": "site.pk"}, SITE_A_CHANGE),
    "visions:version_diff": ("get", {"pk": "site.pk"}, SITE_A_VIEW),
    "visions:vision_tree": ("get", {"pk": "site.pk"}, SITE_A_VIEW),
    "visions:objective_create": ("get", {"pk": "site.pk"}, SITE_A_CHANGE),
    "visions:objective_edit": ("get", {"pk": "objective.pk"}, SITE_A_CHANGE),
    "visions:objective_move": ("post", {"pk": "objective.pk"}, SITE_A_CHANGE_POST),
    "visions:objective_delete": ("get", {"pk": "objective.pk"}, SITE_A_CHANGE),
    "visions:indicator_create": ("get", {"pk": "objective.pk"}, SITE_A_CHANGE),
    "visions:indicator_detail": ("get", {"pk": "indicator.pk"}, SITE_A_VIEW),
    "visions:indicator_edit": ("get", {"pk": "indicator.pk"}, SITE_A_CHANGE),
    "visions:indicator_delete": ("get", {"pk": "indicator.pk"}, SITE_A_CHANGE),
    "visions:curve_edit": ("get", {"pk": "indicator.pk"}, SITE_A_CHANGE),
    "visions:measurement_create": ("get", {"pk": "indicator.pk"}, SITE_A_CHANGE),
    "visions:measurement_delete": ("post", {"pk": "measurement.pk"}, SITE_A_CHANGE_POST),
    # Nothing newer to record: back to the indicator's page.
    "visions:indicator_official_measurement": (
        "post",
        {"pk": "indicator.pk"},
        SITE_A_CHANGE_POST,
    ),
    "visions:indicator_grid": ("get", {"pk": "site.pk"}, SITE_A_VIEW),
    # An empty row: the grid comes back with the row's errors.
    "visions:indicator_grid_row": (
        "post",
        {"pk": "site.pk", "indicator_pk": "indicator.pk"},
        SITE_A_CHANGE,
    ),
    "visions:measurement_import": ("get", {"pk": "site.pk"}, SITE_A_CHANGE),
    "visions:measurement_template": ("get", {"pk": "site.pk"}, SITE_A_VIEW),
    # An import is its requester's alone (others of the site too, admins too: 404).
    "visions:measurement_import_job": (
        "get",
        {"pk": "measurement_import.pk"},
        expect(NOT_FOUND, member_a=OK),
    ),
    "visions:action_list": ("get", {"pk": "site.pk"}, SITE_A_VIEW),
    "visions:action_board": ("get", {"pk": "site.pk"}, SITE_A_VIEW),
    "visions:action_create": ("get", {"pk": "site.pk"}, SITE_A_CHANGE),
    "visions:action_detail": ("get", {"pk": "action.pk"}, SITE_A_VIEW),
    "visions:action_edit": ("get", {"pk": "action.pk"}, SITE_A_CHANGE),
    "visions:action_delete": ("get", {"pk": "action.pk"}, SITE_A_CHANGE),
    "visions:action_move": ("post", {"pk": "action.pk"}, SITE_A_CHANGE_POST),
    "visions:milestone_create": ("get", {"pk": "action.pk"}, SITE_A_CHANGE),
    # Financements: an action's lines follow its site; the programme's for ANCT roles.
    "financements:action_funding": ("get", {"pk": "action.pk"}, SITE_A_VIEW),
    "financements:funding_line_create": ("get", {"pk": "action.pk"}, SITE_A_CHANGE),
    "financements:funding_line_edit": ("get", {"pk": "funding_line.pk"}, SITE_A_CHANGE),
    "financements:funding_line_delete": (
        "post",
        {"pk": "funding_line.pk"},
        SITE_A_CHANGE_POST,
    ),
    "financements:site_funding": ("get", {"pk": "site.pk"}, SITE_A_VIEW),
    "financements:national_funding": ("get", {}, NATIONAL),
    "financements:site_scdl_export": ("get", {"pk": "site.pk"}, SITE_A_VIEW),
    "financements:national_scdl_export": ("get", {}, NATIONAL),
    "financements:funding_import": ("get", {"pk": "site.pk"}, SITE_A_CHANGE),
    # Appels à vision: the site's; reviewing is for members of the reviewing cercles
    # (none here), deciding for those who edit the site once the call is closed.
    "financements:call_list": ("get", {"pk": "site.pk"}, SITE_A_VIEW),
    "financements:call_create": ("get", {"pk": "site.pk"}, SITE_A_CHANGE),
    "financements:call_detail": ("get", {"pk": "call.pk"}, SITE_A_VIEW),
    "financements:envelope_add": ("get", {"pk": "call.pk"}, SITE_A_CHANGE),
    "financements:criterion_add": ("get", {"pk": "call.pk"}, SITE_A_CHANGE),
    "financements:proposal_create": ("get", {"pk": "call.pk"}, SITE_A_CHANGE),
    "financements:proposal_detail": ("get", {"pk": "call_proposal.pk"}, SITE_A_VIEW),
    "financements:review_edit": (
        "get",
        {"pk": "call_proposal.pk"},
        expect(FORBIDDEN, member_b=NOT_FOUND),
    ),
    "financements:proposal_decide": ("post", {"pk": "call_proposal.pk"}, SITE_A_CHANGE_POST),
    "financements:proposal_to_action": ("post", {"pk": "call_proposal.pk"}, SITE_A_CHANGE_POST),
    "financements:proposal_document_download": (
        "get",
        {"pk": "proposal_document.pk"},
        SITE_A_VIEW,
    ),
    # The carriers' pages: no account, the link is the key.
    "financements:carrier_submit": ("get", {"token": "call_link.token"}, PUBLIC),
    "financements:carrier_proposal": ("get", {"token": "carrier.token"}, PUBLIC),
    "visions:milestone_toggle": ("post", {"pk": "milestone.pk"}, SITE_A_CHANGE_POST),
    "visions:milestone_delete": ("post", {"pk": "milestone.pk"}, SITE_A_CHANGE_POST),
    "visions:assessment_overview": ("get", {"pk": "site.pk"}, SITE_A_VIEW),
    "visions:assessment_create": ("get", {"pk": "site.pk"}, SITE_A_CHANGE),
    "visions:assessment_detail": ("get", {"pk": "assessment.pk"}, SITE_A_VIEW),
    "visions:assessment_edit": ("get", {"pk": "assessment.pk"}, SITE_A_CHANGE),
    # Cercles: everything follows the site (A here); the personal calendar feed is reached
    # by its secret address alone, without a session.
    # Cooperation: the map follows the site; hand links are changed by who changes the
    # site; the comparison of sites is for the ANCT roles.
    "cooperation:site_map": ("get", {"pk": "site.pk"}, SITE_A_VIEW),
    "cooperation:link_create": ("get", {"pk": "site.pk"}, SITE_A_CHANGE),
    "cooperation:link_edit": ("get", {"pk": "link.pk"}, SITE_A_CHANGE),
    "cooperation:link_delete": ("get", {"pk": "link.pk"}, SITE_A_CHANGE),
    "cooperation:national": ("get", {}, NATIONAL),
    "cercles:cercle_list": ("get", {"pk": "site.pk"}, SITE_A_VIEW),
    "cercles:cercle_create": ("get", {"pk": "site.pk"}, SITE_A_CHANGE),
    "cercles:site_journal": ("get", {"pk": "site.pk"}, SITE_A_VIEW),
    "cercles:site_documents": ("get", {"pk": "site.pk"}, SITE_A_VIEW),
    "cercles:cercle_detail": ("get", {"pk": "cercle.pk"}, SITE_A_VIEW),
    "cercles:cercle_edit": ("get", {"pk": "cercle.pk"}, SITE_A_CHANGE),
    "cercles:member_add": ("get", {"pk": "cercle.pk"}, SITE_A_CHANGE),
    "cercles:member_edit": ("get", {"pk": "member.pk"}, SITE_A_CHANGE),
    "cercles:meeting_create": ("get", {"pk": "cercle.pk"}, SITE_A_CHANGE),
    "cercles:cercle_calendar": ("get", {"pk": "cercle.pk"}, SITE_A_VIEW),
    "cercles:meeting_detail": ("get", {"pk": "meeting.pk"}, SITE_A_VIEW),
    "cercles:meeting_edit": ("get", {"pk": "meeting.pk"}, SITE_A_CHANGE),
    "cercles:attendance_record": ("get", {"pk": "meeting.pk"}, SITE_A_CHANGE),
    "cercles:minutes_edit": ("get", {"pk": "meeting.pk"}, SITE_A_CHANGE),
    "cercles:decision_add": ("get", {"pk": "meeting.pk"}, SITE_A_CHANGE),
    "cercles:commitment_add": ("get", {"pk": "meeting.pk"}, SITE_A_CHANGE),
    "cercles:document_upload": ("get", {"pk": "meeting.pk"}, SITE_A_CHANGE),
    "cercles:meeting_prepare_next": ("get", {"pk": "meeting.pk"}, SITE_A_CHANGE),
    "cercles:decision_edit": ("get", {"pk": "decision.pk"}, SITE_A_CHANGE),
    "cercles:my_commitments": ("get", {}, EVERYONE),
    "cercles:commitment_edit": ("get", {"pk": "commitment.pk"}, SITE_A_CHANGE),
    "cercles:commitment_status": (
        "post",
        {"pk": "commitment.pk", "status": "fait"},
        SITE_A_CHANGE_POST,
    ),
    # Proposals: opened by whoever may change the site (or any member of the cercle),
    # answered by the cercle's members only (member A: an empty answer is refused, 400),
    # closed by its animateur·rices and the ANCT roles.
    "cercles:proposal_create": ("get", {"pk": "cercle.pk"}, SITE_A_CHANGE),
    "cercles:proposal_detail": ("get", {"pk": "proposal.pk"}, SITE_A_VIEW),
    "cercles:proposal_answer": (
        "post",
        {"pk": "proposal.pk"},
        expect(FORBIDDEN, member_b=NOT_FOUND, member_a=BAD_REQUEST),
    ),
    "cercles:proposal_close": (
        "get",
        {"pk": "proposal.pk"},
        expect(FORBIDDEN, member_b=NOT_FOUND, admin_user=OK, chef=OK),
    ),
    # A one-click answer from an e-mail: the signed link authorises, no login (its GET
    # only shows what it would record).
    "cercles:proposal_answer_link": (
        "get",
        {"token": "answer_link.token"},
        expect(OK, anonymous=OK),
    ),
    # Meetings: members of the cercle say whether they come (member A: redirected back);
    # from the e-mail, the signed link.
    "cercles:meeting_reply": (
        "post",
        {"pk": "meeting.pk"},
        expect(FORBIDDEN, member_b=NOT_FOUND, member_a=REDIRECT),
    ),
    "cercles:meeting_reply_link": ("get", {"token": "reply_link.token"}, expect(OK, anonymous=OK)),
    "cercles:document_download": ("get", {"pk": "document.pk"}, SITE_A_VIEW),
    "cercles:document_delete": ("post", {"pk": "document.pk"}, SITE_A_CHANGE_POST),
    "cercles:calendar_settings": ("get", {}, EVERYONE),
    "cercles:personal_calendar": ("get", {"token": "calendar.token"}, expect(OK, anonymous=OK)),
    # Reports: everyone asks for reports on what they see; a report is its requester's
    # alone (member A's here): for anyone else it does not exist.
    "reports:job_list": ("get", {}, EVERYONE),
    "reports:national_request": ("get", {}, EVERYONE),
    "reports:export_request": ("get", {}, EVERYONE),
    # Without a site chosen, back to the reports page (tests/reports for a site).
    "reports:fiche_site_pick": ("get", {}, expect(REDIRECT)),
    "reports:fiche_site_request": ("get", {"pk": "site.pk"}, SITE_A_VIEW),
    "reports:job_detail": ("get", {"pk": "report.pk"}, expect(NOT_FOUND, member_a=OK)),
    "reports:download": ("get", {"pk": "report.pk"}, expect(NOT_FOUND, member_a=OK)),
    "reports:relaunch": (
        "post",
        {"pk": "failed_report.pk"},
        expect(NOT_FOUND, member_a=REDIRECT),
    ),
}

# The indicator library and vision templates are the programme's: everyone reads them;
# ANCT curates the library; ANCT or a resource centre saves a template from a vision it
# sees; a site starts its vision from a template like it writes it.
MATRIX |= {
    "visions:definition_list": ("get", {}, EVERYONE),
    "visions:definition_create": ("get", {}, NATIONAL),
    "visions:definition_detail": ("get", {"pk": "definition.pk"}, EVERYONE),
    "visions:definition_edit": ("get", {"pk": "definition.pk"}, NATIONAL),
    "visions:indicator_propose": ("post", {"pk": "indicator.pk"}, SITE_A_CHANGE_POST),
    "visions:template_list": ("get", {}, EVERYONE),
    "visions:template_detail": ("get", {"pk": "vision_template.pk"}, EVERYONE),
    "visions:template_create": (
        "get",
        {"pk": "site.pk"},
        expect(FORBIDDEN, admin_user=OK, chef=OK, centre_user=OK, member_b=NOT_FOUND),
    ),
    "visions:vision_from_template": ("get", {"pk": "site.pk"}, SITE_A_CHANGE),
}

# Pratiques inspirantes. THE EXCEPTION to per-site scoping: a published practice (and its
# documents) is read by every signed-in user, member B included; drafts and proposed
# practices follow their site (tests/pratiques/test_scoping.py).
MATRIX |= {
    "pratiques:practice_list": ("get", {}, EVERYONE),
    "pratiques:practice_create": ("get", {"pk": "site.pk"}, SITE_A_CHANGE),
    "pratiques:practice_detail": ("get", {"pk": "practice.pk"}, EVERYONE),
    "pratiques:practice_edit": ("get", {"pk": "draft_practice.pk"}, SITE_A_CHANGE),
    "pratiques:practice_submit": ("post", {"pk": "draft_practice.pk"}, SITE_A_CHANGE_POST),
    # Review: ANCT and the resource centre accompanying the site.
    "pratiques:practice_review": (
        "post",
        {"pk": "proposed_practice.pk"},
        expect(
            FORBIDDEN, admin_user=REDIRECT, chef=REDIRECT, centre_user=REDIRECT, member_b=NOT_FOUND
        ),
    ),
    "pratiques:practice_comment": ("post", {"pk": "draft_practice.pk"}, SITE_A_CHANGE_POST),
    "pratiques:practice_bookmark": ("post", {"pk": "practice.pk"}, expect(REDIRECT)),
    "pratiques:practice_ask": ("get", {"pk": "practice.pk"}, EVERYONE),
    # Adopting needs a site one changes other than the practice's own (A): the
    # administrator (any other site) and member B (site B).
    "pratiques:practice_adopt": (
        "get",
        {"pk": "practice.pk"},
        expect(FORBIDDEN, admin_user=OK, member_b=OK),
    ),
    "pratiques:document_upload": ("get", {"pk": "draft_practice.pk"}, SITE_A_CHANGE),
    "pratiques:document_download": ("get", {"pk": "practice_document.pk"}, EVERYONE),
    "pratiques:document_delete": ("post", {"pk": "draft_document.pk"}, SITE_A_CHANGE_POST),
}

# Personal data (privacy): export and anonymisation, ANCT administrators only.
MATRIX |= {
    "privacy:personne_export": ("get", {"pk": "personne.pk"}, ADMIN_ONLY),
    "privacy:personne_anonymise": ("get", {"pk": "personne.pk"}, ADMIN_ONLY),
    "privacy:user_export": ("get", {"pk": "user.pk"}, ADMIN_ONLY),
    "privacy:user_anonymise": ("get", {"pk": "user.pk"}, ADMIN_ONLY),
}

# Search: every signed-in user; each sees only what they may see (tests/recherche/).
MATRIX |= {
    "recherche:search": ("get", {}, EVERYONE),
    "recherche:search_kind": ("get", {"kind": "actions"}, EVERYONE),
}

# Public pages (public): chosen and published by whoever may change the site; read by
# everyone, without an account.
MATRIX |= {
    "public:page_edit": ("get", {"pk": "site.pk"}, SITE_A_CHANGE),
    "public:page_preview": ("get", {"pk": "site.pk"}, SITE_A_CHANGE),
    "public:page_publish": ("post", {"pk": "site.pk"}, SITE_A_CHANGE_POST),
    "public:national": ("get", {}, PUBLIC),
    "public:site": ("get", {"pk": "site.pk"}, PUBLIC),
    "public:stats": ("get", {}, PUBLIC),
    "public:opendata": ("get", {}, PUBLIC),
    "public:opendata_package": ("get", {}, PUBLIC),
    "public:opendata_schema": ("get", {"name": "sites"}, PUBLIC),
    "public:opendata_file": ("get", {"name": "indicateurs", "extension": "csv"}, PUBLIC),
}

# Webhooks: ANCT administrators only. Resending a delivery to an outside address is
# refused at send time in the tests (no network): the row stays pending, the page redirects.
MATRIX |= {
    "webhooks:subscriber_list": ("get", {}, ADMIN_ONLY),
    "webhooks:subscriber_create": ("get", {}, ADMIN_ONLY),
    "webhooks:subscriber_edit": ("get", {"pk": "subscriber.pk"}, ADMIN_ONLY),
    "webhooks:delivery_list": ("get", {}, ADMIN_ONLY),
    "webhooks:delivery_resend": (
        "post",
        {"pk": "delivery.pk"},
        expect(FORBIDDEN, admin_user=REDIRECT),
    ),
}

# Django's own admin has its own permission system (is_staff), tested by Django; the API
# has its own matrix, per method, in tests/api/test_api_permissions.py.
EXCLUDED_NAMESPACES = {"admin", "api"}


def _resolve(world, kwargs):
    resolved = {}
    for key, path in kwargs.items():
        if isinstance(path, str) and "." in path:
            name, attr = path.split(".")
            resolved[key] = getattr(world[name], attr)
        else:
            resolved[key] = path
    return resolved


def _all_url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in EXCLUDED_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _all_url_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_url_is_in_the_matrix():
    missing = sorted(set(_all_url_names()) - set(MATRIX))
    assert not missing, f"URLs without an expected result per role: {missing}"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_permission_matrix(url_name, persona, world, heartbeats_now):
    method, kwargs, expected = MATRIX[url_name]
    url = reverse(url_name, kwargs=_resolve(world, kwargs))
    response = getattr(client_for(world["personas"][persona]), method)(url)
    assert response.status_code == expected[persona], (
        f"{persona} {method.upper()} {url}: {response.status_code}, expected {expected[persona]}"
    )
    if response.status_code == REDIRECT and persona == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))


def test_no_two_url_patterns_of_the_project_can_shadow_each_other():
    """Two views on one path: the first included wins and the other is unreachable (the
    appel à vision's proposals and the cercles' proposals once shared « propositions/<pk>/»)."""
    seen = {}
    shadowed = []

    def walk(resolver, prefix=""):
        for entry in resolver.url_patterns:
            pattern = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                if entry.namespace not in EXCLUDED_NAMESPACES:
                    walk(entry, pattern)
            elif entry.name:
                # <int:pk> and <int:code> are the same route for the resolver.
                shape = re.sub(r"<(?:(\w+):)?\w+>", lambda m: f"<{m.group(1) or 'str'}>", pattern)
                if shape in seen:
                    shadowed.append((shape, seen[shape], entry.name))
                seen.setdefault(shape, entry.name)

    walk(get_resolver())
    assert shadowed == []
