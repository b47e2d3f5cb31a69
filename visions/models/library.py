"""What sites share: the indicator library (definitions that make indicators comparable
across sites) and vision templates (what a new site starts its vision from)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartiers.querysets import VIEW, _check_action, is_signed_in
from visions.enums import DefinitionStatus, Direction, Frequency


class DefinitionQuerySet(models.QuerySet):
    """The library is the programme's: every signed-in user reads it, ANCT curates it."""

    def for_user(self, user, action: str = VIEW):
        _check_action(action)
        if not is_signed_in(user):
            return self.none()
        if action == VIEW or user.is_national:
            return self.all()
        return self.none()

    def curated(self):
        return self.filter(status=DefinitionStatus.VALIDEE)


class IndicatorDefinition(models.Model):
    """One shared way to measure something: indicators using it compare across sites."""

    name = models.CharField(_("nom"), max_length=200, unique=True)
    definition = models.TextField(_("définition"))
    unit = models.CharField(_("unité"), max_length=30, blank=True)
    direction = models.CharField(_("sens souhaité"), max_length=10, choices=Direction)
    calculation_method = models.TextField(_("méthode de calcul"), blank=True)
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("INSEE (variable), ONPV, France Travail, comptage du site…"),
    )
    frequency = models.CharField(
        _("fréquence recommandée"), max_length=15, choices=Frequency, blank=True
    )
    maintainer = models.CharField(
        _("tenue par"), max_length=200, blank=True, help_text=_("Qui la tient à jour.")
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=DefinitionStatus, default=DefinitionStatus.PROPOSEE
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = DefinitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("définition d'indicateur")
        verbose_name_plural = _("définitions d'indicateurs")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["updated_at", "id"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("visions:definition_detail", args=[self.pk])


class TemplateQuerySet(models.QuerySet):
    """Templates are the programme's to read; ANCT and their author (a resource centre)
    change them."""

    def for_user(self, user, action: str = VIEW):
        _check_action(action)
        if not is_signed_in(user):
            return self.none()
        if action == VIEW or user.is_national:
            return self.all()
        return self.filter(created_by=user)


class VisionTemplate(models.Model):
    """Objectives, their indicators and action themes taken from an adopted vision —
    never its values, nor the names or words of its people."""

    name = models.CharField(_("nom"), max_length=200)
    description = models.TextField(_("présentation"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enregistré par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = TemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("modèle de vision")
        verbose_name_plural = _("modèles de vision")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["updated_at", "id"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("visions:template_detail", args=[self.pk])


class TemplatePartQuerySet(models.QuerySet):
    def for_user(self, user, action: str = VIEW):
        path = self.model.template_path
        return self.filter(
            **{f"{path}__in": VisionTemplate.objects.for_user(user, action).values("pk")}
        )


class TemplateObjective(models.Model):
    template_path = "template"

    template = models.ForeignKey(
        VisionTemplate,
        verbose_name=_("modèle"),
        on_delete=models.CASCADE,
        related_name="objectives",
    )
    position = models.PositiveIntegerField(_("rang"), default=0)
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    objects = TemplatePartQuerySet.as_manager()

    class Meta:
        verbose_name = _("objectif de modèle")
        verbose_name_plural = _("objectifs de modèle")
        ordering = ["template", "position", "pk"]

    def __str__(self):
        return self.title


class TemplateIndicator(models.Model):
    """An indicator line: its definition, unit, direction, frequency — no value."""

    template_path = "objective__template"

    objective = models.ForeignKey(
        TemplateObjective,
        verbose_name=_("objectif"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    name = models.CharField(_("nom"), max_length=200)
    definition = models.ForeignKey(
        IndicatorDefinition,
        verbose_name=_("définition de la bibliothèque"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="template_indicators",
    )
    unit = models.CharField(_("unité"), max_length=30, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    direction = models.CharField(_("sens souhaité"), max_length=10, choices=Direction)
    frequency = models.CharField(_("fréquence de mesure"), max_length=15, choices=Frequency)

    objects = TemplatePartQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicateur de modèle")
        verbose_name_plural = _("indicateurs de modèle")
        ordering = ["objective", "name", "pk"]

    def __str__(self):
        return self.name


class TemplateActionTheme(models.Model):
    template_path = "template"

    template = models.ForeignKey(
        VisionTemplate,
        verbose_name=_("modèle"),
        on_delete=models.CASCADE,
        related_name="action_themes",
    )
    title = models.CharField(_("thème d'action"), max_length=200)

    objects = TemplatePartQuerySet.as_manager()

    class Meta:
        verbose_name = _("thème d'action de modèle")
        verbose_name_plural = _("thèmes d'action de modèle")
        ordering = ["template", "title", "pk"]

    def __str__(self):
        return self.title
