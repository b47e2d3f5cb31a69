"""Demo of learning across sites: a library of shared indicator definitions used by the
demo indicators, two vision templates saved from adopted visions, a few pratiques
inspirantes (published, proposed) written from demo actions, and one adoption.

Keyed by what does not move (names, titles), dated relative to the seeding day, so a
second run changes nothing.
"""

import datetime

from django.utils import timezone

from accounts.models import User
from demo import visions_data
from pratiques import services as practice_services
from pratiques.enums import PracticeStatus
from pratiques.models import Practice, PracticeAdoption
from quartiers import models as q
from quartiers import stamps
from visions import models as v
from visions import sharing
from visions.enums import DefinitionStatus

# Definitions worth sharing: the demo's indicators that several sites measure, and the
# ANCT/INSEE context figures.
LIBRARY_SIZE = 10
METHODS = {
    "%": "Part, en pourcentage, de la population concernée ; numérateur et dénominateur "
    "de la même source et de la même année.",
    "€": "Valeur en euros courants de l'année de la source.",
}
TEMPLATE_SITES = [
    ("Saint-Étienne Métropole — quartiers Est et Ondaine", "Modèle « réussite et emploi »"),
    ("Vaulx-en-Velin — Mas des Sources", "Modèle « cadre de vie et participation »"),
]
# (site, theme, objective theme, status, contact e-mail, lessons)
PRACTICES = [
    (
        "Saint-Étienne Métropole — quartiers Est et Ondaine",
        "participation",
        PracticeStatus.PUBLIEE,
        "membre@qic.demo",
        "Aller vers les familles là où elles sont, plutôt que de les convoquer ; un "
        "binôme parent-professionnel pour animer.",
    ),
    (
        "Vaulx-en-Velin — Mas des Sources",
        "action",
        PracticeStatus.PUBLIEE,
        "chef@qic.demo",
        "Partir d'un diagnostic en marchant avec les habitants ; tenir un calendrier public.",
    ),
    (
        "Marseille — Vallée de l'Huveaune",
        "gouvernance",
        PracticeStatus.PROPOSEE,
        "membre@qic.demo",
        "Un seul comité pour les financeurs, qui se réunit sur les objectifs de la vision.",
    ),
]
ADOPTER = ("Roubaix — L'Alma et le Pile", "membre.roubaix@qic.demo")


def _library() -> list[v.IndicatorDefinition]:
    specs = {}
    for theme in visions_data.THEMES.values():
        for name, unit, source, direction, _b, _t, frequency in theme["indicators"]:
            specs.setdefault(name, (unit, source, direction, frequency))
    for name, unit, source, direction, _b, _t, frequency in visions_data.CONTEXT_INDICATORS:
        specs.setdefault(name, (unit, source, direction, frequency))
    measured = set(v.Indicator.objects.filter(name__in=specs).values_list("name", flat=True))
    chosen = sorted(name for name in specs if name in measured)[:LIBRARY_SIZE]
    definitions = []
    for name in chosen:
        unit, source, direction, frequency = specs[name]
        definition, _created = v.IndicatorDefinition.objects.get_or_create(
            name=name,
            defaults={
                "definition": name + ".",
                "unit": unit,
                "direction": direction,
                "calculation_method": METHODS.get(unit, "Comptage du site, au dernier jour."),
                "source": source,
                "frequency": frequency,
                "maintainer": "ANCT",
                "status": DefinitionStatus.VALIDEE,
            },
        )
        # The demo indicators of that name use it (those a site defined on its own stay).
        own = v.Indicator.objects.filter(name=name, unit=unit, definition__isnull=True)
        pks = list(own.values_list("pk", flat=True))
        own.update(definition=definition)
        stamps.rows_touch(v.Indicator, pks)
        definitions.append(definition)
    return definitions


def _templates(author) -> None:
    for site_name, name in TEMPLATE_SITES:
        if v.VisionTemplate.objects.filter(name=name).exists():
            continue
        vision = v.Vision.objects.filter(site__name=site_name, adopted_on__isnull=False).first()
        if vision is None:
            continue
        sharing.template_from_vision(
            vision=vision,
            name=name,
            description=f"Les objectifs et indicateurs de la vision adoptée de {site_name}, "
            "sans ses valeurs : à adapter.",
            author=author,
        )


def _objective_theme(action) -> str:
    titles = {theme["title"]: key for key, theme in visions_data.THEMES.items()}
    for objective in action.objectives.all():
        if objective.title in titles:
            return titles[objective.title]
    return ""


def _practices(reviewer, today) -> list[Practice]:
    practices = []
    for index, (site_name, theme, status, contact_email, lessons) in enumerate(PRACTICES):
        site = q.Site.objects.get(name=site_name)
        action = (
            v.Action.objects.filter(site=site, description__gt="").order_by("title", "pk").first()
            or v.Action.objects.filter(site=site).order_by("title", "pk").first()
        )
        if action is None:
            continue
        practice = Practice.objects.filter(site=site, title=action.title).first()
        if practice is None:
            published = status == PracticeStatus.PUBLIEE
            at = timezone.make_aware(
                datetime.datetime.combine(
                    today - datetime.timedelta(days=30 * (index + 1)), datetime.time(10)
                )
            )
            practice = Practice.objects.create(
                site=site,
                origin_action=action,
                title=action.title,
                theme=theme,
                objective_theme=_objective_theme(action),
                problem="Les habitants concernés ne venaient pas aux dispositifs existants ; "
                "les partenaires agissaient chacun de leur côté.",
                what_was_done=action.description or action.title,
                cost=action.budget,
                funders=action.funders,
                duration="9 mois",
                results="Plus de participants d'une saison à l'autre ; des partenaires qui "
                "se retrouvent chaque mois.",
                lessons=lessons,
                contact=User.objects.get(email=contact_email),
                contact_agreed=True,
                status=status,
                published_at=at if published else None,
                published_by=reviewer if published else None,
            )
            practice.partners.set(action.partners.all())
            practice.indicators.set(
                v.Indicator.objects.filter(objective__in=action.objectives.all())[:2]
            )
        practices.append(practice)
    return practices


def seed_practices() -> None:
    today = timezone.localdate()
    reviewer = User.objects.get(email="centre@qic.demo")
    _library()
    _templates(User.objects.get(email="chef@qic.demo"))
    practices = [p for p in _practices(reviewer, today) if p.is_published]
    site_name, email = ADOPTER
    adopter = q.Site.objects.get(name=site_name)
    if practices and not PracticeAdoption.objects.filter(site=adopter).exists():
        adoption = practice_services.practice_adopt(
            practice=practices[0], site=adopter, author=User.objects.get(email=email)
        )
        # Adopted a few days ago, and adapted since: one of Roubaix's structures carries it.
        adoption.created_at = timezone.make_aware(
            datetime.datetime.combine(today - datetime.timedelta(days=12), datetime.time(10))
        )
        adoption.save(update_fields=["created_at"])
        action = adoption.action
        action.porteur = (
            q.Structure.objects.filter(actions_portees__site=adopter).order_by("name").first()
        )
        action.save()
