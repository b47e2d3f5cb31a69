"""Register every model of the app with the change journal (django-auditlog).

Who changed what and when, with before/after values, is shown as « Historique » on
each detail page (templates/includes/history.html).
"""

from auditlog.registry import auditlog

from quartiers import models

# « Modifié le » changes on every save: it is the journal's own timestamp, not a change.
EXCLUDED = ["updated_at"]

auditlog.register(models.Region, exclude_fields=EXCLUDED)
auditlog.register(models.Departement, exclude_fields=EXCLUDED)
auditlog.register(models.EPCI, exclude_fields=EXCLUDED)
auditlog.register(models.Commune, exclude_fields=EXCLUDED)
auditlog.register(models.Quartier, m2m_fields={"communes"}, exclude_fields=[*EXCLUDED, "perimeter"])
auditlog.register(models.Structure, m2m_fields={"members"}, exclude_fields=EXCLUDED)
auditlog.register(models.Personne, m2m_fields={"sites"}, exclude_fields=EXCLUDED)
# The data stamp is bookkeeping of the cached figures (quartiers/stamps.py), not a change.
auditlog.register(models.Site, m2m_fields={"quartiers"}, exclude_fields=[*EXCLUDED, "data_version"])
auditlog.register(models.SiteStatusChange, exclude_fields=EXCLUDED)
auditlog.register(models.TrinomeMandate, exclude_fields=EXCLUDED)
auditlog.register(models.SiteAccess, exclude_fields=EXCLUDED)
auditlog.register(models.Cohort, exclude_fields=EXCLUDED)
auditlog.register(models.FormationSession, m2m_fields={"sites_present"}, exclude_fields=EXCLUDED)
auditlog.register(models.Accompaniment, exclude_fields=EXCLUDED)
auditlog.register(models.Intervention, exclude_fields=EXCLUDED)
auditlog.register(models.SiteFollowUp, exclude_fields=EXCLUDED)
