"""The kinds of site events this app owns (registry and writing: ``quartiers.events``)."""

from django.utils.translation import gettext_lazy

from pratiques.enums import PracticeStatus
from quartiers.events import EventKind, Fact, register


def _published(practice, today) -> Fact | None:
    if practice.status != PracticeStatus.PUBLIEE or practice.published_at is None:
        return None
    return Fact(
        practice.site_id,
        practice.published_at,
        practice.title,
        link_id=practice.pk,
        actor_id=practice.published_by_id,
    )


def _adopted(adoption, today) -> Fact:
    """On the adopting site: the day it took another site's practice into its plan."""
    return Fact(
        adoption.site_id,
        adoption.created_at,
        adoption.practice.title,
        adoption.practice.site.name,
        link_id=adoption.practice_id,
        actor_id=adoption.adopted_by_id,
    )


register(
    EventKind(
        "pratique_publiee",
        "pratiques.Practice",
        _published,
        title=gettext_lazy("Pratique inspirante publiée"),
        group="pratique",
        group_label=gettext_lazy("pratiques inspirantes"),
        badge="fr-badge--green-emeraude",
        url_name="pratiques:practice_detail",
    )
)
register(
    EventKind(
        "pratique_adoptee",
        "pratiques.PracticeAdoption",
        _adopted,
        title=gettext_lazy("Pratique inspirante adoptée"),
        group="pratique",
        group_label=gettext_lazy("pratiques inspirantes"),
        badge="fr-badge--green-emeraude",
        url_name="pratiques:practice_detail",
        related=("practice__site",),
    )
)
