"""What the search box finds: one declaration per kind (``recherche.registry``).

Adding a kind is one ``register(Index(...))`` here: the signals, ``manage.py reindex``,
the pages and the API follow. The order of the declarations is the order of the groups.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cercles.models import AgendaItem, Cercle, Commitment, Decision, Meeting
from pratiques.models import Practice
from quartiers.models import Personne, Quartier, Site, Structure
from recherche.registry import Index, register
from visions.models import Action, Indicator, Objective, Vision


def _agenda(meeting):
    return [f"{item.title} {item.notes}" for item in meeting.agenda_items.all()]


def _meeting_title(meeting):
    day = timezone.localdate(meeting.starts_at)
    return f"{meeting.cercle.name} — {meeting.label} du {day:%d/%m/%Y}"


register(
    Index(
        kind="sites",
        label=_("Sites"),
        model=Site,
        title="name",
        body=("description",),
        keywords=("contrat_de_ville",),
        subtitle="get_programme_display",
    )
)
register(
    Index(
        kind="qpv",
        label=_("Quartiers prioritaires"),
        model=Quartier,
        title="name",
        keywords=("code",),
        subtitle="code",
    )
)
register(
    Index(
        kind="structures",
        label=_("Structures"),
        model=Structure,
        title="name",
        keywords=("siret",),
        subtitle="get_kind_display",
    )
)
register(
    Index(
        kind="personnes",
        label=_("Personnes"),
        model=Personne,
        title="full_name",
        body=("function",),
        subtitle="function",
    )
)
register(
    Index(
        kind="visions",
        label=_("Visions"),
        model=Vision,
        title=str,
        body=("statement",),
        site="site_id",
        select_related=("site",),
        # « Vision de <site> »: renamed with its site.
        follows={Site: lambda site: Vision.objects.filter(site=site).select_related("site")},
    )
)
register(
    Index(
        kind="objectifs",
        label=_("Objectifs"),
        model=Objective,
        title="title",
        body=("description",),
        site="vision.site_id",
        select_related=("vision",),
    )
)
register(
    Index(
        kind="indicateurs",
        label=_("Indicateurs"),
        model=Indicator,
        title="name",
        keywords=("source", "unit"),
        site="objective.vision.site_id",
        select_related=("objective__vision",),
    )
)
register(
    Index(
        kind="actions",
        label=_("Actions"),
        model=Action,
        title="title",
        body=("description",),
        keywords=("funders",),
        site="site_id",
    )
)
register(
    Index(
        kind="reunions",
        label=_("Réunions"),
        model=Meeting,
        title=_meeting_title,
        # The agenda and the minutes.
        body=(_agenda, "minutes"),
        keywords=("place",),
        site="cercle.site_id",
        select_related=("cercle",),
        prefetch_related=("agenda_items",),
        follows={
            AgendaItem: lambda item: Meeting.objects.filter(pk=item.meeting_id),
            Cercle: lambda cercle: cercle.meetings.select_related("cercle").prefetch_related(
                "agenda_items"
            ),
        },
    )
)
register(
    Index(
        kind="decisions",
        label=_("Décisions"),
        model=Decision,
        title=str,
        body=("text",),
        # A decision comes from a meeting or, between meetings, from a proposal.
        site="cercle.site_id",
        select_related=("cercle", "meeting"),
    )
)
register(
    Index(
        kind="engagements",
        label=_("Engagements"),
        model=Commitment,
        title=str,
        body=("text",),
        site="meeting.cercle.site_id",
        select_related=("meeting__cercle",),
        url=lambda commitment: (
            f"{commitment.meeting.get_absolute_url()}#engagement-{commitment.pk}"
        ),
    )
)
register(
    Index(
        kind="pratiques",
        label=_("Pratiques inspirantes"),
        model=Practice,
        title="title",
        body=("problem", "what_was_done", "results", "lessons"),
        keywords=("funders",),
        subtitle="get_theme_display",
        site="site_id",
        # Its own scope: the site's, and every signed-in user once published.
    )
)
