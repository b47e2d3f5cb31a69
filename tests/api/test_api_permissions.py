"""The pages' permission matrix, extended to the API: every route × every method × every
role, allowed and refused. The API never shows or changes more than the pages.

Each row names a route, a method, how to build its URL and body from the world, and the
expected status per persona. ``test_every_api_route_and_method_is_in_the_matrix`` fails
when a route or a method of /api/ is missing, so a new resource cannot ship without
saying who may use it.
"""

import datetime

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import factories
from tests.api.conftest import call
from tests.conftest import PERSONAS, client_for
from visions.models import Vision

OK, CREATED, NO_CONTENT = 200, 201, 204
BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND = 400, 401, 403, 404


def expect(default, **overrides):
    """Expected status per persona; without credentials the API answers 401."""
    table = dict.fromkeys(PERSONAS, default)
    table["anonymous"] = UNAUTHORIZED
    table.update(overrides)
    return table


EVERYONE = expect(OK)
PUBLIC = expect(OK, anonymous=OK)
# Site A: visible to everyone but member B (404); changed by admin, its chef, its member
# and its centre; the observer reads only (403).
SITE_A_VIEW = expect(OK, member_b=NOT_FOUND)
SITE_A_CHANGE = expect(OK, member_b=NOT_FOUND, observer=FORBIDDEN)
SITE_A_CREATE = expect(CREATED, member_b=NOT_FOUND, observer=FORBIDDEN)
NATIONAL_CREATE = expect(FORBIDDEN, admin_user=CREATED, chef=CREATED)
NATIONAL_CHANGE = expect(FORBIDDEN, admin_user=OK, chef=OK)
NOT_OBSERVER_CREATE = expect(CREATED, observer=FORBIDDEN)
# A row linked to site A in its body: member B may create rows (on site B), but site A
# does not exist for them (400); the observer creates nothing (403).
SITE_A_LINK_CREATE = expect(CREATED, member_b=BAD_REQUEST, observer=FORBIDDEN)
SITE_A_DELETE = expect(NO_CONTENT, member_b=NOT_FOUND, observer=FORBIDDEN)

TODAY = datetime.date.today().isoformat()


def _site_payload(w):
    return {
        "name": "Site créé par l'API",
        "quartiers": [w["quartier"].code],
        "programme": "experimentation",
        "cohort": w["cohort"].pk,
    }


# (route name, method) → (URL kwargs from the world, body or None, expected statuses)
MATRIX = {
    ("api:racine", "GET"): ({}, None, EVERYONE),
    ("api:schema", "GET"): ({}, None, PUBLIC),
    ("api:docs", "GET"): ({}, None, PUBLIC),
    ("api:moi", "GET"): ({}, None, EVERYONE),
    ("api:moi", "PATCH"): ({}, lambda w: {"first_name": "Camille"}, EVERYONE),
    ("api:moi", "PUT"): ({}, lambda w: {"first_name": "Camille", "last_name": "Martin"}, EVERYONE),
    # Search: every signed-in user, within their scope (tests/recherche/).
    ("api:recherche", "GET"): ({}, None, EVERYONE),
    # Territories: reference data, read by all, written by nobody through the API.
    ("api:region-list", "GET"): ({}, None, EVERYONE),
    ("api:region-detail", "GET"): ({"pk": "region"}, None, EVERYONE),
    ("api:departement-list", "GET"): ({}, None, EVERYONE),
    ("api:departement-detail", "GET"): ({"pk": "departement"}, None, EVERYONE),
    ("api:epci-list", "GET"): ({}, None, EVERYONE),
    ("api:epci-detail", "GET"): ({"pk": "epci"}, None, EVERYONE),
    ("api:commune-list", "GET"): ({}, None, EVERYONE),
    ("api:commune-detail", "GET"): ({"pk": "commune"}, None, EVERYONE),
    ("api:quartier-list", "GET"): ({}, None, EVERYONE),
    ("api:quartier-detail", "GET"): ({"pk": "quartier"}, None, EVERYONE),
    # Official statistics of the QPV: reference data, read-only like the QPV.
    ("api:variable-list", "GET"): ({}, None, EVERYONE),
    ("api:variable-detail", "GET"): ({"pk": "variable"}, None, EVERYONE),
    ("api:statvalue-list", "GET"): ({}, None, EVERYONE),
    ("api:statvalue-detail", "GET"): ({"pk": "statvalue"}, None, EVERYONE),
    # Directory: structures are shared, people follow their sites.
    ("api:structure-list", "GET"): ({}, None, EVERYONE),
    ("api:structure-list", "POST"): (
        {},
        lambda w: {"name": "Centre social des Tilleuls", "kind": "association"},
        NOT_OBSERVER_CREATE,
    ),
    ("api:structure-detail", "GET"): ({"pk": "structure"}, None, EVERYONE),
    # Created by the admin, belonging to nobody: only administrators change it.
    ("api:structure-detail", "PUT"): (
        {"pk": "structure"},
        lambda w: {"name": "Renommée", "kind": "association"},
        expect(FORBIDDEN, admin_user=OK),
    ),
    ("api:structure-detail", "PATCH"): (
        {"pk": "structure"},
        lambda w: {"name": "Renommée"},
        expect(FORBIDDEN, admin_user=OK),
    ),
    ("api:personne-list", "GET"): ({}, None, EVERYONE),
    ("api:personne-list", "POST"): (
        {},
        lambda w: {"first_name": "Awa", "last_name": "Diallo"},
        NOT_OBSERVER_CREATE,
    ),
    ("api:personne-detail", "GET"): ({"pk": "personne"}, None, SITE_A_VIEW),
    ("api:personne-detail", "PUT"): (
        {"pk": "personne"},
        lambda w: {"first_name": "Awa", "last_name": "Diallo", "sites": [w["site"].pk]},
        SITE_A_CHANGE,
    ),
    ("api:personne-detail", "PATCH"): (
        {"pk": "personne"},
        lambda w: {"function": "coordinatrice"},
        SITE_A_CHANGE,
    ),
    # Sites
    ("api:site-list", "GET"): ({}, None, EVERYONE),
    ("api:site-list", "POST"): ({}, _site_payload, NATIONAL_CREATE),
    ("api:site-detail", "GET"): ({"pk": "site"}, None, SITE_A_VIEW),
    ("api:site-detail", "PUT"): ({"pk": "site"}, _site_payload, SITE_A_CHANGE),
    ("api:site-detail", "PATCH"): (
        {"pk": "site"},
        lambda w: {"description": "Quartier nord de la ville."},
        SITE_A_CHANGE,
    ),
    ("api:site-detail", "DELETE"): (
        {"pk": "site"},
        None,
        expect(FORBIDDEN, admin_user=NO_CONTENT, member_b=NOT_FOUND),
    ),
    ("api:site-statuts", "GET"): ({"pk": "site"}, None, SITE_A_VIEW),
    ("api:site-statuts", "POST"): (
        {"pk": "site"},
        lambda w: {"status": "vision_adoptee", "date": TODAY, "comment": "Vision votée."},
        SITE_A_CREATE,
    ),
    ("api:site-trinome", "GET"): ({"pk": "site"}, None, SITE_A_VIEW),
    ("api:site-trinome", "POST"): (
        {"pk": "site"},
        lambda w: {
            "seat": "etat",
            "personne": w["personne"].pk,
            "structure": w["etat"].pk,
            "start_date": TODAY,
        },
        SITE_A_CREATE,
    ),
    ("api:sitestatuschange-list", "GET"): ({}, None, EVERYONE),
    ("api:sitestatuschange-detail", "GET"): ({"pk": "status_change"}, None, SITE_A_VIEW),
    ("api:trinomemandate-list", "GET"): ({}, None, EVERYONE),
    ("api:trinomemandate-detail", "GET"): ({"pk": "mandate"}, None, SITE_A_VIEW),
    ("api:trinomemandate-terminer", "POST"): ({"pk": "mandate"}, None, SITE_A_CHANGE),
    # Programme
    ("api:accompaniment-list", "GET"): ({}, None, EVERYONE),
    ("api:accompaniment-list", "POST"): (
        {},
        lambda w: {
            "site": w["site"].pk,
            "centre": w["centre"].pk,
            "kind": "appui_methodologique",
            "start_date": TODAY,
        },
        # Member B may create accompaniments (on site B): site A does not exist for them.
        expect(CREATED, member_b=BAD_REQUEST, observer=FORBIDDEN),
    ),
    ("api:accompaniment-detail", "GET"): ({"pk": "accompaniment"}, None, SITE_A_VIEW),
    ("api:accompaniment-detail", "PUT"): (
        {"pk": "accompaniment"},
        lambda w: {
            "site": w["site"].pk,
            "centre": w["centre"].pk,
            "kind": "coaching",
            "start_date": "2024-03-01",
            "hours_planned": 9,
        },
        SITE_A_CHANGE,
    ),
    ("api:accompaniment-detail", "PATCH"): (
        {"pk": "accompaniment"},
        lambda w: {"hours_planned": 9},
        SITE_A_CHANGE,
    ),
    ("api:cohort-list", "GET"): ({}, None, EVERYONE),
    ("api:cohort-list", "POST"): (
        {},
        lambda w: {"year": 2026, "name": "Cohorte 2026"},
        NATIONAL_CREATE,
    ),
    ("api:cohort-detail", "GET"): ({"pk": "cohort"}, None, EVERYONE),
    ("api:cohort-detail", "PUT"): (
        {"pk": "cohort"},
        lambda w: {"year": w["cohort"].year, "name": "Deuxième vague"},
        NATIONAL_CHANGE,
    ),
    ("api:cohort-detail", "PATCH"): (
        {"pk": "cohort"},
        lambda w: {"name": "Vague 2"},
        NATIONAL_CHANGE,
    ),
    ("api:formationsession-list", "GET"): ({}, None, EVERYONE),
    ("api:formationsession-list", "POST"): (
        {},
        lambda w: {
            "cohort": w["cohort"].pk,
            "date": TODAY,
            "theme": "Mesurer ensemble",
            "sites_present": [w["site"].pk],
        },
        NATIONAL_CREATE,
    ),
    ("api:formationsession-detail", "GET"): ({"pk": "session"}, None, EVERYONE),
    ("api:formationsession-detail", "PUT"): (
        {"pk": "session"},
        lambda w: {"cohort": w["cohort"].pk, "date": TODAY, "theme": "Mesurer ensemble"},
        NATIONAL_CHANGE,
    ),
    ("api:formationsession-detail", "PATCH"): (
        {"pk": "session"},
        lambda w: {"place": "Lyon"},
        NATIONAL_CHANGE,
    ),
}


def _indicator_payload(w):
    return {
        "objective": w["objective"].pk,
        "name": "Part des jeunes en emploi",
        "unit": "%",
        "direction": "hausse",
        "baseline_value": 40,
        "baseline_date": "2024-01-01",
        "target_value": 50,
        "target_date": "2028-01-01",
        "frequency": "trimestrielle",
    }


SCORES = {
    f"{c}_score": 3
    for c in (
        "common_agenda",
        "shared_measurement",
        "reinforcing_activities",
        "communication",
        "backbone",
    )
}


def _without_vision(w):
    # Through the queryset: the shared world's instances stay as they are.
    Vision.objects.filter(site=w["site"]).delete()
    return {"site": w["site"].pk, "statement": "En 2035, le quartier…", "horizon": 2035}


MATRIX |= {
    # Visions: rows of site A, changed as site A is.
    ("api:vision-list", "GET"): ({}, None, EVERYONE),
    ("api:vision-list", "POST"): ({}, _without_vision, SITE_A_LINK_CREATE),
    ("api:vision-detail", "GET"): ({"pk": "vision"}, None, SITE_A_VIEW),
    ("api:vision-detail", "PUT"): (
        {"pk": "vision"},
        lambda w: {"statement": "En 2030, le quartier…", "horizon": 2031},
        SITE_A_CHANGE,
    ),
    ("api:vision-detail", "PATCH"): ({"pk": "vision"}, lambda w: {"horizon": 2032}, SITE_A_CHANGE),
    ("api:vision-statut", "POST"): (
        {"pk": "vision"},
        lambda w: {"status": "en_concertation"},
        SITE_A_CHANGE,
    ),
    ("api:vision-adopter", "POST"): (
        {"pk": "vision"},
        lambda w: {"adopted_on": TODAY, "adopted_by": "comité de pilotage"},
        SITE_A_CREATE,
    ),
    ("api:visionversion-list", "GET"): ({}, None, EVERYONE),
    ("api:visionversion-detail", "GET"): ({"pk": "version"}, None, SITE_A_VIEW),
    ("api:objective-list", "GET"): ({}, None, EVERYONE),
    ("api:objective-list", "POST"): (
        {},
        lambda w: {"vision": w["vision"].pk, "title": "Chaque jeune trouve sa voie"},
        SITE_A_LINK_CREATE,
    ),
    ("api:objective-detail", "GET"): ({"pk": "objective"}, None, SITE_A_VIEW),
    ("api:objective-detail", "PUT"): (
        {"pk": "objective"},
        lambda w: {"title": "Réussite éducative"},
        SITE_A_CHANGE,
    ),
    ("api:objective-detail", "PATCH"): (
        {"pk": "objective"},
        lambda w: {"description": "Du collège à l'emploi."},
        SITE_A_CHANGE,
    ),
    ("api:objective-detail", "DELETE"): ({"pk": "objective"}, None, SITE_A_DELETE),
    ("api:indicator-list", "GET"): ({}, None, EVERYONE),
    ("api:indicator-list", "POST"): ({}, _indicator_payload, SITE_A_LINK_CREATE),
    ("api:indicator-detail", "GET"): ({"pk": "indicator"}, None, SITE_A_VIEW),
    ("api:indicator-detail", "PUT"): ({"pk": "indicator"}, _indicator_payload, SITE_A_CHANGE),
    ("api:indicator-detail", "PATCH"): (
        {"pk": "indicator"},
        lambda w: {"source": "Mission locale"},
        SITE_A_CHANGE,
    ),
    ("api:indicator-detail", "DELETE"): ({"pk": "indicator"}, None, SITE_A_DELETE),
    ("api:measurement-list", "GET"): ({}, None, EVERYONE),
    ("api:measurement-list", "POST"): (
        {},
        lambda w: {"indicator": w["indicator"].pk, "date": TODAY, "value": 43.5},
        SITE_A_LINK_CREATE,
    ),
    ("api:measurement-lot", "POST"): (
        {},
        lambda w: [
            {"indicator": w["indicator"].pk, "date": "2025-01-01", "value": 43},
            {"indicator": w["indicator"].pk, "date": "2025-04-01", "value": 44},
        ],
        SITE_A_LINK_CREATE,
    ),
    ("api:measurement-detail", "GET"): ({"pk": "measurement"}, None, SITE_A_VIEW),
    ("api:measurement-detail", "DELETE"): ({"pk": "measurement"}, None, SITE_A_DELETE),
    ("api:action-list", "GET"): ({}, None, EVERYONE),
    ("api:action-list", "POST"): (
        {},
        lambda w: {"site": w["site"].pk, "title": "Chantier éducatif d'été"},
        SITE_A_LINK_CREATE,
    ),
    ("api:action-detail", "GET"): ({"pk": "action"}, None, SITE_A_VIEW),
    ("api:action-detail", "PUT"): (
        {"pk": "action"},
        lambda w: {"title": "Chantier éducatif", "objectives": [w["objective"].pk]},
        SITE_A_CHANGE,
    ),
    ("api:action-detail", "PATCH"): ({"pk": "action"}, lambda w: {"progress": 40}, SITE_A_CHANGE),
    ("api:action-detail", "DELETE"): ({"pk": "action"}, None, SITE_A_DELETE),
    ("api:milestone-list", "GET"): ({}, None, EVERYONE),
    ("api:milestone-list", "POST"): (
        {},
        lambda w: {"action": w["action"].pk, "title": "Premier chantier", "due_date": TODAY},
        SITE_A_LINK_CREATE,
    ),
    ("api:milestone-detail", "GET"): ({"pk": "milestone"}, None, SITE_A_VIEW),
    ("api:milestone-detail", "PUT"): (
        {"pk": "milestone"},
        lambda w: {"title": "Premier chantier", "due_date": TODAY, "done": True},
        SITE_A_CHANGE,
    ),
    ("api:milestone-detail", "PATCH"): (
        {"pk": "milestone"},
        lambda w: {"done": True},
        SITE_A_CHANGE,
    ),
    ("api:milestone-detail", "DELETE"): ({"pk": "milestone"}, None, SITE_A_DELETE),
    # Financements: funding lines as on an action's page; calls, proposals and reviews read.
    ("api:fundingline-list", "GET"): ({}, None, EVERYONE),
    ("api:fundingline-list", "POST"): (
        {},
        lambda w: {
            "action": w["action"].pk,
            "funder": w["structure"].pk,
            "funder_kind": "commune",
            "year": 2026,
            "requested": "5000.00",
            "status": "demande",
        },
        SITE_A_LINK_CREATE,
    ),
    ("api:fundingline-detail", "GET"): ({"pk": "funding_line"}, None, SITE_A_VIEW),
    ("api:fundingline-detail", "PUT"): (
        {"pk": "funding_line"},
        lambda w: {
            "funder": w["structure"].pk,
            "funder_kind": "caf",
            "year": 2026,
            "requested": "10000.00",
            "granted": "8000.00",
            "paid": "8000.00",
            "status": "solde",
            "convention_date": "2026-03-15",
        },
        SITE_A_CHANGE,
    ),
    ("api:fundingline-detail", "PATCH"): (
        {"pk": "funding_line"},
        lambda w: {"note": "Convention signée."},
        SITE_A_CHANGE,
    ),
    ("api:fundingline-detail", "DELETE"): ({"pk": "funding_line"}, None, SITE_A_DELETE),
    ("api:call-list", "GET"): ({}, None, EVERYONE),
    ("api:call-detail", "GET"): ({"pk": "call"}, None, SITE_A_VIEW),
    ("api:callproposal-list", "GET"): ({}, None, EVERYONE),
    ("api:callproposal-detail", "GET"): ({"pk": "call_proposal"}, None, SITE_A_VIEW),
    ("api:review-list", "GET"): ({}, None, EVERYONE),
    ("api:review-detail", "GET"): ({"pk": "review"}, None, SITE_A_VIEW),
    ("api:selfassessment-list", "GET"): ({}, None, EVERYONE),
    ("api:selfassessment-list", "POST"): (
        {},
        lambda w: {"site": w["site"].pk, "date": TODAY, **SCORES},
        SITE_A_LINK_CREATE,
    ),
    ("api:selfassessment-detail", "GET"): ({"pk": "assessment"}, None, SITE_A_VIEW),
    ("api:selfassessment-detail", "PUT"): (
        {"pk": "assessment"},
        lambda w: {"date": "2024-12-01", **SCORES},
        SITE_A_CHANGE,
    ),
    ("api:selfassessment-detail", "PATCH"): (
        {"pk": "assessment"},
        lambda w: {"backbone_score": 2},
        SITE_A_CHANGE,
    ),
    # Every site with its indicators' latest values; one site's indicators and measurements.
    ("api:siteindicators-list", "GET"): ({}, None, EVERYONE),
    ("api:siteindicators-detail", "GET"): ({"pk": "site"}, None, SITE_A_VIEW),
    ("api:site-indicateurs-list", "GET"): ({"site_pk": "site"}, None, SITE_A_VIEW),
    ("api:site-mesures-list", "GET"): ({"site_pk": "site"}, None, SITE_A_VIEW),
}


MEETING_TIMES = {"starts_at": "2026-03-10T18:00:00+01:00", "ends_at": "2026-03-10T20:00:00+01:00"}

MATRIX |= {
    # Cercles: rows of site A, changed as site A is.
    ("api:cercle-list", "GET"): ({}, None, EVERYONE),
    ("api:cercle-list", "POST"): (
        {},
        lambda w: {"site": w["site"].pk, "name": "Cercle jeunesse"},
        SITE_A_LINK_CREATE,
    ),
    ("api:cercle-detail", "GET"): ({"pk": "cercle"}, None, SITE_A_VIEW),
    ("api:cercle-detail", "PUT"): (
        {"pk": "cercle"},
        lambda w: {"name": "Cercle de la réussite", "kind": "cercle"},
        SITE_A_CHANGE,
    ),
    ("api:cercle-detail", "PATCH"): (
        {"pk": "cercle"},
        lambda w: {"objectives": [w["objective"].pk]},
        SITE_A_CHANGE,
    ),
    ("api:cerclemember-list", "GET"): ({}, None, EVERYONE),
    ("api:cerclemember-list", "POST"): (
        {},
        lambda w: {"cercle": w["cercle"].pk, "personne": w["newcomer"].pk, "role": "membre"},
        SITE_A_LINK_CREATE,
    ),
    ("api:cerclemember-detail", "GET"): ({"pk": "cercle_member"}, None, SITE_A_VIEW),
    ("api:cerclemember-detail", "PUT"): (
        {"pk": "cercle_member"},
        lambda w: {"role": "animateur", "joined_on": "2024-01-01"},
        SITE_A_CHANGE,
    ),
    ("api:cerclemember-detail", "PATCH"): (
        {"pk": "cercle_member"},
        lambda w: {"left_on": TODAY},
        SITE_A_CHANGE,
    ),
    ("api:meeting-list", "GET"): ({}, None, EVERYONE),
    ("api:meeting-list", "POST"): (
        {},
        lambda w: {"cercle": w["cercle"].pk, **MEETING_TIMES, "place": "Centre social"},
        SITE_A_LINK_CREATE,
    ),
    ("api:meeting-detail", "GET"): ({"pk": "meeting"}, None, SITE_A_VIEW),
    ("api:meeting-detail", "PUT"): (
        {"pk": "meeting"},
        lambda w: {**MEETING_TIMES, "place": "Médiathèque"},
        SITE_A_CHANGE,
    ),
    ("api:meeting-detail", "PATCH"): (
        {"pk": "meeting"},
        lambda w: {"minutes": "**Décidé** : un chantier d'été."},
        SITE_A_CHANGE,
    ),
    ("api:decision-list", "GET"): ({}, None, EVERYONE),
    ("api:decision-list", "POST"): (
        {},
        lambda w: {"meeting": w["meeting"].pk, "text": "Lancer un chantier d'été."},
        SITE_A_LINK_CREATE,
    ),
    ("api:decision-detail", "GET"): ({"pk": "decision"}, None, SITE_A_VIEW),
    ("api:decision-detail", "PUT"): (
        {"pk": "decision"},
        lambda w: {"text": "Lancer deux chantiers d'été."},
        SITE_A_CHANGE,
    ),
    ("api:decision-detail", "PATCH"): (
        {"pk": "decision"},
        lambda w: {"review_on": "2026-09-01"},
        SITE_A_CHANGE,
    ),
    # Proposals: read as the pages; a member's answers are theirs alone (member A's here).
    ("api:proposal-list", "GET"): ({}, None, EVERYONE),
    ("api:proposal-detail", "GET"): ({"pk": "proposal"}, None, SITE_A_VIEW),
    ("api:proposalanswer-list", "GET"): ({}, None, EVERYONE),
    ("api:proposalanswer-detail", "GET"): (
        {"pk": "own_answer"},
        None,
        expect(NOT_FOUND, member_a=OK),
    ),
    ("api:commitment-list", "GET"): ({}, None, EVERYONE),
    ("api:commitment-list", "POST"): (
        {},
        lambda w: {
            "meeting": w["meeting"].pk,
            "text": "Trouver un lieu",
            "owner": w["cercle_member"].personne.pk,
            "due_on": "2026-06-30",
        },
        SITE_A_LINK_CREATE,
    ),
    ("api:commitment-detail", "GET"): ({"pk": "commitment"}, None, SITE_A_VIEW),
    ("api:commitment-detail", "PUT"): (
        {"pk": "commitment"},
        lambda w: {
            "text": "Trouver deux lieux",
            "owner": w["cercle_member"].personne.pk,
            "due_on": "2026-07-15",
        },
        SITE_A_CHANGE,
    ),
    ("api:commitment-detail", "PATCH"): (
        {"pk": "commitment"},
        lambda w: {"status": "fait"},
        SITE_A_CHANGE,
    ),
    # Notifications: one's own only (the world's belongs to member A).
    ("api:notification-list", "GET"): ({}, None, EVERYONE),
    ("api:notification-detail", "GET"): (
        {"pk": "notification"},
        None,
        expect(NOT_FOUND, member_a=OK),
    ),
    ("api:notification-lire", "POST"): (
        {"pk": "notification"},
        None,
        expect(NOT_FOUND, member_a=OK),
    ),
    ("api:notification-tout-lire", "POST"): ({}, None, EVERYONE),
}

# The indicator library (ANCT curates it) and vision templates: the programme's to read.
MATRIX |= {
    ("api:indicatordefinition-list", "GET"): ({}, None, EVERYONE),
    ("api:indicatordefinition-list", "POST"): (
        {},
        lambda w: {"name": "Taux d'emploi des 15-64 ans", "definition": "…", "direction": "hausse"},
        NATIONAL_CREATE,
    ),
    ("api:indicatordefinition-detail", "GET"): ({"pk": "definition"}, None, EVERYONE),
    ("api:indicatordefinition-detail", "PUT"): (
        {"pk": "definition"},
        lambda w: {"name": "Réussite au brevet", "definition": "…", "direction": "hausse"},
        NATIONAL_CHANGE,
    ),
    ("api:indicatordefinition-detail", "PATCH"): (
        {"pk": "definition"},
        lambda w: {"status": "validee"},
        NATIONAL_CHANGE,
    ),
    ("api:visiontemplate-list", "GET"): ({}, None, EVERYONE),
    ("api:visiontemplate-detail", "GET"): ({"pk": "vision_template"}, None, EVERYONE),
}


def _practice(w):
    return {
        "site": w["site"].pk,
        "title": "Les cafés des parents",
        "theme": "participation",
        "problem": "Les parents ne venaient plus.",
        "what_was_done": "Des cafés au pied des immeubles.",
    }


# Pratiques inspirantes: the exception to per-site scoping, as on the pages — a published
# practice is read by everyone (member B included); a draft follows its site.
MATRIX |= {
    ("api:practice-list", "GET"): ({}, None, EVERYONE),
    ("api:practice-list", "POST"): ({}, _practice, SITE_A_LINK_CREATE),
    ("api:practice-detail", "GET"): ({"pk": "practice"}, None, EVERYONE),
    ("api:practice-detail", "PUT"): ({"pk": "draft_practice"}, _practice, SITE_A_CHANGE),
    ("api:practice-detail", "PATCH"): (
        {"pk": "draft_practice"},
        lambda w: {"lessons": "Aller vers."},
        SITE_A_CHANGE,
    ),
    # Adopting needs a site one changes other than its own (A): the administrator and
    # member B adopt it into site B.
    ("api:practice-adopter", "POST"): (
        {"pk": "practice"},
        lambda w: {"site": w["site_b"].pk},
        expect(FORBIDDEN, admin_user=CREATED, member_b=CREATED),
    ),
}


def api_routes(resolver=None, namespace=""):
    """(route name, HTTP method) of every route under the ``api`` namespace."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from api_routes(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name and namespace.startswith("api:"):
            callback = entry.callback
            actions = getattr(callback, "actions", None)
            if actions:
                methods = actions
            else:
                view = callback.view_class
                methods = [m for m in view.http_method_names if hasattr(view, m)]
            for method in methods:
                if method not in ("head", "options"):
                    yield (f"{namespace}{entry.name}", method.upper())


def test_every_api_route_and_method_is_in_the_matrix():
    routes = set(api_routes())
    assert routes, "no API route found"
    missing = sorted(routes - set(MATRIX))
    assert not missing, f"API routes without an expected result per role: {missing}"
    stale = sorted(set(MATRIX) - routes)
    assert not stale, f"Matrix rows for routes that do not exist: {stale}"


def _url(world, name, kwargs):
    return reverse(name, kwargs={key: world[obj].pk for key, obj in kwargs.items()})


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("route", "method"), sorted(MATRIX), ids=lambda v: str(v))
def test_api_permission_matrix(route, method, persona, api_world, db):
    kwargs, payload, expected = MATRIX[(route, method)]
    url = _url(api_world, route, kwargs)
    body = payload(api_world) if payload else None
    response = call(client_for(api_world["personas"][persona]), method, url, body)
    assert response.status_code == expected[persona], (
        f"{persona} {method} {url}: {response.status_code}, expected {expected[persona]}: "
        f"{response.content[:300]!r}"
    )
    if response.status_code >= 400:
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["detail"]


# Every object that belongs to site A, with the routes that address it by id.
SITE_A_OBJECTS = [
    ("site", "api:site-detail"),
    ("site", "api:site-statuts"),
    ("site", "api:site-trinome"),
    ("status_change", "api:sitestatuschange-detail"),
    ("mandate", "api:trinomemandate-detail"),
    ("mandate", "api:trinomemandate-terminer"),
    ("accompaniment", "api:accompaniment-detail"),
    ("personne", "api:personne-detail"),
    ("vision", "api:vision-detail"),
    ("vision", "api:vision-statut"),
    ("vision", "api:vision-adopter"),
    ("version", "api:visionversion-detail"),
    ("objective", "api:objective-detail"),
    ("indicator", "api:indicator-detail"),
    ("measurement", "api:measurement-detail"),
    ("action", "api:action-detail"),
    ("milestone", "api:milestone-detail"),
    ("funding_line", "api:fundingline-detail"),
    ("call", "api:call-detail"),
    ("call_proposal", "api:callproposal-detail"),
    ("review", "api:review-detail"),
    ("assessment", "api:selfassessment-detail"),
    ("site", "api:siteindicators-detail"),
    ("site", "api:site-indicateurs-list", "site_pk"),
    ("site", "api:site-mesures-list", "site_pk"),
    ("cercle", "api:cercle-detail"),
    ("cercle_member", "api:cerclemember-detail"),
    ("meeting", "api:meeting-detail"),
    ("decision", "api:decision-detail"),
    ("commitment", "api:commitment-detail"),
    ("proposal", "api:proposal-detail"),
    ("own_answer", "api:proposalanswer-detail"),
    ("notification", "api:notification-detail"),
    ("notification", "api:notification-lire"),
]


@pytest.mark.parametrize("entry", SITE_A_OBJECTS, ids=lambda e: f"{e[1]}")
def test_a_member_of_site_b_finds_none_of_site_a_objects(entry, api_world, db):
    """For every method of the route, site A's objects do not exist for member B: 404,
    the very answer of an id that was never used — never 403, which would tell them apart."""
    obj, route, kwarg = (*entry, "pk")[:3]
    client = client_for(api_world["personas"]["member_b"])
    url = _url(api_world, route, {kwarg: obj})
    methods = [m for (name, m) in MATRIX if name == route]
    assert methods
    for method in methods:
        response = call(client, method, url, {} if method != "GET" else None)
        assert response.status_code == NOT_FOUND, (method, url, response.content)
        never_used = call(client, method, url.replace(f"/{api_world[obj].pk}/", "/987654/"))
        assert response.json() == never_used.json()


def test_lists_show_member_b_nothing_of_site_a(api_world, db):
    factories.TrinomeMandateFactory(site=api_world["site_b"])
    factories.AccompanimentFactory(site=api_world["site_b"], centre=api_world["centre"])
    client = client_for(api_world["personas"]["member_b"])
    for route in [
        "api:site-list",
        "api:sitestatuschange-list",
        "api:trinomemandate-list",
        "api:accompaniment-list",
        "api:personne-list",
    ]:
        ids = {row["id"] for row in client.get(reverse(route)).json()["results"]}
        assert ids, route  # member B sees their own site's rows…
        site_a_ids = {
            "api:site-list": {api_world["site"].pk},
            "api:sitestatuschange-list": {api_world["status_change"].pk},
            "api:trinomemandate-list": {api_world["mandate"].pk},
            "api:accompaniment-list": {api_world["accompaniment"].pk},
            "api:personne-list": {api_world["personne"].pk},
        }[route]
        assert not ids & site_a_ids, route  # …and none of site A's


SITE_ROW_LISTS = [
    ("api:vision-list", "vision"),
    ("api:visionversion-list", "version"),
    ("api:objective-list", "objective"),
    ("api:indicator-list", "indicator"),
    ("api:measurement-list", "measurement"),
    ("api:action-list", "action"),
    ("api:milestone-list", "milestone"),
    ("api:fundingline-list", "funding_line"),
    ("api:call-list", "call"),
    ("api:callproposal-list", "call_proposal"),
    ("api:review-list", "review"),
    ("api:selfassessment-list", "assessment"),
    ("api:siteindicators-list", "site"),
    ("api:cercle-list", "cercle"),
    ("api:cerclemember-list", "cercle_member"),
    ("api:meeting-list", "meeting"),
    ("api:decision-list", "decision"),
    ("api:commitment-list", "commitment"),
    ("api:proposal-list", "proposal"),
    ("api:proposalanswer-list", "own_answer"),
    ("api:notification-list", "notification"),
]


@pytest.mark.parametrize(("route", "obj"), SITE_ROW_LISTS)
def test_visions_and_cercles_lists_show_member_b_nothing_of_site_a(route, obj, api_world, db):
    member_a, member_b = api_world["personas"]["member_a"], api_world["personas"]["member_b"]
    seen_by_a = {row["id"] for row in client_for(member_a).get(reverse(route)).json()["results"]}
    assert api_world[obj].pk in seen_by_a, route
    seen_by_b = {row["id"] for row in client_for(member_b).get(reverse(route)).json()["results"]}
    assert api_world[obj].pk not in seen_by_b, route
