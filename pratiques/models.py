"""Pratiques inspirantes: what a site learned, reviewed, published to the programme,
bookmarked, asked about and adopted by other sites."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pratiques.enums import ObjectiveTheme, PracticeStatus, PracticeTheme
from pratiques.querysets import BookmarkQuerySet, PracticePartQuerySet, PracticeQuerySet
from qic.models import NormalizedDecimalsMixin
from quartiers.querysets import SiteScopedQuerySet


class Practice(NormalizedDecimalsMixin, models.Model):
    """A practice a site found worth sharing (or a failure worth knowing)."""

    site = models.ForeignKey(
        "quartiers.Site", verbose_name=_("site"), on_delete=models.CASCADE, related_name="practices"
    )
    origin_action = models.ForeignKey(
        "visions.Action",
        verbose_name=_("action d'origine"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practices",
    )
    title = models.CharField(_("titre"), max_length=200)
    theme = models.CharField(_("thème"), max_length=20, choices=PracticeTheme)
    objective_theme = models.CharField(
        _("thème des objectifs servis"), max_length=20, choices=ObjectiveTheme, blank=True
    )
    problem = models.TextField(_("le problème de départ"))
    what_was_done = models.TextField(_("ce qui a été fait"))
    partners = models.ManyToManyField(
        "quartiers.Structure",
        verbose_name=_("structures partenaires"),
        blank=True,
        related_name="practices",
    )
    cost = models.DecimalField(
        _("coût (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    funders = models.CharField(_("financeurs"), max_length=300, blank=True)
    duration = models.CharField(
        _("durée"),
        max_length=100,
        blank=True,
        help_text=_("Par exemple « 8 mois »."),
    )
    results = models.TextField(_("résultats"), blank=True)
    indicators = models.ManyToManyField(
        "visions.Indicator",
        verbose_name=_("indicateurs liés"),
        blank=True,
        related_name="practices",
    )
    lessons = models.TextField(_("enseignements"), blank=True)
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practices_contact",
        help_text=_("La personne à qui les autres sites peuvent poser une question."),
    )
    contact_agreed = models.BooleanField(_("le contact a accepté d'être nommé"), default=False)
    status = models.CharField(
        _("statut"),
        max_length=20,
        choices=PracticeStatus,
        default=PracticeStatus.BROUILLON,
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rédigée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("publiée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("pratique inspirante")
        verbose_name_plural = _("pratiques inspirantes")
        ordering = ["-published_at", "title", "pk"]
        indexes = [
            models.Index(fields=["status", "published_at"]),
            models.Index(fields=["updated_at", "id"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pratiques:practice_detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == PracticeStatus.PUBLIEE


def document_path(instance, filename):
    return f"pratiques/documents/{uuid.uuid4().hex}"


class PracticeDocument(models.Model):
    """A file attached to a practice, served only through a view that checks access."""

    site_path = "practice__site"

    practice = models.ForeignKey(
        Practice, verbose_name=_("pratique"), on_delete=models.CASCADE, related_name="documents"
    )
    file = models.FileField(_("fichier"), upload_to=document_path, max_length=255)
    original_name = models.CharField(_("nom du fichier"), max_length=255)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveBigIntegerField(_("taille (octets)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("déposé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("déposé le"), default=timezone.now)

    objects = PracticePartQuerySet.as_manager()

    class Meta:
        verbose_name = _("document de pratique")
        verbose_name_plural = _("documents de pratique")
        ordering = ["practice", "uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("pratiques:document_download", args=[self.pk])


class PracticeComment(models.Model):
    """A review comment, by the resource centre or ANCT (or the site answering)."""

    site_path = "practice__site"

    practice = models.ForeignKey(
        Practice, verbose_name=_("pratique"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("commentaire"))
    created_at = models.DateTimeField(_("écrit le"), default=timezone.now, editable=False)

    # Review comments follow the practice's site, even once it is published.
    objects = SiteScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("commentaire de relecture")
        verbose_name_plural = _("commentaires de relecture")
        ordering = ["practice", "created_at", "pk"]

    def __str__(self):
        return self.text[:60]


class PracticeBookmark(models.Model):
    practice = models.ForeignKey(
        Practice, verbose_name=_("pratique"), on_delete=models.CASCADE, related_name="bookmarks"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utilisateur"),
        on_delete=models.CASCADE,
        related_name="practice_bookmarks",
    )
    created_at = models.DateTimeField(_("ajouté le"), default=timezone.now, editable=False)

    objects = BookmarkQuerySet.as_manager()

    class Meta:
        verbose_name = _("favori")
        verbose_name_plural = _("favoris")
        constraints = [
            models.UniqueConstraint(fields=["practice", "user"], name="practice_bookmark_unique")
        ]

    def __str__(self):
        return f"{self.user} — {self.practice}"


class PracticeAdoption(models.Model):
    """A site adopted a practice: the action it copied into its plan, linked to its origin."""

    practice = models.ForeignKey(
        Practice, verbose_name=_("pratique"), on_delete=models.CASCADE, related_name="adoptions"
    )
    site = models.ForeignKey(
        "quartiers.Site",
        verbose_name=_("site qui adopte"),
        on_delete=models.CASCADE,
        related_name="practice_adoptions",
    )
    action = models.OneToOneField(
        "visions.Action",
        verbose_name=_("action créée"),
        on_delete=models.CASCADE,
        related_name="adopted_practice",
    )
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("adoptée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("adoptée le"), default=timezone.now, editable=False)

    objects = SiteScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("adoption de pratique")
        verbose_name_plural = _("adoptions de pratiques")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "site"], name="practice_adoption_unique")
        ]

    def __str__(self):
        return f"{self.site} — {self.practice}"
