"""Validators for official French codes (COG/INSEE, QPV, SIREN/SIRET).

Each normalises nothing: callers strip and upper-case first (see ``normalize_code``)
so that a form, an import and the API accept the same inputs.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Metropolitan départements are 01–19, 2A, 2B, 21–95; overseas ones 971–976, and the
# collectivités of Saint-Barthélemy (977) and Saint-Martin (978), which hold QPV too.
_DEP2 = r"(?:0[1-9]|1\d|2[1-9AB]|[3-8]\d|9[0-5])"
_DEP3 = r"97[1-8]"
DEPARTEMENT_RE = re.compile(rf"^(?:{_DEP2}|{_DEP3})$")
# A commune code is the département followed by the order number: 5 characters in all.
COMMUNE_RE = re.compile(rf"^(?:{_DEP2}\d{{3}}|{_DEP3}\d{{2}})$")
REGION_RE = re.compile(r"^\d{2}$")
# QPV codes carry the département on three characters (075, 02A, 974).
_QPV_DEP = rf"(?:0{_DEP2}|{_DEP3})"
QPV_2024_RE = re.compile(rf"^QN{_QPV_DEP}\d{{2}}[NMI]$")
QPV_2015_RE = re.compile(rf"^QP{_QPV_DEP}\d{{3}}$")


def normalize_code(value) -> str:
    return str(value or "").strip().upper()


def validate_region_code(value):
    if not REGION_RE.match(value or ""):
        raise ValidationError(
            _("« %(value)s » n'est pas un code de région INSEE (2 chiffres, par exemple 84)."),
            code="invalid_region",
            params={"value": value},
        )


def validate_departement_code(value):
    if not DEPARTEMENT_RE.match(value or ""):
        raise ValidationError(
            _("« %(value)s » n'est pas un code de département (par exemple 01, 2A, 75 ou 974)."),
            code="invalid_departement",
            params={"value": value},
        )


def validate_commune_code(value):
    if not COMMUNE_RE.match(value or ""):
        raise ValidationError(
            _(
                "« %(value)s » n'est pas un code commune INSEE : 5 caractères, "
                "par exemple 75056, 2A004 ou 97411."
            ),
            code="invalid_commune",
            params={"value": value},
        )


def qpv_generation(code: str) -> int | None:
    """2024 or 2015 for a well-formed QPV code, None otherwise."""
    if QPV_2024_RE.match(code or ""):
        return 2024
    if QPV_2015_RE.match(code or ""):
        return 2015
    return None


def qpv_departement(code: str) -> str:
    """The département code a well-formed QPV code points to ('075' → '75', '974' → '974')."""
    dep = code[2:5]
    return dep[1:] if dep.startswith("0") else dep


def validate_qpv_code(value):
    if qpv_generation(value) is None:
        raise ValidationError(
            _(
                "« %(value)s » n'est pas un code QPV : QN + département sur 3 caractères "
                "+ 2 chiffres + N, M ou I (2024, par exemple QN07501M), ou QP + département "
                "sur 3 caractères + 3 chiffres (2015, par exemple QP093028)."
            ),
            code="invalid_qpv",
            params={"value": value},
        )


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        digit = int(char)
        if index % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


# La Poste's establishments share one SIREN and follow their own checksum rule.
LA_POSTE_SIREN = "356000000"


def validate_siren(value):
    if not (value and len(value) == 9 and value.isdigit() and luhn_ok(value)):
        raise ValidationError(
            _("« %(value)s » n'est pas un numéro SIREN valide (9 chiffres avec clé de contrôle)."),
            code="invalid_siren",
            params={"value": value},
        )


def validate_siret(value):
    valid = bool(value) and len(value) == 14 and value.isdigit()
    if valid:
        if value.startswith(LA_POSTE_SIREN):
            valid = sum(int(d) for d in value) % 5 == 0
        else:
            valid = luhn_ok(value)
    if not valid:
        raise ValidationError(
            _("« %(value)s » n'est pas un numéro SIRET valide (14 chiffres avec clé de contrôle)."),
            code="invalid_siret",
            params={"value": value},
        )
