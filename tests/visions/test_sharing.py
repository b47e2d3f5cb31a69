"""The indicator library (shared definitions, cross-site comparison, proposals) and vision
templates (saved from an adopted vision, a new site starts from one)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tests import factories
from tests.conftest import client_for
from visions.enums import VisionStatus
from visions.models import Action, Indicator, IndicatorDefinition, Measurement, Vision

pytestmark = pytest.mark.django_db


def _adopted_vision(site):
    return factories.VisionFactory(
        site=site,
        status=VisionStatus.ADOPTEE,
        adopted_on=datetime.date(2025, 3, 1),
        adopted_by="comité de pilotage",
        statement="Vision écrite par Madame Odile Verdier et ses voisins.",
    )


def test_a_site_started_from_a_template_has_its_shape_and_none_of_the_origin(
    site_a, centre_user, admin_user
):
    definition = factories.IndicatorDefinitionFactory(name="Taux de réussite au brevet")
    vision = _adopted_vision(site_a)
    first = factories.ObjectiveFactory(vision=vision, title="Réussite éducative", position=1)
    second = factories.ObjectiveFactory(vision=vision, title="Emploi des jeunes", position=2)
    brevet = factories.IndicatorFactory(
        objective=first,
        name="Réussite au brevet",
        definition=definition,
        baseline_value=Decimal("61.5"),
        target_value=Decimal("75"),
        source="Collège Jean-Moulin",
    )
    factories.MeasurementFactory(indicator=brevet, value=Decimal("66.6"))
    factories.IndicatorFactory(objective=second, name="Jeunes suivis par la mission locale")
    person = factories.PersonneFactory(sites=[site_a], last_name="Verdier")
    factories.TrinomeMandateFactory(site=site_a, personne=person)
    factories.ActionFactory(site=site_a, title="Aide aux devoirs", description="Par Mme Verdier")

    # A resource centre accompanying site A saves its vision as a template.
    response = client_for(centre_user).post(
        reverse("visions:template_create", args=[site_a.pk]),
        {"name": "Modèle réussite et emploi", "description": "Pour démarrer."},
    )
    assert response.status_code == 302, response.content.decode()
    template_url = response["Location"]
    page = client_for(centre_user).get(template_url).content.decode()
    assert "Réussite au brevet" in page and "Aide aux devoirs" in page
    assert "61,5" not in page and "Verdier" not in page

    # A new site starts its vision from it.
    new_site = factories.SiteFactory(name="Nouveau site")
    newcomer = factories.UserFactory(role="membre")
    factories.SiteAccessFactory(site=new_site, user=newcomer)
    template_pk = int(template_url.rstrip("/").rsplit("/", 1)[1])
    response = client_for(newcomer).post(
        reverse("visions:vision_from_template", args=[new_site.pk]),
        {"template": template_pk, "statement": "Notre vision, à écrire.", "horizon": 2032},
    )
    assert response["Location"] == reverse("visions:vision_tree", args=[new_site.pk])
    started = Vision.objects.get(site=new_site)
    assert started.statement == "Notre vision, à écrire."
    assert [o.title for o in started.objectives.order_by("position")] == [
        "Réussite éducative",
        "Emploi des jeunes",
    ]
    copied = Indicator.objects.get(objective__vision=started, name="Réussite au brevet")
    assert copied.definition == definition
    assert (copied.unit, copied.direction, copied.frequency, copied.source) == (
        brevet.unit,
        brevet.direction,
        brevet.frequency,
        "Collège Jean-Moulin",
    )
    # None of the origin's values or people.
    assert copied.baseline_value == 0 and copied.target_value is None
    assert not Measurement.objects.filter(indicator__objective__vision=started).exists()
    assert not Action.objects.filter(site=new_site).exists()
    assert not new_site.trinome_mandates.exists()
    tree = client_for(newcomer).get(reverse("visions:vision_tree", args=[new_site.pk]))
    text = tree.content.decode()
    assert "Réussite au brevet" in text
    assert "Verdier" not in text and "61,5" not in text and "66,6" not in text
    # A second start is refused in French: the template only starts a vision.
    again = client_for(newcomer).post(
        reverse("visions:vision_from_template", args=[new_site.pk]), {"template": template_pk}
    )
    assert "déjà des objectifs" in again.content.decode()


def test_a_member_cannot_save_a_template_and_a_draft_vision_is_refused(site_a, member_a, chef):
    factories.ObjectiveFactory(vision=factories.VisionFactory(site=site_a))
    url = reverse("visions:template_create", args=[site_a.pk])
    assert client_for(member_a).get(url).status_code == 403
    response = client_for(chef).post(url, {"name": "Essai"})
    assert response.status_code == 200
    assert "Seule une vision adoptée" in response.content.decode()


def test_a_site_proposes_its_indicator_and_anct_curates_it(site_a, member_a, chef):
    indicator = factories.IndicatorFactory(
        objective__vision__site=site_a, name="Familles reçues à la permanence", unit="familles"
    )
    client_for(member_a).post(reverse("visions:indicator_propose", args=[indicator.pk]))
    definition = IndicatorDefinition.objects.get()
    assert definition.status == "proposee" and definition.unit == "familles"
    indicator.refresh_from_db()
    assert indicator.definition == definition
    # A member does not curate; the chef de projet validates it.
    edit = reverse("visions:definition_edit", args=[definition.pk])
    assert client_for(member_a).get(edit).status_code == 403
    client_for(chef).post(
        edit,
        {
            "name": definition.name,
            "definition": "Familles reçues au moins une fois dans l'année.",
            "unit": "familles",
            "direction": "hausse",
            "status": "validee",
        },
    )
    definition.refresh_from_db()
    assert definition.status == "validee"


def test_indicators_sharing_a_definition_compare_across_sites(
    site_a, site_b, member_b, chef, query_budget
):
    definition = factories.IndicatorDefinitionFactory(name="Réussite au brevet", unit="%")
    for site, value in ((site_a, "71.2"), (site_b, "64.8")):
        indicator = factories.IndicatorFactory(objective__vision__site=site, definition=definition)
        factories.MeasurementFactory(indicator=indicator, value=Decimal(value))
    url = definition.get_absolute_url()
    with query_budget("definition_detail.chef"):
        page = client_for(chef).get(url).content.decode()
    assert site_a.name in page and site_b.name in page
    assert "71,2" in page and "64,8" in page and "<svg" in page
    # Member B compares with what they may see: their own site only.
    page = client_for(member_b).get(url).content.decode()
    assert site_b.name in page and site_a.name not in page
    for _ in range(5):
        other = factories.SiteFactory()
        indicator = factories.IndicatorFactory(objective__vision__site=other, definition=definition)
        factories.MeasurementFactory(indicator=indicator)
    with query_budget("definition_detail.chef"):
        client_for(chef).get(url)


def test_choosing_a_library_definition_sets_the_unit(site_a, member_a):
    definition = factories.IndicatorDefinitionFactory(unit="%")
    indicator = factories.IndicatorFactory(objective__vision__site=site_a, unit="élèves")
    client_for(member_a).post(
        reverse("visions:indicator_edit", args=[indicator.pk]),
        {
            "objective": indicator.objective_id,
            "name": indicator.name,
            "definition": definition.pk,
            "unit": "élèves",
            "direction": "hausse",
            "baseline_value": "40",
            "baseline_date": "2024-01-01",
            "target_value": "50",
            "target_date": "2028-01-01",
            "frequency": "trimestrielle",
        },
    )
    indicator.refresh_from_db()
    assert (indicator.definition, indicator.unit) == (definition, "%")


@pytest.mark.parametrize("page", ["definition_list", "template_list", "template_detail"])
def test_library_and_template_pages_query_counts(page, chef, query_budget):
    def grow():
        definition = factories.IndicatorDefinitionFactory()
        factories.IndicatorFactory(definition=definition)
        line = factories.TemplateIndicatorFactory(objective__template=template)
        factories.TemplateIndicatorFactory(objective=line.objective, definition=definition)
        factories.TemplateActionThemeFactory(template=template)
        factories.VisionTemplateFactory()

    template = factories.VisionTemplateFactory()
    grow()
    url = (
        reverse(f"visions:{page}", args=[template.pk])
        if page == "template_detail"
        else reverse(f"visions:{page}")
    )
    with query_budget(f"{page}"):
        assert client_for(chef).get(url).status_code == 200
    for _ in range(4):
        grow()
    with query_budget(f"{page}"):
        assert client_for(chef).get(url).status_code == 200
