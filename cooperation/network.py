"""A site's network of actors, derived from its data: who works with whom, since when,
and what says so.

Nodes are structures; a link between two structures comes from one or more origins:

- **cercle**: both have a member (a person of the structure) in the same open cercle;
  since the later of their two arrivals;
- **trinôme**: both hold a seat of the site's trinôme; since the later mandate's start;
- **action**: one carries an action the other is a partner of, or both are partners of
  the same action (abandoned actions left out); since the action's start (or creation);
- **accompagnement**: a resource centre accompanies the site: it is linked to the
  structures of the trinôme it accompanies; since the later of the two starts;
- **financement**: a funder granted money (a funding line accordée or later) to an action
  the other carries (its porteur, or its partners when it has none); since the
  convention (or the 1st of January of its year);
- **manuel**: a ``Link`` added by hand (coopère avec, oriente vers, finance, accompagne).

« As of a date » keeps the rows true on that day (memberships, mandates, accompaniments
running; actions, grants and hand links started). Reading a network costs seven queries whatever
its size (``build_network``).
"""

import dataclasses
import datetime
import itertools
from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from cercles.models import CercleMember
from cooperation.enums import Field, LinkKind, Origin, field_of
from cooperation.models import Link
from financements.models import FundingLine
from quartiers.models import Accompaniment, Structure, TrinomeMandate
from visions.enums import ActionStatus
from visions.models import Action


@dataclasses.dataclass(frozen=True)
class LinkOrigin:
    """One reason two structures are linked."""

    origin: str  # an ``Origin``
    label: str  # the cercle's name, the action's title, the hand link's kind…
    since: datetime.date
    link_id: int | None = None  # the ``Link`` row of a hand-made link

    @property
    def origin_label(self) -> str:
        return str(Origin(self.origin).label)


@dataclasses.dataclass
class Node:
    id: int
    name: str
    kind: str

    @property
    def field(self) -> str:
        return field_of(self.kind).value

    @property
    def field_label(self) -> str:
        return str(Field(self.field).label)


@dataclasses.dataclass
class Edge:
    source: int
    target: int
    origins: list[LinkOrigin] = dataclasses.field(default_factory=list)

    @property
    def since(self) -> datetime.date:
        return min(origin.since for origin in self.origins)

    @property
    def kinds(self) -> list[str]:
        return sorted({origin.origin for origin in self.origins})


@dataclasses.dataclass
class Network:
    on: datetime.date
    nodes: dict[int, Node]
    edges: dict[tuple[int, int], Edge]

    def graph(self):
        import networkx as nx

        graph = nx.Graph()
        for node in self.nodes.values():
            graph.add_node(node.id, field=node.field)
        for (a, b), edge in self.edges.items():
            graph.add_edge(a, b, since=edge.since)
        return graph

    def filtered(self, *, fields=(), origins=()) -> "Network":
        """The part of the network shown with filters: structures of ``fields`` (all if
        empty) and links with an origin among ``origins`` (all if empty)."""
        fields, origins = set(fields), set(origins)
        nodes = {pk: node for pk, node in self.nodes.items() if not fields or node.field in fields}
        edges = {}
        for key, edge in self.edges.items():
            if edge.source not in nodes or edge.target not in nodes:
                continue
            kept = [o for o in edge.origins if not origins or o.origin in origins]
            if kept:
                edges[key] = Edge(edge.source, edge.target, kept)
        return Network(self.on, nodes, edges)

    def ordered_edges(self) -> list[Edge]:
        names = {pk: node.name.lower() for pk, node in self.nodes.items()}
        return sorted(
            self.edges.values(), key=lambda e: (names[e.source], names[e.target], e.source)
        )

    def as_data(self) -> dict:
        """What the page's script draws (given to it through ``json_script``)."""
        field_labels = {field.value: str(field.label) for field in Field}
        return {
            "originLabels": {origin.value: str(origin.label) for origin in Origin},
            "nodes": [
                {"id": n.id, "label": n.name, "field": n.field, "fieldLabel": field_labels[n.field]}
                for n in self.nodes.values()
            ],
            "edges": [
                {
                    "from": e.source,
                    "to": e.target,
                    "origins": [[o.origin, o.label, o.since.isoformat()] for o in e.origins],
                }
                for e in self.edges.values()
            ],
        }


class _Builder:
    def __init__(self, on):
        self.on = on
        self.edges: dict[tuple[int, int], Edge] = {}
        self.node_ids: set[int] = set()

    def link(self, a: int, b: int, origin: str, label: str, since, link_id=None) -> None:
        if a == b:
            return
        key = (a, b) if a < b else (b, a)
        edge = self.edges.get(key)
        if edge is None:
            edge = self.edges[key] = Edge(*key)
        edge.origins.append(LinkOrigin(origin, label, since, link_id))
        self.node_ids.update(key)


def _running(start: str, end: str, on: datetime.date) -> Q:
    return Q(**{f"{start}__lte": on}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": on}))


def build_network(site, on: datetime.date | None = None) -> Network:
    """The network of ``site`` as it stood on ``on`` (default: today). Seven queries."""
    on = on or timezone.localdate()
    builder = _Builder(on)

    # Cercles: structures with a member in the same open cercle.
    memberships = (
        CercleMember.objects.filter(cercle__site=site, personne__structure__isnull=False)
        .filter(_running("joined_on", "left_on", on))
        .filter(Q(cercle__closed_on__isnull=True) | Q(cercle__closed_on__gte=on))
        .values_list("cercle_id", "cercle__name", "personne__structure_id", "joined_on")
    )
    cercles: dict[int, tuple[str, dict[int, datetime.date]]] = {}
    for cercle_id, name, structure_id, joined_on in memberships:
        _name, arrivals = cercles.setdefault(cercle_id, (name, {}))
        arrivals[structure_id] = min(joined_on, arrivals.get(structure_id, joined_on))
    for name, arrivals in cercles.values():
        builder.node_ids.update(arrivals)
        for (a, since_a), (b, since_b) in itertools.combinations(sorted(arrivals.items()), 2):
            builder.link(a, b, Origin.CERCLE, name, max(since_a, since_b))

    # Trinôme: the structures holding its seats.
    mandates = list(
        TrinomeMandate.objects.filter(site=site)
        .filter(_running("start_date", "end_date", on))
        .values_list("structure_id", "start_date")
    )
    trinome: dict[int, datetime.date] = {}
    for structure_id, start in mandates:
        trinome[structure_id] = min(start, trinome.get(structure_id, start))
    builder.node_ids.update(trinome)
    for (a, since_a), (b, since_b) in itertools.combinations(sorted(trinome.items()), 2):
        builder.link(a, b, Origin.TRINOME, str(Origin.TRINOME.label), max(since_a, since_b))

    # Actions: the porteur and the partners of an action, with each other.
    actions = {
        pk: (title, porteur_id, start or created.date())
        for pk, title, porteur_id, start, created in Action.objects.filter(site=site)
        .exclude(status=ActionStatus.ABANDONNEE)
        .filter(Q(start_date__lte=on) | Q(start_date__isnull=True, created_at__date__lte=on))
        .values_list("pk", "title", "porteur_id", "start_date", "created_at")
    }
    partners = defaultdict(set)
    for action_id, structure_id in Action.partners.through.objects.filter(
        action__site=site
    ).values_list("action_id", "structure_id"):
        if action_id in actions:
            partners[action_id].add(structure_id)
    for pk, (title, porteur_id, since) in actions.items():
        involved = set(partners[pk])
        if porteur_id:
            involved.add(porteur_id)
        builder.node_ids.update(involved)
        for a, b in itertools.combinations(sorted(involved), 2):
            builder.link(a, b, Origin.ACTION, title, since)

    # Accompaniments: the resource centre and the trinôme it accompanies.
    for centre_id, start in (
        Accompaniment.objects.filter(site=site)
        .filter(_running("start_date", "end_date", on))
        .values_list("centre_id", "start_date")
    ):
        builder.node_ids.add(centre_id)
        for structure_id, since in trinome.items():
            builder.link(
                centre_id,
                structure_id,
                Origin.ACCOMPAGNEMENT,
                str(Origin.ACCOMPAGNEMENT.label),
                max(start, since),
            )

    # Funding: a funder and the structures carrying the action it granted money to, from
    # the convention (or the start of the year when it has none).
    for funder_id, action_id, title, porteur_id, year, convention in (
        FundingLine.objects.filter(action__site=site)
        .granted()
        .filter(Q(convention_date__lte=on) | Q(convention_date__isnull=True, year__lte=on.year))
        .values_list(
            "funder_id",
            "action_id",
            "action__title",
            "action__porteur_id",
            "year",
            "convention_date",
        )
    ):
        funded = {porteur_id} if porteur_id else set(partners.get(action_id, ()))
        if not funded:
            continue
        builder.node_ids.add(funder_id)
        builder.node_ids.update(funded)
        for structure_id in funded - {funder_id}:
            builder.link(
                funder_id,
                structure_id,
                Origin.FINANCEMENT,
                f"{title} ({year})",
                convention or datetime.date(year, 1, 1),
            )

    # Links added by hand.
    kinds = {value: str(label) for value, label in LinkKind.choices}
    for pk, source_id, target_id, kind, start in Link.objects.filter(
        site=site, start_date__lte=on
    ).values_list("pk", "source_id", "target_id", "kind", "start_date"):
        builder.link(source_id, target_id, Origin.MANUEL, kinds.get(kind, kind), start, pk)

    nodes = {
        pk: Node(pk, name, kind)
        for pk, name, kind in Structure.objects.filter(pk__in=builder.node_ids)
        .order_by("name", "pk")
        .values_list("pk", "name", "kind")
    }
    edges = {key: edge for key, edge in builder.edges.items() if set(key) <= nodes.keys()}
    return Network(on, nodes, edges)
