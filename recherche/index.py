"""Writing the index: one entry when an object is saved or deleted, every entry in bulk
for ``manage.py reindex``, and the check that stored entries equal recomputed ones."""

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVector
from django.db import IntegrityError, connection, transaction
from django.db.models import TextField, Value

from recherche import registry
from recherche.models import SearchEntry
from recherche.text import clean, fold

# The PostgreSQL text search configuration made by migration 0001: French stemming,
# accents removed (« equipement » finds « Équipement »).
CONFIG = "french_unaccent"
BATCH = 1000
COMPARED = ("kind", "title", "subtitle", "url", "site_id", "body", "keywords")


def on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def values(index: registry.Index, obj) -> dict:
    """The stored values of ``obj``'s entry (its vector aside)."""
    document = index.document(obj)
    title = clean(document["title"])
    body, keywords = clean(document["body"]), clean(document["keywords"])
    return {
        "kind": index.kind,
        "title": title,
        "subtitle": clean(document["subtitle"]),
        "url": document["url"],
        "site_id": document["site_id"],
        "body": body,
        "keywords": keywords,
        "folded_title": fold(title)[:300],
        "folded": fold(f"{title}\n{body}\n{keywords}"),
    }


def _vector(title, body, keywords):
    """The weighted vector of three texts: column names, or ``Value``s for one row."""
    return (
        SearchVector(title, weight="A", config=CONFIG)
        + SearchVector(body, weight="B", config=CONFIG)
        + SearchVector(keywords, weight="C", config=CONFIG)
    )


def _text(value):
    return Value(value, output_field=TextField())


def index_object(obj, index: registry.Index | None = None) -> None:
    """Write ``obj``'s entry: one UPDATE, or one INSERT the first time."""
    index = index or registry.for_model(type(obj))
    content_type = ContentType.objects.get_for_model(type(obj))
    row = values(index, obj)
    if on_postgresql():
        row["vector"] = _vector(_text(row["title"]), _text(row["body"]), _text(row["keywords"]))
    entries = SearchEntry.objects.filter(content_type=content_type, object_id=obj.pk)
    if entries.update(**row):
        return
    try:
        with transaction.atomic():
            SearchEntry.objects.create(content_type=content_type, object_id=obj.pk, **row)
    except IntegrityError:  # written meanwhile by another request
        entries.update(**row)


def index_objects(model, objects) -> None:
    """Write the entries of rows written in bulk (``qic.history.bulk_written``): one
    DELETE, INSERTs by batch and, on PostgreSQL, one UPDATE of their vectors."""
    index = registry.for_model(model)
    if index is None:
        return
    content_type = ContentType.objects.get_for_model(model)
    objects = [obj for obj in objects if obj.pk is not None]
    pks = [obj.pk for obj in objects]
    entries = SearchEntry.objects.filter(content_type=content_type, object_id__in=pks)
    entries.delete()
    SearchEntry.objects.bulk_create(
        [
            SearchEntry(content_type=content_type, object_id=obj.pk, **values(index, obj))
            for obj in objects
        ],
        batch_size=BATCH,
    )
    if on_postgresql():
        entries.update(vector=_vector("title", "body", "keywords"))


def unindex_object(obj) -> None:
    content_type = ContentType.objects.get_for_model(type(obj))
    SearchEntry.objects.filter(content_type=content_type, object_id=obj.pk).delete()


def expected_entries(index: registry.Index):
    """(object id, stored values) of every row of the kind, read in batches."""
    for obj in index.rows().iterator(chunk_size=BATCH):
        yield obj.pk, values(index, obj)


@transaction.atomic
def reindex(kinds: list[str] | None = None) -> dict[str, int]:
    """Rebuild the entries of ``kinds`` (all by default) in bulk; entries of kinds no
    longer declared are removed. Returns the number of entries per kind."""
    selected = [i for i in registry.indexes() if kinds is None or i.kind in kinds]
    if kinds is None:
        SearchEntry.objects.exclude(kind__in=[i.kind for i in selected]).delete()
    written = {}
    for index in selected:
        content_type = ContentType.objects.get_for_model(index.model)
        SearchEntry.objects.filter(content_type=content_type).delete()
        batch, count = [], 0
        for object_id, row in expected_entries(index):
            batch.append(SearchEntry(content_type=content_type, object_id=object_id, **row))
            if len(batch) >= BATCH:
                SearchEntry.objects.bulk_create(batch)
                count += len(batch)
                batch = []
        SearchEntry.objects.bulk_create(batch)
        count += len(batch)
        if on_postgresql():  # one statement for the whole kind
            SearchEntry.objects.filter(content_type=content_type).update(
                vector=_vector("title", "body", "keywords")
            )
        written[index.kind] = count
    return written


def check() -> list[str]:
    """What differs between the stored entries and a recomputation (empty: all fresh)."""
    problems = []
    known = [index.kind for index in registry.indexes()]
    for kind in SearchEntry.objects.exclude(kind__in=known).values_list("kind", flat=True):
        problems.append(f"{kind} : type inconnu")
    for index in registry.indexes():
        content_type = ContentType.objects.get_for_model(index.model)
        stored = {
            entry["object_id"]: entry
            for entry in SearchEntry.objects.filter(content_type=content_type).values(
                "object_id", "vector", *COMPARED
            )
        }
        for object_id, row in expected_entries(index):
            entry = stored.pop(object_id, None)
            if entry is None:
                problems.append(f"{index.kind} n° {object_id} : absent de l'index")
                continue
            differs = [name for name in COMPARED if entry[name] != row[name]]
            if on_postgresql() and entry["vector"] is None:
                differs.append("vector")
            if differs:
                problems.append(f"{index.kind} n° {object_id} : {', '.join(differs)} différent")
        problems.extend(f"{index.kind} n° {object_id} : en trop" for object_id in stored)
    return problems
