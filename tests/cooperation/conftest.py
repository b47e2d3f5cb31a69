"""A small site's actors, shared by the cooperation tests."""

import datetime

import pytest

from quartiers.enums import StructureKind, TrinomeSeat
from tests import factories
from visions.enums import ActionStatus

D = datetime.date


def member(cercle, structure, joined_on, left_on=None):
    personne = factories.PersonneFactory(structure=structure)
    return factories.CercleMemberFactory(
        cercle=cercle, personne=personne, joined_on=joined_on, left_on=left_on
    )


@pytest.fixture
def actors(site_a):
    """A small site: a centre social and the mission locale in a cercle; the ville, the
    préfecture and the centre social at the trinôme; an action of the collège with two
    partners; a resource centre accompanying the site."""
    s = {
        "centre_social": factories.StructureFactory(name="Centre social", kind="association"),
        "mission_locale": factories.StructureFactory(name="Mission locale", kind="emploi"),
        "ville": factories.StructureFactory(name="Ville", kind=StructureKind.COLLECTIVITE),
        "prefecture": factories.StructureFactory(name="Préfecture", kind=StructureKind.ETAT),
        "college": factories.StructureFactory(name="Collège", kind=StructureKind.EDUCATION),
        "bailleur": factories.StructureFactory(name="Bailleur", kind=StructureKind.BAILLEUR),
    }
    cercle = factories.CercleFactory(site=site_a, name="Cercle emploi")
    member(cercle, s["centre_social"], D(2023, 3, 1))
    member(cercle, s["mission_locale"], D(2024, 6, 1))
    factories.TrinomeMandateFactory(
        site=site_a,
        seat=TrinomeSeat.COLLECTIVITE,
        structure=s["ville"],
        start_date=D(2022, 1, 10),
    )
    factories.TrinomeMandateFactory(
        site=site_a, seat=TrinomeSeat.ETAT, structure=s["prefecture"], start_date=D(2023, 1, 1)
    )
    action = factories.ActionFactory(
        site=site_a, title="Stages de 3e", porteur=s["college"], start_date=D(2025, 9, 1)
    )
    action.partners.add(s["bailleur"], s["centre_social"])
    factories.ActionFactory(
        site=site_a,
        title="Abandonnée",
        porteur=s["college"],
        status=ActionStatus.ABANDONNEE,
        start_date=D(2025, 1, 1),
    ).partners.add(s["ville"])
    s["centre"] = factories.CentreFactory(name="IREV")
    factories.AccompanimentFactory(centre=s["centre"], site=site_a, start_date=D(2024, 3, 1))
    return s
