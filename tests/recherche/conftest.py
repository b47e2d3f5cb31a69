"""A world with one object of every searchable kind on site A and on site B, each
carrying the word « zeugma » (and « Équipement », accented, in a few)."""

import pytest

from tests import factories

WORD = "zeugma"


def _site_world(site, letter):
    quartier = site.quartiers.first()
    quartier.name = f"Zeugma {letter}"
    quartier.save()
    structure = factories.StructureFactory(name=f"Association Zeugma {letter}")
    personne = factories.PersonneFactory(last_name=f"Zeugma{letter}", sites=[site])
    vision = factories.VisionFactory(site=site, statement=f"Un quartier zeugma {letter}.")
    objective = factories.ObjectiveFactory(vision=vision, title=f"Objectif zeugma {letter}")
    indicator = factories.IndicatorFactory(objective=objective, name=f"Indicateur zeugma {letter}")
    action = factories.ActionFactory(site=site, title=f"Équipement zeugma {letter}")
    cercle = factories.CercleFactory(site=site)
    meeting = factories.MeetingFactory(cercle=cercle, minutes=f"Compte rendu zeugma {letter}.")
    decision = factories.DecisionFactory(meeting=meeting, text=f"Décision zeugma {letter}")
    commitment = factories.CommitmentFactory(
        meeting=meeting, owner=personne, text=f"Engagement zeugma {letter}"
    )
    # Site A's practice is published (every signed-in user finds it), site B's a draft.
    practice = factories.PracticeFactory(
        site=site, title=f"Pratique zeugma {letter}", published=letter == "A"
    )
    return {
        "sites": site,
        "qpv": quartier,
        "structures": structure,
        "personnes": personne,
        "visions": vision,
        "objectifs": objective,
        "indicateurs": indicator,
        "actions": action,
        "reunions": meeting,
        "decisions": decision,
        "engagements": commitment,
        "pratiques": practice,
    }


@pytest.fixture
def search_world(site_a, site_b, personas):
    site_a.name = "Site A — Zeugma"
    site_a.save()
    site_b.name = "Site B — Zeugma"
    site_b.save()
    return {"a": _site_world(site_a, "A"), "b": _site_world(site_b, "B")}
