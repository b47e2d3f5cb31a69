"""Optimistic locking for texts that several people edit (a vision, meeting minutes).

The form carries, in a hidden field, the *version* of the text as it was loaded: a
hash of the fields it edits. Saving takes the row's lock, recomputes the version and,
if someone else saved in between, refuses: the form comes back with the other
person's text, who saved it and when, and the user's own text still in the field.
Nothing is silently overwritten. The refused form carries the new version, so
submitting again (after merging by hand) saves.

A hash of the content rather than ``updated_at``: unrelated changes to the row (a
meeting's place, a vision's status) do not count as conflicts, and no migration is
needed.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from auditlog.models import LogEntry
from django import forms
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

VERSION_FIELD = "version"


def text_version(obj, fields) -> str:
    values = [str(getattr(obj, name)) for name in fields]
    return hashlib.sha256(json.dumps(values).encode()).hexdigest()[:32]


class OptimisticLockMixin:
    """For a ModelForm: set ``version_fields`` (the fields whose concurrent change
    must not be overwritten)."""

    version_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[VERSION_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        if self.instance.pk:
            self.initial[VERSION_FIELD] = text_version(self.instance, self.version_fields)


@dataclass
class EditConflict:
    """What the other person saved meanwhile."""

    values: dict[str, str]
    author: str
    saved_at: datetime | None

    @property
    def text(self) -> str:
        return "\n\n".join(v for v in self.values.values() if v)


def _last_change(obj, fields) -> tuple[str, datetime | None]:
    has_field = Q()
    for name in fields:
        has_field |= Q(changes__has_key=name)
    entry = (
        LogEntry.objects.get_for_object(obj)
        .filter(has_field)
        .select_related("actor")
        .order_by("-timestamp", "-pk")
        .first()
    )
    if entry is None:
        return _("quelqu'un"), getattr(obj, "updated_at", None)
    author = str(entry.actor) if entry.actor_id else (entry.actor_email or _("quelqu'un"))
    return author, entry.timestamp


def save_unless_changed(form, save) -> EditConflict | None:
    """Call ``save()`` unless the row's text changed since ``form`` was loaded.

    On conflict, add a French error to the form, refresh its version and return what
    the other person saved. A form posted without a version (an old page) is saved.
    """
    instance = form.instance
    fields = form.version_fields
    loaded = form.cleaned_data.get(VERSION_FIELD)
    with transaction.atomic():
        current = type(instance)._base_manager.select_for_update().get(pk=instance.pk)
        now_version = text_version(current, fields)
        if not loaded or loaded == now_version:
            save()
            return None
    author, saved_at = _last_change(current, fields)
    conflict = EditConflict(
        values={name: str(getattr(current, name)) for name in fields},
        author=author,
        saved_at=saved_at,
    )
    when = (
        date_format(timezone.localtime(saved_at), "j F Y à H:i") if saved_at else _("entre-temps")
    )
    form.add_error(
        None,
        _(
            "%(author)s a enregistré une autre version de ce texte le %(when)s, pendant "
            "que vous écriviez la vôtre. Votre version n'a pas été enregistrée : elle est "
            "toujours dans le champ ci-dessous. Relisez la version enregistrée, reportez-y "
            "vos changements, puis enregistrez à nouveau."
        )
        % {"author": author, "when": when},
    )
    data = form.data.copy()
    data[form.add_prefix(VERSION_FIELD)] = now_version
    form.data = data
    return conflict
