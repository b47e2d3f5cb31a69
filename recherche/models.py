"""The search index: one row per searchable object (NetBox's ``CachedValue``, style.md §17).

Rows are derived from the indexed models (``recherche/indexes.py``): written by the
signals of ``recherche/signals.py`` and rebuilt by ``manage.py reindex``. Never edited.
"""

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("type d'objet"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("identifiant de l'objet"))
    kind = models.CharField(_("type de résultat"), max_length=30)
    site = models.ForeignKey(
        "quartiers.Site",
        verbose_name=_("site"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("titre"), max_length=300)
    subtitle = models.CharField(_("précision"), max_length=300, blank=True)
    url = models.CharField(_("adresse"), max_length=300)
    # The searched texts, by weight: the title (A), then ``body`` (B, shown as an
    # excerpt) and ``keywords`` (C, searched, not shown).
    body = models.TextField(_("texte"), blank=True)
    keywords = models.TextField(_("mots-clés"), blank=True)
    # SQLite's fallback (and the ranking of titles): the same texts, folded.
    folded_title = models.CharField(_("titre sans accents"), max_length=300)
    folded = models.TextField(_("texte sans accents"))
    # PostgreSQL full-text search (« french_unaccent »); its GIN index is made by the
    # migration, on PostgreSQL only. Empty elsewhere.
    vector = SearchVectorField(_("vecteur de recherche"), null=True, editable=False)

    class Meta:
        verbose_name = _("entrée de l'index de recherche")
        verbose_name_plural = _("entrées de l'index de recherche")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="search_entry_unique_object"
            )
        ]
        indexes = [models.Index(fields=["kind", "object_id"])]

    def __str__(self):
        return f"{self.kind} : {self.title}"
