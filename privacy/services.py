"""Personal data: export everything linked to a person, and erase by anonymisation.

Anonymisation happens *in place*: the rows stay (a cercle keeps its member count, a
meeting its attendance, a site its trinôme history), only what identifies the person is
replaced. docs/donnees-personnelles.md lists what is touched; in short:

- the ``Personne``: names, e-mail, phone, function;
- the ``User``: names and e-mail replaced, deactivated, unusable password, staff rights
  removed; its sessions, API and calendar tokens, second-factor devices, invitations,
  notifications, reminders and preferences deleted;
- the history (django-auditlog): the person's own entries lose the old values of the
  personal fields, and every entry that names them (object description, changes,
  snapshots, author e-mail) has the name, e-mail and phone replaced;
- django-axes' login attempts under the e-mail, reminders and notifications of other
  people that name them.

Out of scope, and said so on the public page: free texts written by people (meeting
minutes, decisions, commitments, comments) that mention the person by name.
"""

import json
import re
from datetime import datetime

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Cast
from django.utils import timezone
from django_otp import devices_for_user

from accounts.models import User
from privacy.models import Erasure, ErasureReason, RetentionNotice, Subject
from qic.models import SubmissionClaim
from quartiers.models import Personne, SiteEvent

ANONYMOUS_DOMAIN = "anonyme.invalid"
REDACTED = "[anonymisé]"
REDACTED_MENTION = "[personne anonymisée]"
# Fields that identify a person on their own rows (history entries included).
PERSONNE_FIELDS = ("first_name", "last_name", "email", "phone", "function")
USER_FIELDS = ("first_name", "last_name", "email")
# Never exported: secrets, even hashed.
SECRET_FIELDS = {"password", "token_hash", "key", "session_key", "session_data"}
# Shortest text replaced in other people's rows: a two-letter string would hit
# unrelated words.
MIN_TERM_LENGTH = 5


# --- export ---------------------------------------------------------------------------


def _row(obj, *, labels: bool = True) -> dict:
    """One row's fields; ``labels=False`` (linked rows) gives ids only, so that the
    export costs one query per kind of link, not one per row."""
    data = {"modele": obj._meta.label, "id": obj.pk}
    if labels:
        data["libelle"] = str(obj)
    for field in obj._meta.concrete_fields:
        if field.name in SECRET_FIELDS or field.primary_key:
            continue
        value = getattr(obj, field.attname)
        if isinstance(field, models.FileField):
            value = value.name or ""  # the stored name, not the file
        data[field.name] = value
    for field in obj._meta.many_to_many:
        related = getattr(obj, field.name).all()
        data[field.name] = [str(r) if labels else r.pk for r in related]
    return data


def _linked_rows(obj) -> dict[str, list[dict]]:
    """Every row pointing at ``obj`` by a foreign key or a many-to-many, one level deep."""
    linked = {}
    for relation in obj._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete):
            continue  # only reverse relations
        if relation.related_model in (LogEntry,):
            continue
        if relation.many_to_many or relation.one_to_many or relation.one_to_one:
            rows = relation.related_model._default_manager.filter(**{relation.field.name: obj})
        else:
            continue
        m2m = [field.name for field in relation.related_model._meta.many_to_many]
        rows = [_row(row, labels=False) for row in rows.prefetch_related(*m2m).order_by("pk")]
        if rows:
            key = f"{relation.related_model._meta.label}.{relation.field.name}"
            linked[key] = rows
    return linked


def _history(obj, *, authored_by=None) -> list[dict]:
    content_type = ContentType.objects.get_for_model(type(obj))
    entries = LogEntry.objects.filter(content_type=content_type, object_pk=str(obj.pk))
    if authored_by is not None:
        entries = LogEntry.objects.filter(Q(pk__in=entries.values("pk")) | Q(actor=authored_by))
    return [
        {
            "date": entry.timestamp,
            "objet": f"{entry.content_type.app_label}.{entry.content_type.model} "
            f"n° {entry.object_pk} — {entry.object_repr}",
            "action": entry.get_action_display(),
            "modifications": entry.changes,
            "auteur": str(entry.actor) if entry.actor_id else entry.actor_email,
        }
        for entry in entries.select_related("content_type", "actor").order_by("timestamp", "pk")
    ]


def person_export(*, personne: Personne | None = None, user: User | None = None) -> dict:
    """Everything QIC holds about one person, as JSON-ready data.

    Give a ``Personne`` (its account, if any, is included) or a ``User`` (its
    ``Personne``, if any, is included). Secrets (password, token hashes, second-factor
    keys) are left out.
    """
    if personne is None and user is not None:
        personne = Personne.objects.filter(user=user).first()
    if user is None and personne is not None and personne.user_id:
        user = personne.user
    if personne is None and user is None:
        raise ValueError("Indiquez une personne ou un compte.")
    export = {
        "exporte_le": timezone.now(),
        "responsable_du_traitement": "Agence nationale de la cohésion des territoires (ANCT)",
    }
    if personne is not None:
        export["personne"] = _row(personne)
        export["personne_liens"] = _linked_rows(personne)
        export["personne_historique"] = _history(personne)
    export["mentions_dans_les_textes_libres"] = free_text_mentions(personne=personne, user=user)
    if user is not None:
        export["compte"] = _row(user)
        export["compte_liens"] = _linked_rows(user)
        export["compte_historique_et_actions"] = _history(user, authored_by=user)
        export["compte_second_facteur"] = [
            {"nom": device.name, "confirme": device.confirmed}
            for device in devices_for_user(user, confirmed=None)
        ]
        export["tentatives_de_connexion_echouees"] = [
            {"date": attempt.attempt_time, "adresse_ip": attempt.ip_address}
            for attempt in AccessFailureLog.objects.filter(username__iexact=user.email)
        ]
    return export


class _ExportEncoder(DjangoJSONEncoder):
    """Dates, decimals, UUIDs as Django does; anything else a new field may hold, as text."""

    def default(self, o):
        try:
            return super().default(o)
        except TypeError:
            return str(o)


def person_export_json(**kwargs) -> str:
    return json.dumps(person_export(**kwargs), cls=_ExportEncoder, ensure_ascii=False, indent=2)


# --- erasure --------------------------------------------------------------------------


def _terms(*values) -> list[str]:
    """The strings to hunt down elsewhere, longest first (a full name before its parts)."""
    terms = {v.strip() for v in values if v and len(v.strip()) >= MIN_TERM_LENGTH}
    return sorted(terms, key=len, reverse=True)


def _scrub_text(value, pattern):
    if isinstance(value, str):
        return pattern.sub(REDACTED_MENTION, value)
    if isinstance(value, list):
        return [_scrub_text(item, pattern) for item in value]
    if isinstance(value, dict):
        return {key: _scrub_text(item, pattern) for key, item in value.items()}
    return value


def _mentions(fields_text, fields_json, terms) -> Q:
    """Rows where one of ``terms`` appears in a text or JSON column (JSON may store
    accents escaped, so both spellings are sought)."""
    query = Q()
    for term in terms:
        escaped = json.dumps(term)[1:-1]
        for name in fields_text:
            query |= Q(**{f"{name}__icontains": term})
        for name in fields_json:
            query |= Q(**{f"_{name}_text__icontains": term})
            if escaped != term:
                query |= Q(**{f"_{name}_text__icontains": escaped})
    return query


def _scrub_model(model, fields_text, fields_json, terms, exclude=None) -> int:
    """Replace ``terms`` in the rows of ``model`` that mention them; return rows changed."""
    if not terms:
        return 0
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    rows = model._default_manager.annotate(
        **{f"_{name}_text": Cast(name, models.TextField()) for name in fields_json}
    ).filter(_mentions(fields_text, fields_json, terms))
    if exclude is not None:
        rows = rows.exclude(exclude)
    changed = 0
    for row in rows:
        for name in (*fields_text, *fields_json):
            setattr(row, name, _scrub_text(getattr(row, name), pattern))
        row.save(update_fields=[*fields_text, *fields_json])
        changed += 1
    return changed


def _redact_own_entries(content_type, pk, fields, new_repr, pattern):
    """The person's own history: old and new values of personal fields redacted."""
    for entry in LogEntry.objects.filter(content_type=content_type, object_pk=str(pk)):
        changes = entry.changes or {}
        if isinstance(changes, dict):
            for name in fields:
                if name in changes and isinstance(changes[name], list):
                    changes[name] = [
                        REDACTED if v not in (None, "", "None") else v for v in changes[name]
                    ]
        entry.changes = _scrub_text(changes, pattern) if pattern else changes
        if entry.serialized_data:
            data = entry.serialized_data
            for name in fields:
                if isinstance(data.get("fields"), dict) and name in data["fields"]:
                    data["fields"][name] = REDACTED
            entry.serialized_data = _scrub_text(data, pattern) if pattern else data
        entry.object_repr = new_repr
        entry.changes_text = ""
        entry.additional_data = (
            _scrub_text(entry.additional_data, pattern) if pattern else entry.additional_data
        )
        entry.save(
            update_fields=[
                "changes",
                "serialized_data",
                "object_repr",
                "changes_text",
                "additional_data",
            ]
        )


def _log_erasure(obj, fields, actor):
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_pk=str(obj.pk),
        object_id=obj.pk,
        object_repr=str(obj)[:200],
        action=LogEntry.Action.UPDATE,
        changes={name: [REDACTED, str(getattr(obj, name))] for name in fields},
        actor=actor,
        actor_email=getattr(actor, "email", None),
    )


def _anonymise_personne_row(personne: Personne) -> None:
    personne.first_name = "Anonyme"
    personne.last_name = f"n° {personne.pk}"
    personne.email = ""
    personne.phone = ""
    personne.function = ""
    personne.save()


def _anonymise_user_row(user: User) -> None:
    user.first_name = "Compte"
    user.last_name = f"anonymisé n° {user.pk}"
    user.email = f"anonyme-{user.pk}@{ANONYMOUS_DOMAIN}"
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()


def _delete_user_secrets_and_mail(user: User) -> None:
    from cercles.models import CalendarToken
    from notifications.models import Notification, NotificationPreference, Reminder

    user.api_tokens.all().delete()
    CalendarToken.objects.filter(user=user).delete()
    user.invitations.all().delete()
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    Notification.objects.filter(user=user).delete()
    Reminder.objects.filter(user=user).delete()
    NotificationPreference.objects.filter(user=user).delete()
    SubmissionClaim.objects.filter(user=user).delete()
    user_pk = str(user.pk)
    stale = [
        session.pk
        for session in Session.objects.iterator()
        if session.get_decoded().get("_auth_user_id") == user_pk
    ]
    Session.objects.filter(pk__in=stale).delete()


def _scrub_elsewhere(terms: list[str], old_emails: list[str]) -> None:
    from notifications.models import Notification, Reminder

    for email in old_emails:
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username__iexact=email).delete()
        LogEntry.objects.filter(actor_email__iexact=email).update(actor_email=None)
    _scrub_model(
        LogEntry,
        ["object_repr", "changes_text"],
        ["changes", "serialized_data", "additional_data"],
        terms,
    )
    _scrub_model(Notification, ["message"], [], terms)
    _scrub_model(Reminder, ["object_repr", "email", "last_error"], ["data"], terms)
    _scrub_model(SiteEvent, ["label", "detail"], [], terms)  # a mandate's holder, an owner
    # API answers kept a day to replay an Idempotency-Key (qic.idempotency): forgotten
    # at once when they name the person.
    mentions = Q()
    for term in terms:
        mentions |= Q(body__icontains=term)
    if terms:
        SubmissionClaim.objects.filter(mentions).delete()


@transaction.atomic
def person_anonymise(
    *,
    personne: Personne | None = None,
    user: User | None = None,
    by: User | None = None,
    reason: str = ErasureReason.REQUEST,
    now: datetime | None = None,
) -> None:
    """Anonymise a person in place: their ``Personne`` and their account, whichever is
    given (the other follows through ``Personne.user``), history included."""
    from notifications.models import NotificationPreference, Reminder

    now = now or timezone.now()
    if personne is None and user is not None:
        personne = Personne.objects.filter(user=user).first()
    if user is None and personne is not None and personne.user_id:
        user = personne.user
    if personne is None and user is None:
        raise ValueError("Indiquez une personne ou un compte.")

    old_values = []
    old_emails = []
    if personne is not None:
        old_values += [
            personne.full_name,
            f"{personne.last_name} {personne.first_name}",
            personne.email,
            personne.phone,
        ]
        old_emails.append(personne.email)
    if user is not None:
        old_values += [
            user.get_full_name(),
            f"{user.last_name} {user.first_name}",
            user.email,
        ]
        old_emails.append(user.email)
    terms = _terms(*old_values)
    old_emails = [e for e in old_emails if e]

    with disable_auditlog():
        if personne is not None:
            own_terms = _terms(*old_values, personne.first_name, personne.last_name)
            _anonymise_personne_row(personne)
            Reminder.objects.filter(personne=personne).delete()
            NotificationPreference.objects.filter(personne=personne).delete()
            RetentionNotice.objects.filter(personne=personne).delete()
            _redact_own_entries(
                ContentType.objects.get_for_model(Personne),
                personne.pk,
                PERSONNE_FIELDS,
                str(personne),
                re.compile("|".join(re.escape(t) for t in own_terms), re.IGNORECASE)
                if own_terms
                else None,
            )
            Erasure.objects.update_or_create(
                subject=Subject.PERSONNE,
                object_id=personne.pk,
                defaults={"erased_at": now, "erased_by": by, "reason": reason},
            )
        if user is not None:
            own_terms = _terms(*old_values, user.first_name, user.last_name)
            _anonymise_user_row(user)
            _delete_user_secrets_and_mail(user)
            RetentionNotice.objects.filter(user=user).delete()
            _redact_own_entries(
                ContentType.objects.get_for_model(User),
                user.pk,
                USER_FIELDS,
                str(user),
                re.compile("|".join(re.escape(t) for t in own_terms), re.IGNORECASE)
                if own_terms
                else None,
            )
            LogEntry.objects.filter(actor=user).update(actor_email=user.email)
            Erasure.objects.update_or_create(
                subject=Subject.COMPTE,
                object_id=user.pk,
                defaults={"erased_at": now, "erased_by": by, "reason": reason},
            )
        _scrub_elsewhere(terms, old_emails)
    # One journal line per anonymised row, without the old values.
    if personne is not None:
        _log_erasure(personne, PERSONNE_FIELDS, by)
    if user is not None:
        _log_erasure(user, USER_FIELDS, by)


def is_anonymised(*, personne: Personne | None = None, user: User | None = None) -> bool:
    if personne is not None:
        return Erasure.objects.filter(subject=Subject.PERSONNE, object_id=personne.pk).exists()
    return Erasure.objects.filter(subject=Subject.COMPTE, object_id=user.pk).exists()


# --- free texts: what anonymisation leaves for a person to reread ----------------------

# Models whose free texts people write (and may name someone in); their text columns
# are searched, not rewritten.
FREE_TEXT_MODELS = [
    "quartiers.Site",
    "quartiers.SiteStatusChange",
    "visions.Vision",
    "visions.VisionVersion",
    "visions.Objective",
    "visions.Measurement",
    "visions.TurnTheCurve",
    "visions.Action",
    "visions.SelfAssessment",
    "cercles.Cercle",
    "cercles.Meeting",
    "cercles.AgendaItem",
    "cercles.Decision",
    "cercles.Commitment",
]
# Where a row is read: (attribute holding an id, URL name); the row's own pk otherwise.
_PAGES_BY_LINK = [
    ("meeting_id", "cercles:meeting_detail"),
    ("indicator_id", "visions:indicator_detail"),
    ("site_id", "dashboards:site"),
]
_OWN_PAGES = {
    "cercles.Cercle": "cercles:cercle_detail",
    "cercles.Meeting": "cercles:meeting_detail",
    "visions.Action": "visions:action_detail",
    "quartiers.Site": "dashboards:site",
}
MAX_MENTIONS_PER_MODEL = 20


def _free_text_fields(model) -> list[str]:
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.TextField | models.CharField)
        and not field.choices
        and field.editable
    ]


def _page_of(row) -> str:
    from django.urls import reverse

    label = row._meta.label
    if label in _OWN_PAGES:
        return reverse(_OWN_PAGES[label], args=[row.pk])
    for attribute, name in _PAGES_BY_LINK:
        value = getattr(row, attribute, None)
        if value:
            return reverse(name, args=[value])
    return ""


def _excerpt(text: str, term: str, width: int = 60) -> str:
    at = text.lower().find(term.lower())
    start = max(at - width, 0)
    return ("…" if start else "") + text[start : at + len(term) + width].strip() + "…"


def free_text_mentions(*, personne: Personne | None = None, user: User | None = None):
    """Rows of free text (minutes, decisions, comments…) that name the person: what an
    anonymisation does not rewrite, for an administrator to reread. One query per model."""
    from django.apps import apps

    values = []
    if personne is not None:
        values += [personne.full_name, personne.email]
    if user is not None:
        values += [user.get_full_name(), user.email]
    terms = _terms(*values)
    mentions = []
    if not terms:
        return mentions
    for label in FREE_TEXT_MODELS:
        model = apps.get_model(label)
        fields = _free_text_fields(model)
        query = Q()
        for term in terms:
            for name in fields:
                query |= Q(**{f"{name}__icontains": term})
        for row in model._default_manager.filter(query).order_by("pk")[:MAX_MENTIONS_PER_MODEL]:
            for name in fields:
                text = getattr(row, name) or ""
                term = next((t for t in terms if t.lower() in text.lower()), None)
                if term:
                    mentions.append(
                        {
                            "modele": str(model._meta.verbose_name),
                            "champ": str(model._meta.get_field(name).verbose_name),
                            "id": row.pk,
                            "extrait": _excerpt(text, term),
                            "page": _page_of(row),
                        }
                    )
    return mentions
