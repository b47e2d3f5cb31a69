"""Every write safe twice: each create form posted four times — one after the other, and at
the same moment on PostgreSQL — answers without a 5xx and creates one row (qic/idempotency.py).

``CREATE_FORMS`` names every create form of the project; ``test_every_create_view_is_covered``
fails when a URL whose view creates is missing from it or is not decorated with
``@idempotent_create``, so a new create form is covered or the build says so.
"""

import datetime
import io
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import ApiToken, Invitation
from cercles.models import (
    CalendarToken,
    Cercle,
    CercleMember,
    Commitment,
    Decision,
    Meeting,
    MeetingDocument,
    Proposal,
)
from cooperation.models import Link
from financements.models import Call, CallEnvelope, Criterion, FundingLine
from financements.models import Proposal as CallProposal
from pratiques.models import Practice, PracticeAdoption, PracticeDocument
from qic.idempotency import TOKEN_FIELD
from quartiers.models import (
    Accompaniment,
    Cohort,
    FormationSession,
    Intervention,
    Personne,
    Site,
    SiteAccess,
    SiteFollowUp,
    Structure,
    TrinomeMandate,
)
from reports.models import ReportJob
from statistiques.models import StatImport
from tests import factories
from tests.conftest import client_for
from tests.test_permissions import _resolve
from tests.test_permissions import fresh_world as world  # noqa: F401 (the objects the URLs point to)
from visions.enums import Condition
from visions.models import (
    Action,
    Indicator,
    IndicatorDefinition,
    Measurement,
    MeasurementImport,
    Milestone,
    Objective,
    SelfAssessment,
    Vision,
    VisionTemplate,
    VisionVersion,
)
from webhooks.models import Subscriber

TODAY = datetime.date.today().isoformat()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class CreateForm:
    """A create form: where it is (URL name, kwargs from the objs), what it creates
    (model), what to type in it over what the page already fills in."""

    kwargs: dict = field(default_factory=dict)
    model: type | None = None
    data: dict | Callable = field(default_factory=dict)
    files: Callable | None = None
    # Objects to make first (e.g. a site without a vision), returns kwargs overrides.
    setup: Callable | None = None


def _csv(objs):
    indicator = objs["indicator"]
    return {
        "file": SimpleUploadedFile(
            "mesures.csv",
            f"indicateur;date;valeur\n{indicator.pk};2025-11-30;42\n".encode(),
            content_type="text/csv",
        )
    }


def _stat_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("revenus_2021_QP24.csv", "CODGEO;DISP_MED_A21\nQN04201M;14520,5\n")
    return buffer.getvalue()


def _scdl_csv(objs):
    from financements import scdl

    structure = objs["structure"]
    structure.siret = "21420218600014"
    structure.save()
    row = {
        "nomAttribuant": structure.name,
        "idAttribuant": structure.siret,
        "dateConvention": "2026-04-02",
        "nomBeneficiaire": "Centre social",
        "idBeneficiaire": "73282932000074",
        "objet": objs["action"].title,
        "montant": "1500",
        "nature": "aide en numéraire",
        "conditionsVersement": "unique",
        "datesPeriodeVersement": "2026-01-01/2026-12-31",
        "notificationUE": "non",
        "pourcentageSubvention": "1.00",
    }
    content = ",".join(scdl.COLUMNS) + "\r\n" + ",".join(row.get(c, "") for c in scdl.COLUMNS)
    return {
        "file": SimpleUploadedFile("subventions.csv", content.encode(), content_type="text/csv")
    }


def _site_without_vision(objs):
    site = factories.SiteFactory(chef_de_projet=objs["site"].chef_de_projet)
    factories.SiteAccessFactory(site=site, user=objs["user"])
    return {"pk": site.pk}


def _vision_adopted(objs):
    Vision.objects.filter(site=objs["site"]).update(adopted_on=datetime.date(2025, 3, 1))
    return {}


def _grid_data(objs):
    prefix = f"i{objs['indicator'].pk}"
    return {f"{prefix}-date": "2025-12-31", f"{prefix}-value": "12", f"{prefix}-comment": ""}


CREATE_FORMS = {
    # Cooperation
    "cooperation:link_create": CreateForm(
        {"pk": "site.pk"},
        Link,
        lambda objs: {
            "source": objs["structure"].pk,
            "kind": "oriente",
            "target": objs["centre"].pk,
            "start_date": TODAY,
        },
    ),
    # Cercles
    "cercles:cercle_create": CreateForm(
        {"pk": "site.pk"}, Cercle, {"name": "Cercle de la mobilité", "kind": "cercle"}
    ),
    "cercles:member_add": CreateForm(
        {"pk": "cercle.pk"},
        CercleMember,
        {"first_name": "Nadia", "last_name": "Benali", "email": "nadia@example.org"},
    ),
    "cercles:meeting_create": CreateForm(
        {"pk": "cercle.pk"},
        Meeting,
        {"date": "2027-01-14", "start_time": "18:00", "end_time": "20:00", "place": "Mairie"},
    ),
    "cercles:decision_add": CreateForm(
        {"pk": "meeting.pk"}, Decision, {"text": "Ouvrir la salle le samedi."}
    ),
    "cercles:commitment_add": CreateForm(
        {"pk": "meeting.pk"},
        Commitment,
        lambda objs: {
            "text": "Écrire au bailleur.",
            "owner": objs["member"].personne_id,
            "due_on": "2027-02-01",
        },
    ),
    "cercles:document_upload": CreateForm(
        {"pk": "meeting.pk"},
        MeetingDocument,
        files=lambda objs: {
            "file": SimpleUploadedFile("ordre.pdf", PDF, content_type="application/pdf")
        },
    ),
    "cercles:meeting_prepare_next": CreateForm({"pk": "meeting.pk"}, Meeting),
    "cercles:proposal_create": CreateForm(
        {"pk": "cercle.pk"},
        Proposal,
        {
            "form": "consentement",
            "title": "Lettre aux habitants",
            "closes_on": "2030-01-14",
            "closes_time": "18:00",
        },
    ),
    # « Mon agenda »: the address is made once per form (and shown once).
    "cercles:calendar_settings": CreateForm({}, CalendarToken, {"action": "regenerate"}),
    # Visions
    "visions:vision_create": CreateForm(
        {},
        Vision,
        {"statement": "Un quartier où l'on reste.", "horizon": "2032"},
        setup=_site_without_vision,
    ),
    "visions:vision_adopt": CreateForm(
        {"pk": "site.pk"}, VisionVersion, {"adopted_by": "comité de pilotage"}
    ),
    "visions:objective_create": CreateForm(
        {"pk": "site.pk"}, Objective, {"title": "Réussir au collège"}
    ),
    "visions:indicator_create": CreateForm(
        {"pk": "objective.pk"},
        Indicator,
        {
            "name": "Taux de réussite au brevet",
            "unit": "%",
            "direction": "hausse",
            "baseline_value": "70",
            "baseline_date": "2024-06-30",
            "target_value": "85",
            "target_date": "2030-06-30",
            "source": "DEPP",
            "frequency": "annuelle",
        },
    ),
    "visions:measurement_create": CreateForm(
        {"pk": "indicator.pk"}, Measurement, {"date": "2025-12-31", "value": "12"}
    ),
    "visions:indicator_grid": CreateForm({"pk": "site.pk"}, Measurement, _grid_data),
    "visions:indicator_grid_row": CreateForm(
        {"pk": "site.pk", "indicator_pk": "indicator.pk"}, Measurement, _grid_data
    ),
    # The upload creates the import job; its measurements come when the job runs.
    "visions:measurement_import": CreateForm({"pk": "site.pk"}, MeasurementImport, files=_csv),
    # Statistiques: each zip imported is one StatImport row.
    "statistiques:stat_import": CreateForm(
        {},
        StatImport,
        files=lambda objs: {"files": SimpleUploadedFile("revenus_2021.zip", _stat_zip())},
    ),
    "visions:action_create": CreateForm(
        {"pk": "site.pk"}, Action, {"title": "Aide aux devoirs", "status": "idee"}
    ),
    "visions:milestone_create": CreateForm(
        {"pk": "action.pk"}, Milestone, {"title": "Premier atelier", "due_date": "2027-03-01"}
    ),
    # Financements
    "financements:funding_line_create": CreateForm(
        {"pk": "action.pk"},
        FundingLine,
        lambda objs: {
            "funder": objs["structure"].pk,
            "funder_kind": "commune",
            "year": "2026",
            "requested": "5 000",
            "status": "demande",
        },
    ),
    # The import creates funding lines (all or nothing).
    "financements:funding_import": CreateForm({"pk": "site.pk"}, FundingLine, files=_scdl_csv),
    "financements:call_create": CreateForm(
        {"pk": "site.pk"},
        Call,
        lambda objs: {
            "title": "Appel 2027",
            "objectives": [objs["objective"].pk],
            "opens_on": "2027-01-04",
            "closes_on": "2027-02-26",
        },
    ),
    "financements:envelope_add": CreateForm(
        {"pk": "call.pk"},
        CallEnvelope,
        lambda objs: {"funder": objs["structure"].pk, "funder_kind": "etat_p147", "amount": "9"},
    ),
    "financements:criterion_add": CreateForm(
        {"pk": "call.pk"}, Criterion, {"label": "Coopération", "max_score": "5"}
    ),
    "financements:proposal_create": CreateForm(
        {"pk": "call.pk"},
        CallProposal,
        lambda objs: {
            "title": "Ateliers",
            "summary": "Des ateliers.",
            "lead_name": "Association (fictive)",
            "objectives": [objs["objective"].pk],
            "contact_name": "Awa Diallo",
            "contact_email": "awa@exemple.fr",
        },
    ),
    "visions:assessment_create": CreateForm(
        {"pk": "site.pk"},
        SelfAssessment,
        {f"{condition}_score": "3" for condition in Condition} | {"date": TODAY},
    ),
    # Quartiers
    "quartiers:site_create": CreateForm(
        {},
        Site,
        lambda objs: {
            "name": "Firminy — Chapelon",
            "quartiers": objs["quartier"].code,
            "programme": "experimentation",
            "status": "candidat",
            "status_date": TODAY,
        },
    ),
    "quartiers:trinome_assign": CreateForm(
        {"pk": "site.pk", "seat": "association"},
        TrinomeMandate,
        lambda objs: {
            "first_name": "Ali",
            "last_name": "Haddad",
            "structure": objs["structure"].pk,
            "start_date": TODAY,
        },
    ),
    "quartiers:accompaniment_create": CreateForm(
        {"pk": "site.pk"},
        Accompaniment,
        lambda objs: {
            "centre": objs["centre"].pk,
            "kind": "coaching",
            "start_date": "2027-01-01",
        },
    ),
    "quartiers:follow_up_list": CreateForm(
        {"pk": "site.pk"},
        SiteFollowUp,
        lambda objs: {
            "channel": "telephone",
            "contacted_on": TODAY,
            "message": "Appel au délégué du préfet.",
        },
    ),
    "quartiers:intervention_list": CreateForm(
        {"pk": "accompaniment.pk"},
        Intervention,
        lambda objs: {"date": "2026-01-05", "kind": "atelier", "hours": "2,5"},
    ),
    "quartiers:site_member_add": CreateForm(
        {"pk": "site.pk"},
        SiteAccess,
        {"email": "nouvelle@example.org", "first_name": "Lina", "last_name": "Morel"},
    ),
    "quartiers:structure_create": CreateForm(
        {}, Structure, {"name": "Centre social des Tilleuls", "kind": "association"}
    ),
    "quartiers:personne_create": CreateForm(
        {}, Personne, {"first_name": "Paul", "last_name": "Girard", "email": "pg@example.org"}
    ),
    "quartiers:cohort_create": CreateForm({}, Cohort, {"year": "2031", "name": "Promotion 2031"}),
    "quartiers:session_create": CreateForm(
        {"year": "cohort.year"},
        FormationSession,
        {"date": "2027-02-02", "theme": "Mesurer l'impact", "place": "Lyon"},
    ),
    "quartiers:user_invite": CreateForm(
        {},
        Invitation,
        {
            "email": "invitee@example.org",
            "first_name": "Inès",
            "last_name": "Roy",
            "role": "chef_de_projet",
        },
    ),
    # Indicator library and vision templates
    "visions:definition_create": CreateForm(
        {},
        IndicatorDefinition,
        {"name": "Part des 16-25 ans NEET", "definition": "NEET.", "direction": "baisse"},
    ),
    "visions:template_create": CreateForm(
        {"pk": "site.pk"}, VisionTemplate, {"name": "Modèle d'essai"}, setup=_vision_adopted
    ),
    # Pratiques inspirantes
    "pratiques:practice_create": CreateForm(
        {"pk": "site.pk"},
        Practice,
        {
            "title": "Les cafés des parents",
            "theme": "participation",
            "problem": "Les parents ne venaient plus.",
            "what_was_done": "Des cafés au pied des immeubles.",
        },
    ),
    "pratiques:practice_adopt": CreateForm(
        {"pk": "practice.pk"},
        PracticeAdoption,
        lambda objs: {"site": Site.objects.exclude(pk=objs["site"].pk).first().pk},
    ),
    "pratiques:document_upload": CreateForm(
        {"pk": "draft_practice.pk"},
        PracticeDocument,
        files=lambda objs: {
            "file": SimpleUploadedFile("bilan.pdf", PDF, content_type="application/pdf")
        },
    ),
    # Reports
    "reports:fiche_site_request": CreateForm({"pk": "site.pk"}, ReportJob),
    "reports:national_request": CreateForm({}, ReportJob),
    "reports:export_request": CreateForm({}, ReportJob),
    # Accounts
    "accounts:api_token_create": CreateForm({}, ApiToken, {"name": "Tableur"}),
    # Webhooks (an address given by its public IP: no name to resolve in the tests)
    "webhooks:subscriber_create": CreateForm(
        {},
        Subscriber,
        {"name": "Grist ANCT", "url": "https://93.184.216.34/crochet", "secret": "s" * 24},
    ),
}


def _errors(response) -> list[str]:
    """The French errors a page shows, to say why a post did not create."""
    soup = BeautifulSoup(response.content, "html.parser")
    return [e.get_text(" ", strip=True) for e in soup.select(".fr-error-text, .fr-alert--error")]


def _views(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in ("admin", "api"):
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _views(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry.callback


# A URL name saying it creates: its view must be decorated and listed above.
CREATES = ("_create", "_add", "_request", "_invite", "_upload", "_import", "_assign", "_adopt")


def test_every_create_view_is_covered():
    views = dict(_views())
    decorated = {name for name, view in views.items() if getattr(view, "idempotent_create", 0)}
    named = {name for name in views if name.endswith(CREATES)}
    assert sorted(named - decorated) == [], "create views without @idempotent_create"
    assert sorted(decorated - set(CREATE_FORMS)) == [], "create views missing from CREATE_FORMS"
    assert sorted(set(CREATE_FORMS) - set(views)) == []


def form_values(html: str) -> dict:
    """What a browser sends for the page's form that carries the submission token."""
    soup = BeautifulSoup(html, "html.parser")
    token = soup.select_one(f"form[method=post] input[name$={TOKEN_FIELD}]")
    assert token is not None and len(token["value"]) >= 16, "the form carries its token"
    form = token.find_parent("form")
    data = {}
    for element in form.select("input[name], textarea[name], select[name]"):
        name = element["name"]
        if name == "csrfmiddlewaretoken":
            continue
        if element.name == "textarea":
            data.setdefault(name, []).append(element.text)
        elif element.name == "select":
            options = element.select("option")
            chosen = [o for o in options if o.has_attr("selected")]
            if not chosen and options and not element.has_attr("multiple"):
                chosen = options[:1]
            data.setdefault(name, []).extend(o.get("value", o.text) for o in chosen)
        elif element.get("type") in ("checkbox", "radio"):
            if element.has_attr("checked"):
                data.setdefault(name, []).append(element.get("value", "on"))
        elif element.get("type") != "file":
            data.setdefault(name, []).append(element.get("value", ""))
    return data


def _prepare(url_name, objs):
    spec = CREATE_FORMS[url_name]
    kwargs = _resolve(objs, spec.kwargs)
    if spec.setup:
        kwargs |= spec.setup(objs)
    url = reverse(url_name, kwargs=kwargs)
    return spec, url


def _posted(client, url, spec, objs, page_url=None):
    page = client.get(page_url or url)
    assert page.status_code == 200, f"GET {page_url or url}: {page.status_code}"
    data = form_values(page.content.decode())
    extra = spec.data(objs) if callable(spec.data) else spec.data
    data.update(extra)
    return data


def _files(spec, objs):
    """Fresh file objects for each post (a file is read once)."""
    if not spec.files:
        return {}
    return {
        name: SimpleUploadedFile(f.name, f.read(), f.content_type)
        for name, f in spec.files(objs).items()
    }


def _page_url(url_name, objs):
    """The page that shows the form, where the form is not on the URL it posts to."""
    if url_name == "visions:indicator_grid_row":
        return reverse("visions:indicator_grid", args=[objs["site"].pk])
    if url_name == "accounts:api_token_create":
        return reverse("accounts:profile")
    return None


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", sorted(CREATE_FORMS))
def test_four_posts_of_a_create_form_create_one_row(url_name, world, admin_user):  # noqa: F811
    objs = world
    spec, url = _prepare(url_name, objs)
    client = client_for(admin_user)
    data = _posted(client, url, spec, objs, _page_url(url_name, objs))
    before = spec.model.objects.count()
    responses = [client.post(url, {**data, **_files(spec, objs)}) for _ in range(4)]
    statuses = [r.status_code for r in responses]
    assert all(s < 500 for s in statuses), statuses
    first = responses[0]
    # Every creation answers so that the claim is kept: a redirect, or 201.
    assert first.status_code in (201, 302), (first.status_code, _errors(first))
    assert spec.model.objects.count() == before + 1, (statuses, _errors(first))
    if first.status_code == 302:
        # The same answer each time: back to what the first post created.
        assert {r.status_code for r in responses} == {302}
        assert {r["Location"] for r in responses} == {first["Location"]}


CONCURRENCY = (
    "SQLite écrit une transaction à la fois et ne partage pas une base en mémoire entre "
    "threads comme PostgreSQL : ce test de concurrence tourne sur PostgreSQL."
)


def at_once(count, send) -> list:
    """``send(index)`` in ``count`` threads released together, each with its own
    database connection; their answers, or the first error raised."""
    barrier = threading.Barrier(count)
    answers, errors = [None] * count, []

    def run(index):
        try:
            barrier.wait(timeout=10)
            answers[index] = send(index)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == [], errors
    return answers


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("url_name", sorted(CREATE_FORMS))
def test_four_simultaneous_posts_of_a_create_form_create_one_row(url_name, world, admin_user):  # noqa: F811
    if connection.vendor != "postgresql":
        pytest.skip(CONCURRENCY)
    objs = world
    spec, url = _prepare(url_name, objs)
    data = _posted(client_for(admin_user), url, spec, objs, _page_url(url_name, objs))
    before = spec.model.objects.count()
    clients = [client_for(admin_user) for _ in range(4)]
    files = [_files(spec, objs) for _ in range(4)]
    answers = at_once(4, lambda i: clients[i].post(url, {**data, **files[i]}))
    statuses = sorted(r.status_code for r in answers)
    assert all(s < 500 for s in statuses), statuses
    assert spec.model.objects.count() == before + 1, statuses


# --- The probe's findings, one by one ---------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_people_saving_an_assessment_for_the_same_day_at_once_get_a_french_error(
    site_a, member_a, chef
):
    """Different forms, one natural key (one self-assessment per site and day)."""
    if connection.vendor != "postgresql":
        pytest.skip(CONCURRENCY)
    url = reverse("visions:assessment_create", args=[site_a.pk])
    users = [member_a, chef, member_a, chef]
    clients = [client_for(user) for user in users]
    forms = [form_values(c.get(url).content.decode()) for c in clients]
    scores = {f"{condition}_score": "2" for condition in Condition}
    answers = at_once(4, lambda i: clients[i].post(url, {**forms[i], **scores, "date": TODAY}))
    assert sorted(r.status_code for r in answers) == [200, 200, 200, 302]
    assert SelfAssessment.objects.filter(site=site_a).count() == 1
    for refused in (r for r in answers if r.status_code == 200):
        assert "Une auto-évaluation existe déjà à cette date" in " ".join(_errors(refused))


@pytest.mark.django_db(transaction=True)
def test_two_people_adding_the_same_member_at_once_add_them_once(site_a, member_a, chef):
    if connection.vendor != "postgresql":
        pytest.skip(CONCURRENCY)
    cercle = factories.CercleFactory(site=site_a)
    personne = factories.PersonneFactory()
    personne.sites.add(site_a)
    url = reverse("cercles:member_add", args=[cercle.pk])
    clients = [client_for(user) for user in (member_a, chef, member_a, chef)]
    forms = [form_values(c.get(url).content.decode()) for c in clients]
    answers = at_once(4, lambda i: clients[i].post(url, {**forms[i], "personne": personne.pk}))
    assert sorted(r.status_code for r in answers) == [200, 200, 200, 302]
    assert CercleMember.objects.filter(cercle=cercle, personne=personne).count() == 1
    for refused in (r for r in answers if r.status_code == 200):
        assert "Cette personne est déjà membre du cercle." in _errors(refused)


@pytest.mark.django_db(transaction=True)
def test_generating_the_calendar_address_in_two_tabs_at_once_keeps_one(member_a):
    """Two forms (two tabs), so two addresses one after the other: no 500, one row."""
    if connection.vendor != "postgresql":
        pytest.skip(CONCURRENCY)
    url = reverse("cercles:calendar_settings")
    clients = [client_for(member_a) for _ in range(4)]
    forms = [form_values(c.get(url).content.decode()) for c in clients]
    answers = at_once(4, lambda i: clients[i].post(url, {**forms[i], "action": "regenerate"}))
    assert sorted(r.status_code for r in answers) == [201] * 4
    assert CalendarToken.objects.filter(user=member_a).count() == 1


def test_a_replayed_form_comes_back_to_what_the_first_created_with_a_notice(db, site_a, member_a):
    meeting = factories.MeetingFactory(cercle__site=site_a)
    url = reverse("cercles:decision_add", args=[meeting.pk])
    client = client_for(member_a)
    data = {**form_values(client.get(url).content.decode()), "text": "Ouvrir le samedi."}
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    assert second.redirect_chain[0][0] == first["Location"]
    assert "il n'a été enregistré qu'une fois" in second.content.decode().replace("&#x27;", "'")
    assert Decision.objects.filter(meeting=meeting).count() == 1
    # The same form reopened (« Précédent ») and changed is a new decision, on purpose.
    assert client.post(url, {**data, "text": "Fermer le dimanche."}).status_code == 302
    assert Decision.objects.filter(meeting=meeting).count() == 2


def test_a_form_sent_back_with_errors_can_be_corrected_and_sent_with_the_same_token(
    db, site_a, member_a
):
    url = reverse("visions:objective_create", args=[site_a.pk])
    factories.VisionFactory(site=site_a)
    client = client_for(member_a)
    data = form_values(client.get(url).content.decode())
    refused = client.post(url, {**data, "title": ""})
    assert refused.status_code == 200
    again = form_values(refused.content.decode())
    assert again[TOKEN_FIELD] == data[TOKEN_FIELD]  # the same form, still the same token
    assert client.post(url, {**again, "title": "Réussir au collège"}).status_code == 302
    assert Objective.objects.filter(vision__site=site_a).count() == 1


# --- HTMX: the meeting page's inline forms ------------------------------------------------


@pytest.mark.parametrize(
    ("url_name", "model", "data"),
    [
        ("cercles:decision_add", Decision, {"text": "Ouvrir le samedi."}),
        ("cercles:commitment_add", Commitment, {"text": "Écrire au bailleur."}),
    ],
)
def test_the_inline_forms_carry_a_token_and_an_htmx_replay_swaps_nothing(
    db, site_a, member_a, url_name, model, data
):
    member = factories.CercleMemberFactory(cercle__site=site_a)
    meeting = factories.MeetingFactory(cercle=member.cercle)
    client = client_for(member_a)
    page = BeautifulSoup(client.get(meeting.get_absolute_url()).content, "html.parser")
    form = page.select_one(f"form[action='{reverse(url_name, args=[meeting.pk])}']")
    token = form.select_one(f"input[name={TOKEN_FIELD}]")["value"]
    posted = {TOKEN_FIELD: token, "owner": member.personne_id, "due_on": "2027-01-31", **data}
    url = reverse(url_name, args=[meeting.pk])
    first = client.post(url, posted, headers={"HX-Request": "true"})
    assert first.status_code == 201  # the row, swapped in like a 200
    fragment = BeautifulSoup(first.content, "html.parser")
    fresh = fragment.select_one(f"form input[name={TOKEN_FIELD}]")["value"]
    assert fresh and fresh != token  # the fresh form is a new submission
    replay = client.post(url, posted, headers={"HX-Request": "true"})
    assert replay.status_code == 204 and replay.content == b""  # nothing to swap
    assert model.objects.filter(meeting=meeting).count() == 1


def test_the_grid_rows_share_the_grid_token(db, site_a, member_a):
    indicator = factories.IndicatorFactory(objective__vision__site=site_a)
    client = client_for(member_a)
    grid = client.get(reverse("visions:indicator_grid", args=[site_a.pk])).content.decode()
    data = form_values(grid)
    prefix = f"i{indicator.pk}"
    data |= {f"{prefix}-date": "2025-12-31", f"{prefix}-value": "7"}
    url = reverse("visions:indicator_grid_row", args=[site_a.pk, indicator.pk])
    answers = [client.post(url, data, headers={"HX-Request": "true"}) for _ in range(4)]
    assert [r.status_code for r in answers] == [201, 204, 204, 204]
    assert Measurement.objects.filter(indicator=indicator).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_people_inviting_the_same_address_to_a_site_at_once_make_one_account(
    site_a, member_a, chef
):
    if connection.vendor != "postgresql":
        pytest.skip(CONCURRENCY)
    url = reverse("quartiers:site_member_add", args=[site_a.pk])
    clients = [client_for(user) for user in (member_a, chef, member_a, chef)]
    forms = [form_values(c.get(url).content.decode()) for c in clients]
    invited = {"email": "lina.morel@example.org", "first_name": "Lina", "last_name": "Morel"}
    answers = at_once(4, lambda i: clients[i].post(url, {**forms[i], **invited}))
    assert [r.status_code for r in answers] == [302] * 4  # invited, then given access
    assert SiteAccess.objects.filter(site=site_a, user__email=invited["email"]).count() == 1
