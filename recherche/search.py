"""Running a search: what the page, its live fragment and the API all call.

Each kind costs one query whatever the data: its entries matching the words, kept to
the rows of the model's own ``for_user(user, "view")`` (a subquery), ranked, the first
``limit`` read with the total (a window count) and, on PostgreSQL, the matched words
highlighted by ``ts_headline``.
"""

from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import Case, Count, F, IntegerField, Value, When, Window

from recherche import registry
from recherche.index import CONFIG, on_postgresql
from recherche.models import SearchEntry
from recherche.text import START, STOP, Part, excerpt, highlight, split_marked, terms

PREVIEW_LIMIT = 3  # per kind, under the header's search field
PAGE_LIMIT = 5  # per kind, on the results page
KIND_PAGE_SIZE = 20  # on a kind's own page


@dataclass
class Hit:
    object_id: int
    title: str
    url: str
    subtitle: str
    site_id: int | None
    site_name: str
    title_parts: list[Part]
    excerpt_parts: list[Part]


@dataclass
class Group:
    index: registry.Index
    total: int
    hits: list[Hit] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.index.kind

    @property
    def label(self) -> str:
        return self.index.label

    @property
    def more(self) -> bool:
        return self.total > len(self.hits)


def search(user, query: str, *, kinds=None, limit=PAGE_LIMIT, offset=0) -> list[Group]:
    """The groups of results (kinds with at least one), in the registry's order."""
    words = terms(query)
    if not words:
        return []
    groups = []
    for index in registry.indexes():
        if kinds is not None and index.kind not in kinds:
            continue
        group = _search_kind(index, user, query, words, limit, offset)
        if group.total:
            groups.append(group)
    return groups


def _scoped(index, user):
    visible = index.model.objects.for_user(user, "view").values("pk")
    return SearchEntry.objects.filter(kind=index.kind, object_id__in=visible)


def _search_kind(index, user, query, words, limit, offset) -> Group:
    entries = _scoped(index, user).annotate(total=Window(Count("pk")))
    fields = ("object_id", "title", "subtitle", "url", "site_id", "site__name", "body", "total")
    if on_postgresql():
        # Every word, as a prefix (live results while typing), stemmed and unaccented
        # by the configuration; the words are letters and digits only.
        tsquery = SearchQuery(
            " & ".join(f"'{word}':*" for word in words), search_type="raw", config=CONFIG
        )
        marks = {"config": CONFIG, "start_sel": START, "stop_sel": STOP}
        rows = (
            entries.filter(vector=tsquery)
            .annotate(
                rank=SearchRank(F("vector"), tsquery),
                title_marked=SearchHeadline("title", tsquery, highlight_all=True, **marks),
                body_marked=SearchHeadline(
                    "body", tsquery, max_words=30, min_words=15, max_fragments=1, **marks
                ),
            )
            .order_by("-rank", "title", "pk")
            .values(*fields, "title_marked", "body_marked")[offset : offset + limit]
        )
    else:
        for word in words:
            entries = entries.filter(folded__contains=word)
        rank = sum(
            (
                Case(
                    When(folded_title__contains=word, then=Value(2)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
                for word in words
            ),
            Case(
                When(folded_title__startswith=words[0], then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        rows = (
            entries.annotate(rank=rank)
            .order_by("-rank", "title", "pk")
            .values(*fields)[offset : offset + limit]
        )
    rows = list(rows)
    group = Group(index=index, total=rows[0]["total"] if rows else 0)
    for row in rows:
        if "title_marked" in row:
            title_parts = split_marked(row["title_marked"])
            marked_body = row["body_marked"] if STOP in (row["body_marked"] or "") else ""
            excerpt_parts = split_marked(marked_body)
        else:
            title_parts = highlight(row["title"], words)
            body = row["body"]
            excerpt_parts = highlight(excerpt(body, words), words) if body else []
            if not any(part.match for part in excerpt_parts):
                excerpt_parts = []
        group.hits.append(
            Hit(
                object_id=row["object_id"],
                title=row["title"],
                url=row["url"],
                subtitle=row["subtitle"],
                site_id=row["site_id"],
                site_name=row["site__name"] or "",
                title_parts=title_parts,
                excerpt_parts=excerpt_parts,
            )
        )
    return group
