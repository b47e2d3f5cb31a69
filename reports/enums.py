from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    FICHE_SITE = "fiche_site", _("fiche site (PDF)")
    BILAN_NATIONAL = "bilan_national", _("bilan national (PDF)")
    EXPORT = "export", _("export tableur")


class ReportStatus(models.TextChoices):
    EN_ATTENTE = "en_attente", _("en attente")
    EN_COURS = "en_cours", _("en cours")
    PRET = "pret", _("prêt")
    ECHEC = "echec", _("échec")
    EXPIRE = "expire", _("expiré")

    @classmethod
    def unfinished(cls) -> list["ReportStatus"]:
        """While a job is in one of these, its page keeps polling."""
        return [cls.EN_ATTENTE, cls.EN_COURS]


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", _("classeur Excel (XLSX), une feuille par table")
    CSV = "csv", _("CSV (séparateur « ; », UTF-8), un fichier par table dans un ZIP")


class ExportTable(models.TextChoices):
    SITES = "sites", _("sites et trinômes")
    QPV = "qpv", _("quartiers prioritaires")
    ACTIONS = "actions", _("actions")
    INDICATEURS = "indicateurs", _("indicateurs et mesures")
    REUNIONS = "reunions", _("réunions et engagements")
    FINANCEMENTS = "financements", _("financements des actions")
