"""Official statistics for the demo QPV: two themes, two vintages, all invented.

The values are drawn from each QPV's code (the same on every run), around believable
levels for QPV (INSEE's all-QPV figures of recent years), one value under statistical
secrecy; the source says they are invented (``StatSource.is_invented``). Vintages are the
two years before last, relative to the seeding day (INSEE publishes with a lag). A run on
the same day changes nothing.
"""

import zlib
from decimal import Decimal

from django.utils import timezone

from demo import data
from quartiers.models import Quartier
from statistiques.enums import Secrecy
from statistiques.models import StatSource, StatValue, Variable

SOURCE = "donnees_inventees_demo_qpv.zip"
# code: (label, theme, unit, all-QPV level, spread, yearly drift, decimals)
VARIABLES = {
    "DISP_MED": (
        "Médiane du revenu disponible par unité de consommation (en euros)",
        "Revenus et pauvreté",
        "€",
        Decimal(14750),
        Decimal(2200),
        Decimal(310),
        0,
    ),
    "DISP_TP60": (
        "Taux de pauvreté au seuil de 60 % (en %)",
        "Revenus et pauvreté",
        "%",
        Decimal("43.3"),
        Decimal(9),
        Decimal("-0.6"),
        1,
    ),
    "DEFM_ABC": (
        "Demandeurs d'emploi inscrits en catégories A, B, C",
        "Demandeurs d'emploi",
        "personnes",
        Decimal(640),
        Decimal(380),
        Decimal(-18),
        0,
    ),
    "DEFM_PART_JEUNES": (
        "Part des moins de 26 ans parmi les demandeurs d'emploi (en %)",
        "Demandeurs d'emploi",
        "%",
        Decimal("14.8"),
        Decimal(4),
        Decimal("0.3"),
        1,
    ),
}
# One value under statistical secrecy, as real files have (a small QPV's median).
SECRET = ("QN04204I", "DISP_MED")


def _draw(code: str, variable: str) -> Decimal:
    """A number in [-1, 1], fixed for a QPV and a variable."""
    return Decimal(zlib.crc32(f"{code}:{variable}".encode()) % 2001 - 1000) / 1000


def seed_statistics() -> None:
    year = timezone.localdate().year
    vintages = (year - 3, year - 2)
    source, _created = StatSource.objects.update_or_create(
        file_name=SOURCE,
        defaults={
            "theme": "Démonstration",
            "publisher": "Démonstration QIC (données inventées)",
            "is_invented": True,
            "url": "",
        },
    )
    quartiers = list(Quartier.objects.filter(code__in=data.QUARTIERS))
    for code, (label, theme, unit, level, spread, drift, places) in VARIABLES.items():
        variable, _created = Variable.objects.update_or_create(
            code=code, defaults={"label": label, "theme": theme, "unit": unit}
        )
        step = Decimal(1).scaleb(-places)
        for index, vintage in enumerate(vintages):
            benchmark = (level + drift * (index - 1)).quantize(step)
            StatValue.objects.update_or_create(
                quartier=None,
                is_benchmark=True,
                variable=variable,
                vintage=vintage,
                defaults={"value": benchmark, "secrecy": "", "source": source},
            )
            for quartier in quartiers:
                secret = (quartier.code, code) == SECRET
                value = (
                    None
                    if secret
                    else max(
                        (benchmark + spread * _draw(quartier.code, code) + drift * index / 2),
                        Decimal(0),
                    ).quantize(step)
                )
                StatValue.objects.update_or_create(
                    quartier=quartier,
                    is_benchmark=False,
                    variable=variable,
                    vintage=vintage,
                    defaults={
                        "value": value,
                        "secrecy": Secrecy.SECRET if secret else "",
                        "source": source,
                    },
                )
