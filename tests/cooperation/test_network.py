"""A site's map of actors: links derived from the data with their origins, the network as
of a date, what its metrics say, hand-made links, and a fixed cost per page."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperation import metrics
from cooperation.enums import LinkKind, Origin
from cooperation.indicators import cooperation_indicators_record
from cooperation.models import Link, NetworkSnapshot
from cooperation.network import build_network
from tests import factories
from tests.conftest import client_for
from tests.cooperation.conftest import member as _member

pytestmark = pytest.mark.django_db

D = datetime.date


def _edge(network, a, b):
    key = (min(a.pk, b.pk), max(a.pk, b.pk))
    return network.edges.get(key)


def test_links_are_derived_from_the_data_with_their_origin_and_date(site_a, actors):
    network = build_network(site_a, D(2026, 1, 1))
    s = actors
    cercle = _edge(network, s["centre_social"], s["mission_locale"])
    assert [(o.origin, o.label, o.since) for o in cercle.origins] == [
        (Origin.CERCLE, "Cercle emploi", D(2024, 6, 1))  # the later arrival
    ]
    trinome = _edge(network, s["ville"], s["prefecture"])
    assert trinome.kinds == [Origin.TRINOME] and trinome.since == D(2023, 1, 1)
    action = _edge(network, s["college"], s["bailleur"])
    assert action.origins[0].label == "Stages de 3e" and action.since == D(2025, 9, 1)
    assert _edge(network, s["bailleur"], s["centre_social"]).kinds == [Origin.ACTION]
    # The abandoned action links nobody.
    assert _edge(network, s["college"], s["ville"]) is None
    # The resource centre is linked to the trinôme it accompanies.
    assert _edge(network, s["centre"], s["ville"]).since == D(2024, 3, 1)
    assert _edge(network, s["centre"], s["prefecture"]).kinds == [Origin.ACCOMPAGNEMENT]
    assert len(network.nodes) == 7


def test_a_hand_made_link_adds_to_the_derived_ones(site_a, actors):
    s = actors
    factories.LinkFactory(
        site=site_a,
        source=s["mission_locale"],
        target=s["centre_social"],
        kind=LinkKind.ORIENTE,
        start_date=D(2022, 5, 1),
    )
    edge = _edge(build_network(site_a, D(2026, 1, 1)), s["centre_social"], s["mission_locale"])
    assert edge.kinds == [Origin.CERCLE, Origin.MANUEL]
    assert edge.since == D(2022, 5, 1)
    assert "oriente vers" in [o.label for o in edge.origins]


def test_the_network_as_of_a_date_keeps_what_was_true_that_day(site_a, actors):
    s = actors
    then = build_network(site_a, D(2023, 6, 1))
    # Only the trinôme (ville, préfecture) and the centre social alone in its cercle.
    assert set(then.nodes) == {s["ville"].pk, s["prefecture"].pk, s["centre_social"].pk}
    assert list(then.edges) == [tuple(sorted((s["ville"].pk, s["prefecture"].pk)))]
    # A member who left is no longer linked.
    cercle = site_a.cercles.get()
    cercle.memberships.filter(personne__structure=s["mission_locale"]).update(left_on=D(2025, 1, 1))
    assert (
        _edge(build_network(site_a, D(2026, 1, 1)), s["centre_social"], s["mission_locale"]) is None
    )
    assert _edge(build_network(site_a, D(2024, 12, 1)), s["centre_social"], s["mission_locale"])


def test_metrics_of_a_small_known_graph(site_a):
    """A star around the centre social (3 fields) and a tail: A-B, A-C, A-D, D-E."""
    a = factories.StructureFactory(name="Centre social", kind="association")
    b = factories.StructureFactory(name="Collège", kind="education")
    c = factories.StructureFactory(name="Mission locale", kind="emploi")
    d = factories.StructureFactory(name="Ville", kind="collectivite")
    e = factories.StructureFactory(name="Bailleur", kind="bailleur")
    for source, target, start in [(a, b, 2020), (a, c, 2021), (a, d, 2022), (d, e, 2026)]:
        factories.LinkFactory(site=site_a, source=source, target=target, start_date=D(start, 2, 1))
    figures = metrics.compute(build_network(site_a, D(2026, 6, 1)))
    assert figures["structures"] == 5
    assert figures["links"] == 4
    assert figures["fields"] == 5
    assert figures["cross_field_links"] == 4
    assert figures["density"] == 0.4
    assert figures["new_links"] == 1
    assert figures["bridges"][0]["name"] == "Centre social"
    assert figures["bridges"][0]["fields"] == 3 and figures["bridges"][0]["alone"] == 3
    assert figures["bridges"][1]["name"] == "Ville"
    assert figures["central"][0] == {"id": a.pk, "name": "Centre social", "degree": 3}
    said = metrics.sentences(figures)
    assert "Centre social relie 3 champs qui ne se parlent pas ailleurs." in said
    assert "5 structures de 5 champs travaillent ensemble." in said


def test_a_hand_made_link_changes_the_metrics_shown(site_a, member_a, actors):
    client = client_for(member_a)
    url = reverse("cooperation:site_map", args=[site_a.pk])
    page = client.get(url).content.decode()
    before = NetworkSnapshot.objects.get(site=site_a).metrics["links"]
    assert f'id="mesure-liens">{before}<' in page
    response = client.post(
        reverse("cooperation:link_create", args=[site_a.pk]),
        {
            "source": actors["mission_locale"].pk,
            "kind": LinkKind.ORIENTE,
            "target": actors["college"].pk,
            "start_date": "2025-10-01",
            "note": "Les élèves de 3e en recherche de stage.",
        },
    )
    assert response.status_code == 302
    link = Link.objects.get(site=site_a)
    assert link.author == member_a
    page = client.get(url).content.decode()
    assert f'id="mesure-liens">{before + 1}<' in page
    assert "Oriente vers : oriente vers" not in page  # labels are not doubled
    assert "Lien saisi : oriente vers (01/10/2025)" in page


def test_a_link_to_itself_is_refused_in_french(site_a, member_a, actors):
    response = client_for(member_a).post(
        reverse("cooperation:link_create", args=[site_a.pk]),
        {
            "source": actors["college"].pk,
            "kind": LinkKind.COOPERE,
            "target": actors["college"].pk,
            "start_date": "2025-10-01",
        },
    )
    assert response.status_code == 200
    assert "Un lien relie deux structures différentes." in response.content.decode()
    assert not Link.objects.exists()


def test_the_map_filters_by_field_and_goes_back_in_time_without_javascript(
    site_a, member_a, actors
):
    client = client_for(member_a)
    url = reverse("cooperation:site_map", args=[site_a.pk])
    page = client.get(url, {"champ": "association"}).content.decode()
    table = page[page.index('id="tableau-structures"') :]
    assert "Centre social" in table and "Collège" not in table
    page = client.get(url, {"au": "2023-06-01"}).content.decode()
    assert "au 01/06/2023" in page
    assert 'id="mesure-structures">3<' in page
    page = client.get(url, {"au": "1200-01-01"})
    assert page.status_code == 200
    assert "corrigez la date" in page.content.decode()


def test_the_map_costs_the_same_queries_whatever_the_size(site_a, member_a, actors):
    client = client_for(member_a)
    url = reverse("cooperation:site_map", args=[site_a.pk])
    counts = []
    for size in (1, 2):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"au": "2025-12-01"}).status_code == 200
        counts.append(len(captured))
        cercle = factories.CercleFactory(site=site_a)
        for index in range(10 * size):
            structure = factories.StructureFactory(kind="sante")
            _member(cercle, structure, D(2024, 1, 1 + index))
            factories.LinkFactory(site=site_a, source=structure, target=actors["ville"])
            factories.ActionFactory(site=site_a, porteur=structure).partners.add(actors["bailleur"])
    assert counts[0] == counts[1]


def test_stored_metrics_follow_the_data_and_the_command_checks_them(site_a, actors):
    call_command("cooperation_metrics")
    call_command("cooperation_metrics", "--check")
    snapshot = NetworkSnapshot.objects.get(site=site_a)
    snapshot.metrics = {**snapshot.metrics, "links": 999}
    snapshot.save()
    with pytest.raises(CommandError):
        call_command("cooperation_metrics", "--check")
    call_command("cooperation_metrics")
    call_command("cooperation_metrics", "--check")
    # A write on the site changes its stamp: the metrics are stale until recomputed.
    factories.LinkFactory(site=site_a)
    with pytest.raises(CommandError):
        call_command("cooperation_metrics", "--check")


def test_the_national_view_shows_structures_active_on_several_sites(
    site_a, site_b, admin_user, actors
):
    factories.LinkFactory(site=site_b, source=actors["centre"], target=actors["ville"])
    call_command("cooperation_metrics")
    page = client_for(admin_user).get(reverse("cooperation:national")).content.decode()
    shared = page[page.index('id="structures-partagees"') :]
    assert "IREV" in shared and "Ville" in shared
    assert "Collège" not in shared


def test_the_national_view_compares_the_sites_cooperation_indicators(site_a, site_b, chef, actors):
    objective = factories.ObjectiveFactory(vision=factories.VisionFactory(site=site_a))
    factories.IndicatorFactory(
        objective=objective,
        name="Structures impliquées",
        family="cooperation",
        cooperation_metric="structures",
    )
    cooperation_indicators_record(today=D(2026, 1, 15))
    page = client_for(chef).get(reverse("cooperation:national")).content.decode()
    table = page[page.index('id="indicateurs-cooperation"') :]
    assert "Site A — Montreynaud" in table and "(31/12/2025)" in table


def test_a_grant_links_the_funder_to_the_action_s_porteur_from_its_convention(site_a, actors):
    s = actors
    caf = factories.StructureFactory(name="CAF de la Loire", kind="autre")
    action = factories.ActionFactory(
        site=site_a, title="Ateliers parents", porteur=s["centre_social"]
    )
    factories.FundingLineFactory(
        action=action, funder=caf, year=2025, convention_date=D(2025, 4, 2)
    )
    # A request still pending links nobody.
    factories.FundingLineFactory(
        action=action,
        funder=s["bailleur"],
        year=2025,
        status="demande",
        granted=None,
        paid=0,
        convention_date=None,
    )
    edge = _edge(build_network(site_a, D(2026, 1, 1)), caf, s["centre_social"])
    assert edge.kinds == [Origin.FINANCEMENT]
    assert (edge.origins[0].label, edge.since) == ("Ateliers parents (2025)", D(2025, 4, 2))
    assert _edge(build_network(site_a, D(2025, 3, 1)), caf, s["centre_social"]) is None
    bailleur = _edge(build_network(site_a, D(2026, 1, 1)), s["bailleur"], s["centre_social"])
    assert Origin.FINANCEMENT not in (bailleur.kinds if bailleur else [])
