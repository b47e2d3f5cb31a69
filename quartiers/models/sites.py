"""Sites engaged in the programme, their status history, trinôme and access grants."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qic import dates
from quartiers.enums import Programme, SiteStatus, StructureKind, TrinomeSeat
from quartiers.querysets import SiteQuerySet, SiteScopedQuerySet, TrinomeMandateQuerySet


class Site(models.Model):
    name = models.CharField(_("nom"), max_length=200)
    description = models.TextField(_("présentation"), blank=True)
    quartiers = models.ManyToManyField(
        "quartiers.Quartier", verbose_name=_("quartiers prioritaires"), related_name="sites"
    )
    programme = models.CharField(_("programme"), max_length=30, choices=Programme)
    cohort = models.ForeignKey(
        "quartiers.Cohort",
        verbose_name=_("cohorte"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sites",
    )
    # The current status, kept in step with the last SiteStatusChange by
    # ``services.site_change_status``: it is what every list filters on.
    status = models.CharField(
        _("statut"), max_length=30, choices=SiteStatus, default=SiteStatus.REPERE, editable=False
    )
    chef_de_projet = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chef de projet national"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sites_suivis",
    )
    contrat_de_ville = models.CharField(
        _("contrat de ville"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple « Contrat de ville Engagements Quartiers 2030 de … »."),
    )
    contrat_de_ville_url = models.URLField(_("lien vers le contrat de ville"), blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    # Changed in the transaction of every write on the site or on what belongs to it
    # (quartiers/stamps.py): the key of the figures derived from the site's data.
    data_version = models.UUIDField(_("version des données"), default=uuid.uuid4, editable=False)

    objects = SiteQuerySet.as_manager()

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["programme"]),
            models.Index(fields=["updated_at", "id"]),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        # The site's page is built by ``dashboards`` (it reads the vision, the cercles and
        # ``summaries``, which this app may not import): named here, never imported.
        return reverse("dashboards:site", args=[self.pk])

    def next_statuses(self) -> list[SiteStatus]:
        """Where this site may go from its current status.

        Along the path: one step forward, or one step back to correct a mistake.
        Any step may be suspended or left; a suspended or departed site resumes anywhere.
        """
        path = SiteStatus.progression()
        current = SiteStatus(self.status)
        if current in (SiteStatus.SUSPENDU, SiteStatus.SORTI):
            targets = list(path)
            if current == SiteStatus.SUSPENDU:
                targets.append(SiteStatus.SORTI)
            return targets
        index = path.index(current)
        targets = []
        if index + 1 < len(path):
            targets.append(path[index + 1])
        if index > 0:
            targets.append(path[index - 1])
        return [*targets, SiteStatus.SUSPENDU, SiteStatus.SORTI]


class SiteStatusChange(models.Model):
    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(_("statut"), max_length=30, choices=SiteStatus)
    date = dates.plausible(models.DateField(_("date")))
    comment = models.TextField(_("commentaire"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("enregistré le"), default=timezone.now, editable=False)

    objects = SiteScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("changement de statut")
        verbose_name_plural = _("changements de statut")
        ordering = ["date", "created_at"]
        indexes = [
            models.Index(fields=["site", "date"]),
            # Status changes are never edited: the API syncs them on their creation date.
            models.Index(fields=["created_at", "id"]),
            # « Derniers changements » of the national home: the top 10 by index, not a
            # sort of the whole history (docs/performance.md).
            models.Index(fields=["-date", "-created_at"], name="sitestatuschange_recent"),
        ]

    def __str__(self):
        return f"{self.site} : {self.get_status_display()} le {self.date:%d/%m/%Y}"


# Which kinds of structure may hold each seat of the trinôme.
SEAT_STRUCTURE_KINDS = {
    TrinomeSeat.COLLECTIVITE: {StructureKind.COLLECTIVITE},
    TrinomeSeat.ETAT: {StructureKind.ETAT},
    TrinomeSeat.ASSOCIATION: set(StructureKind)
    - {StructureKind.COLLECTIVITE, StructureKind.ETAT, StructureKind.CENTRE_RESSOURCES},
}


class TrinomeMandate(models.Model):
    """Who holds one seat of a site's trinôme, and when. People rotate; seats stay."""

    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.CASCADE, related_name="trinome_mandates"
    )
    seat = models.CharField(_("siège"), max_length=20, choices=TrinomeSeat)
    personne = models.ForeignKey(
        "quartiers.Personne",
        verbose_name=_("personne"),
        on_delete=models.PROTECT,
        related_name="trinome_mandates",
    )
    structure = models.ForeignKey(
        "quartiers.Structure",
        verbose_name=_("structure"),
        on_delete=models.PROTECT,
        related_name="trinome_mandates",
    )
    start_date = dates.plausible(models.DateField(_("début")))
    end_date = dates.plausible(models.DateField(_("fin"), null=True, blank=True))

    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = TrinomeMandateQuerySet.as_manager()

    class Meta:
        verbose_name = _("mandat au trinôme")
        verbose_name_plural = _("mandats au trinôme")
        ordering = ["seat", "-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "seat"],
                condition=Q(end_date__isnull=True),
                name="trinome_one_open_mandate_per_seat",
                violation_error_message=_("Ce siège a déjà un titulaire en cours."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="trinome_mandate_end_after_start",
                violation_error_message=_("La fin du mandat précède son début."),
            ),
        ]
        indexes = [models.Index(fields=["updated_at", "id"])]

    def __str__(self):
        return f"{self.get_seat_display()} : {self.personne}"

    def is_current(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.start_date <= on and (self.end_date is None or self.end_date >= on)

    def clean(self):
        allowed = SEAT_STRUCTURE_KINDS.get(self.seat, set())
        if self.structure_id and self.structure.kind not in allowed:
            raise ValidationError(
                {
                    "structure": _(
                        "Le siège « %(seat)s » ne peut pas être tenu par une structure "
                        "de type « %(kind)s »."
                    )
                    % {"seat": self.get_seat_display(), "kind": self.structure.get_kind_display()}
                }
            )
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("La fin du mandat précède son début.")})
        if self.site_id and self.seat and self.start_date:
            overlapping = TrinomeMandate.objects.filter(
                site_id=self.site_id, seat=self.seat
            ).exclude(pk=self.pk)
            overlapping = overlapping.filter(
                Q(end_date__isnull=True) | Q(end_date__gte=self.start_date)
            )
            if self.end_date:
                overlapping = overlapping.filter(start_date__lte=self.end_date)
            if overlapping.exists():
                raise ValidationError(
                    _(
                        "Ce siège est déjà tenu sur cette période : terminez d'abord le mandat en cours."
                    )
                )


class SiteAccess(models.Model):
    """A site granted to a user: a membre de site edits it, an observateur reads it."""

    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.CASCADE, related_name="accesses"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utilisateur"),
        on_delete=models.CASCADE,
        related_name="site_accesses",
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accordé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("accordé le"), default=timezone.now, editable=False)

    objects = SiteScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("accès à un site")
        verbose_name_plural = _("accès aux sites")
        constraints = [
            models.UniqueConstraint(fields=["site", "user"], name="site_access_unique"),
        ]

    def __str__(self):
        return f"{self.user} → {self.site}"
