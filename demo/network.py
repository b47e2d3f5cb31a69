"""The demo sites' networks of actors and their cooperation indicators.

Most links come from the data the rest of the demo writes (cercles, trinôme, actions,
accompaniments). Here, for each site whose vision is adopted: a collectif d'habitants
and a few hand-made links added year after year (the network grows), a national partner
present on several sites, and the four cooperation indicators with their quarterly
values since the vision's adoption. Dated relative to the day of seeding, idempotent.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from cooperation import indicators, services
from cooperation.enums import LinkKind
from cooperation.models import Link
from demo import visions_data
from quartiers import models as q
from visions import models as v
from visions.enums import CooperationMetric, Direction, Frequency, IndicatorFamily

NATIONAL_PARTNER = ("Fondation nationale pour l'égalité des chances (fictif)", "association")

# (from, kind, to, years before today): links the data does not say.
HAND_LINKS = [
    ("mission_locale", LinkKind.ORIENTE, "centre_social", 3),
    ("habitants", LinkKind.COOPERE, "centre_social", 2),
    ("bailleur", LinkKind.FINANCE, "regie", 2),
    ("maison_sante", LinkKind.ORIENTE, "prevention", 1),
    ("habitants", LinkKind.COOPERE, "college", 1),
    ("national", LinkKind.FINANCE, "centre_social", 1),
    ("ccas", LinkKind.COOPERE, "habitants", 0),
]

INDICATORS = [
    (CooperationMetric.STRUCTURES, "Structures impliquées dans le réseau", "structures"),
    (CooperationMetric.FIELDS, "Champs représentés", "champs"),
    (CooperationMetric.ATTENDANCE, "Présence régulière dans les cercles", "%"),
    (CooperationMetric.CROSS_FIELD_ACTIONS, "Actions associant plusieurs champs", "actions"),
]


def seed_network() -> None:
    today = timezone.localdate()
    national = _structure(*NATIONAL_PARTNER)
    visions = (
        v.Vision.objects.filter(versions__isnull=False)
        .select_related("site")
        .distinct()
        .order_by("site__name")
    )
    earliest = None
    for vision in visions:
        site = vision.site
        adopted_on = vision.versions.order_by("number").first().adopted_on
        commune = q.Structure.objects.filter(
            actions_portees__site=site, commune__isnull=False
        ).values_list("commune__name", flat=True)[:1]
        city = commune[0] if commune else site.name.split(" — ")[0]
        structures = {
            key: _structure(pattern.format(city=city), kind)
            for key, (pattern, kind) in visions_data.STRUCTURES.items()
        }
        structures["habitants"] = _structure(
            f"Collectif d'habitants — {city} (fictif)", "collectif_habitants"
        )
        structures["national"] = national
        rng = random.Random(f"network|{site.name}")
        for source, kind, target, years in HAND_LINKS:
            if source == "national" and rng.random() < 0.4:
                continue
            start = max(
                adopted_on,
                today - datetime.timedelta(days=365 * years + rng.randrange(10, 200)),
            )
            Link.objects.get_or_create(
                site=site,
                source=structures[source],
                target=structures[target],
                kind=kind,
                defaults={
                    "start_date": min(start, today),
                    "note": "Lien observé par l'équipe projet (démo).",
                },
            )
        baseline = indicators.last_closed_quarter_end(adopted_on)
        earliest = min(earliest or baseline, baseline)
        objective = vision.objectives.order_by("position").first()
        if objective is None:
            continue
        wanted = [metric for metric, _name, _unit in INDICATORS]
        start_values = indicators.values_at(site, baseline, wanted)
        for metric, name, unit in INDICATORS:
            base = start_values.get(metric) or Decimal(0)
            target = Decimal(75) if metric == CooperationMetric.ATTENDANCE else base + 6
            v.Indicator.objects.get_or_create(
                objective=objective,
                name=name,
                defaults={
                    "unit": unit,
                    "source": "QIC, carte des acteurs",
                    "direction": Direction.HAUSSE,
                    "baseline_value": base,
                    "baseline_date": baseline,
                    "target_value": max(target, base + 1),
                    "target_date": datetime.date(vision.horizon, 12, 31),
                    "frequency": Frequency.TRIMESTRIELLE,
                    "family": IndicatorFamily.COOPERATION,
                    "cooperation_metric": metric,
                },
            )
    if earliest:
        indicators.cooperation_indicators_record(today=today, since=earliest)
    services.snapshots_refresh(today=today)


def _structure(name: str, kind: str) -> q.Structure:
    structure, _created = q.Structure.objects.get_or_create(name=name, kind=kind)
    return structure
