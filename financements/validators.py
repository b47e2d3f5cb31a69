"""The beneficiary's identifiers: SIRET (``quartiers.validators``) and RNA."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The Répertoire national des associations: W followed by nine digits.
RNA_RE = re.compile(r"^W\d{9}$")


def validate_rna(value):
    if not RNA_RE.match(value or ""):
        raise ValidationError(
            _(
                "« %(value)s » n'est pas un numéro RNA : W suivi de 9 chiffres (par exemple W751234567)."
            ),
            code="invalid_rna",
            params={"value": value},
        )
