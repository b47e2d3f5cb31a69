"""Register every model of the app with the change journal (django-auditlog).

Who changed what and when, with before/after values, is shown as « Historique » on
each detail page (templates/includes/history.html).
"""

from auditlog.registry import auditlog

from quartiers import models

auditlog.register(models.Region)
auditlog.register(models.Departement)
auditlog.register(models.EPCI)
auditlog.register(models.Commune)
auditlog.register(models.Quartier, m2m_fields={"communes"}, exclude_fields=["perimeter"])
auditlog.register(models.Structure, m2m_fields={"members"})
auditlog.register(models.Personne, m2m_fields={"sites"})
auditlog.register(models.Site, m2m_fields={"quartiers"})
auditlog.register(models.SiteStatusChange)
auditlog.register(models.TrinomeMandate)
auditlog.register(models.SiteAccess)
auditlog.register(models.Cohort)
auditlog.register(models.FormationSession, m2m_fields={"sites_present"})
auditlog.register(models.Accompaniment)
