"""The registry of searchable kinds: one ``register(Index(...))`` per kind.

An ``Index`` says how an object becomes a search entry: its title (weight A), the
fields of its body (B, shown as an excerpt) and of its keywords (C), the path to its
site, and which other models, when written, change its entry (``follows``). Who may
see a result is never declared here: it is the model's own ``for_user(user, "view")``.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models

Path = str | Callable[[models.Model], object]


def read(obj, path: Path):
    """``path`` of ``obj``: a dotted attribute path (``"vision.site_id"``) or a function."""
    if callable(path):
        return path(obj)
    value = obj
    for name in path.split("."):
        if value is None:
            return None
        value = getattr(value, name)
        if isinstance(value, models.Manager):
            value = value.all()
    return value


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Iterable):
        return " ".join(_text(item) for item in value)
    return str(value)


@dataclass(frozen=True)
class Index:
    kind: str  # in URLs and the API: ``?type=actions``
    label: str  # plural, shown as the group's heading
    model: type[models.Model]
    title: Path
    body: tuple[Path, ...] = ()
    keywords: tuple[Path, ...] = ()
    subtitle: Path | None = None
    # Path to the site's id; None for programme-wide rows (QPV, structures…).
    site: str | None = None
    url: Path = "get_absolute_url"
    # Read with the rows when the whole kind is indexed (reindex): no query per row.
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    # Other models whose writes change these entries: model → function giving the
    # indexed rows to refresh (a queryset or a list).
    follows: dict[type[models.Model], Callable] = field(default_factory=dict)

    def rows(self):
        """Every row of the kind, as the reindex reads them."""
        return (
            self.model._default_manager.select_related(*self.select_related)
            .prefetch_related(*self.prefetch_related)
            .order_by("pk")
        )

    def document(self, obj) -> dict:
        """The entry's values for ``obj`` (everything but its vector)."""
        url = read(obj, self.url)
        return {
            "title": _text(read(obj, self.title))[:300],
            "subtitle": _text(read(obj, self.subtitle))[:300] if self.subtitle else "",
            "url": (url() if callable(url) else _text(url))[:300],
            "site_id": read(obj, self.site) if self.site else None,
            "body": " ".join(filter(None, (_text(read(obj, p)) for p in self.body))),
            "keywords": " ".join(filter(None, (_text(read(obj, p)) for p in self.keywords))),
        }


_registry: dict[str, Index] = {}


def register(index: Index) -> Index:
    if index.kind in _registry:
        raise ValueError(f"Search kind {index.kind!r} registered twice.")
    _registry[index.kind] = index
    return index


def indexes() -> list[Index]:
    """Every kind, in the order results are shown."""
    from recherche import indexes as _declarations  # noqa: F401  (fills the registry)

    return list(_registry.values())


def get(kind: str) -> Index | None:
    indexes()
    return _registry.get(kind)


def for_model(model) -> Index | None:
    return next((index for index in indexes() if index.model is model), None)


def following(model) -> list[tuple[Index, Callable]]:
    return [(index, index.follows[model]) for index in indexes() if model in index.follows]
