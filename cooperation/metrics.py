"""What a site's network says, computed with networkx, and said in plain French.

``compute(network)`` gives a JSON-able dict (stored on ``NetworkSnapshot``); ``sentences``
turns it into sentences at render time (so they follow the language of the page).
``site_metrics(site)`` reads the stored metrics of today, recomputing them only when the
site's data stamp or the day changed since they were stored.
"""

import datetime

import networkx as nx
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cooperation.enums import Field
from cooperation.models import NetworkSnapshot
from cooperation.network import Network, build_network

# Above this many structures, betweenness is estimated from this many sources (Brandes'
# sampling, fixed seed: the same data gives the same figures).
BETWEENNESS_SAMPLE = 150
TOP = 3


def compute(network: Network) -> dict:
    graph = network.graph()
    fields = {node.id: node.field for node in network.nodes.values()}
    names = {node.id: node.name for node in network.nodes.values()}
    n = graph.number_of_nodes()
    cross = sum(1 for a, b in graph.edges if fields[a] != fields[b])
    year_start = datetime.date(network.on.year, 1, 1)
    new_links = sum(1 for edge in network.edges.values() if edge.since >= year_start)
    if n > BETWEENNESS_SAMPLE:
        betweenness = nx.betweenness_centrality(graph, k=BETWEENNESS_SAMPLE, seed=22)
    else:
        betweenness = nx.betweenness_centrality(graph) if n else {}
    bridges = []
    for pk in sorted(betweenness, key=lambda pk: (-betweenness[pk], names[pk]))[:TOP]:
        if betweenness[pk] <= 0:
            break
        linked, alone = _fields_bridged(graph, fields, pk)
        bridges.append(
            {
                "id": pk,
                "name": names[pk],
                "score": round(betweenness[pk], 4),
                "fields": linked,
                "alone": alone,
            }
        )
    central = [
        {"id": pk, "name": names[pk], "degree": degree}
        for pk, degree in sorted(graph.degree, key=lambda item: (-item[1], names[item[0]]))[:TOP]
        if degree > 0
    ]
    field_counts: dict[str, int] = {}
    for field in fields.values():
        field_counts[field] = field_counts.get(field, 0) + 1
    return {
        "on": network.on.isoformat(),
        "structures": n,
        "links": graph.number_of_edges(),
        "fields": len(field_counts),
        "field_counts": dict(sorted(field_counts.items())),
        "cross_field_links": cross,
        "density": round(nx.density(graph), 4) if n > 1 else 0.0,
        "new_links": new_links,
        "bridges": bridges,
        "central": central,
        "structure_ids": sorted(network.nodes),
    }


def _fields_bridged(graph, fields, pk) -> tuple[int, int]:
    """How many fields ``pk``'s neighbours belong to (other than its own), and how many
    of them have no link of their own to another of those fields without ``pk``."""
    own = fields[pk]
    by_field: dict[str, set[int]] = {}
    for other in graph.neighbors(pk):
        if fields[other] != own:
            by_field.setdefault(fields[other], set()).add(other)
    alone = 0
    for field, members in by_field.items():
        others = set().union(*(m for f, m in by_field.items() if f != field)) | {
            node for node, f in fields.items() if f == own and node != pk
        }
        talks = any(
            neighbour in others for member in members for neighbour in graph.neighbors(member)
        )
        if not talks:
            alone += 1
    return len(by_field), alone


def sentences(metrics: dict) -> list[str]:
    """The metrics in plain French, for the page beside the map."""
    if not metrics or not metrics.get("structures"):
        return [_("Aucune structure n'est encore reliée sur ce site à cette date.")]
    said = [
        ngettext(
            "%(structures)s structure de %(fields)s champ travaille ensemble.",
            "%(structures)s structures de %(fields)s champs travaillent ensemble.",
            metrics["fields"],
        )
        % metrics,
        ngettext(
            "%(links)s lien, dont %(cross)s entre champs différents.",
            "%(links)s liens, dont %(cross)s entre champs différents.",
            metrics["links"],
        )
        % {"links": metrics["links"], "cross": metrics["cross_field_links"]},
    ]
    for bridge in metrics["bridges"][:1]:
        if bridge["alone"] and bridge["alone"] == bridge["fields"]:
            said.append(
                _("%(name)s relie %(fields)s champs qui ne se parlent pas ailleurs.") % bridge
            )
        elif bridge["alone"]:
            said.append(
                _(
                    "%(name)s relie %(fields)s champs, dont %(alone)s qui ne se parlent pas "
                    "ailleurs."
                )
                % bridge
            )
        else:
            said.append(_("%(name)s fait le pont entre %(fields)s champs.") % bridge)
    for hub in metrics["central"][:1]:
        said.append(
            ngettext(
                "%(name)s est la structure la plus reliée (%(degree)s partenaire).",
                "%(name)s est la structure la plus reliée (%(degree)s partenaires).",
                hub["degree"],
            )
            % hub
        )
    year = metrics["on"][:4]
    said.append(
        ngettext(
            "%(count)s lien nouveau depuis le début de %(year)s.",
            "%(count)s liens nouveaux depuis le début de %(year)s.",
            metrics["new_links"],
        )
        % {"count": metrics["new_links"], "year": year}
    )
    return said


def field_label(value: str) -> str:
    try:
        return str(Field(value).label)
    except ValueError:
        return value


def snapshot_store(
    site, *, today: datetime.date | None = None, network=None, snapshot=None, read=False
) -> NetworkSnapshot:
    """Recompute and store the metrics of ``site`` for ``today`` under its current stamp
    (from ``network``, its network today, when the caller has built it already; over
    ``snapshot``, its stored row or None, when the caller has read it: ``read``). One
    write."""
    today = today or timezone.localdate()
    values = {
        "data_version": site.data_version,
        "computed_on": today,
        "computed_at": timezone.now(),
        "metrics": compute(network or build_network(site, today)),
    }
    if not read:
        snapshot = NetworkSnapshot.objects.filter(site=site).first()
    if snapshot is None:
        return NetworkSnapshot.objects.create(site=site, **values)
    NetworkSnapshot.objects.filter(pk=snapshot.pk).update(**values)
    for name, value in values.items():
        setattr(snapshot, name, value)
    return snapshot


def is_fresh(snapshot: NetworkSnapshot | None, site, today: datetime.date) -> bool:
    return (
        snapshot is not None
        and snapshot.data_version == site.data_version
        and snapshot.computed_on == today
    )


def site_metrics(site, *, today: datetime.date | None = None, network=None) -> dict:
    """The stored metrics of ``site`` today, recomputed first if its data changed."""
    today = today or timezone.localdate()
    snapshot = NetworkSnapshot.objects.filter(site=site).first()
    if not is_fresh(snapshot, site, today):
        snapshot = snapshot_store(site, today=today, network=network, snapshot=snapshot, read=True)
    return snapshot.metrics
