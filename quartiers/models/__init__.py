"""Territories, organisations, people and the sites engaged in the programme.

One module per concept; import models from here (``from quartiers.models import Site``).
"""

from quartiers.models.actors import Personne, Structure
from quartiers.models.events import SiteEvent
from quartiers.models.followups import SiteFollowUp
from quartiers.models.programme import Accompaniment, Cohort, FormationSession, Intervention
from quartiers.models.sites import Site, SiteAccess, SiteStatusChange, TrinomeMandate
from quartiers.models.territories import EPCI, Commune, Departement, Quartier, Region

__all__ = [
    "EPCI",
    "Accompaniment",
    "Cohort",
    "Commune",
    "Departement",
    "FormationSession",
    "Intervention",
    "Personne",
    "Quartier",
    "Region",
    "Site",
    "SiteAccess",
    "SiteEvent",
    "SiteFollowUp",
    "SiteStatusChange",
    "Structure",
    "TrinomeMandate",
]
