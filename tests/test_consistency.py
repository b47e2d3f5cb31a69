"""One capitalisation rule for labels: choice labels and field names start lower-case.

Templates decide where a label begins a sentence or a heading (``|capfirst``), so the
same status reads « mise en œuvre » in a sentence and « Mise en œuvre » in a badge, on
every page, never one of each at random. A label may start with a capital only when its
first word keeps it anywhere: a proper noun (« État ») or an acronym (« CSV », « QPV »).
"""

import inspect
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models

PROPER_NOUNS = {"État", "ANCT", "France", "Europe", "Dauphin"}


def _project_apps():
    root = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        if Path(config.path).resolve().parent == root:  # not the virtualenv's packages
            yield config


def _starts_right(label: str) -> bool:
    first = label.split()[0] if label.split() else ""
    word = first.strip("«»()'’").rstrip(",.:;")
    return (
        not label[:1].isalpha()
        or label[:1].islower()
        or word in PROPER_NOUNS
        or (len(word) > 1 and word.replace("-", "").isupper())  # an acronym
    )


def _choice_classes():
    for config in _project_apps():
        module = config.module
        try:
            enums = __import__(f"{module.__name__}.enums", fromlist=["*"])
        except ImportError:
            continue
        for _name, cls in inspect.getmembers(enums, inspect.isclass):
            if issubclass(cls, models.Choices) and cls.__module__ == enums.__name__:
                yield cls


def test_choice_labels_start_lower_case():
    classes = list(_choice_classes())
    assert len(classes) > 20  # every app's enums were found
    wrong = [
        f"{cls.__module__}.{cls.__name__}: « {label} »"
        for cls in classes
        for label in map(str, cls.labels)
        if not _starts_right(label)
    ]
    assert wrong == []


def test_field_names_start_lower_case():
    wrong = [
        f"{model._meta.label}.{field.name}: « {field.verbose_name} »"
        for config in _project_apps()
        for model in config.get_models()
        for field in model._meta.get_fields()
        if hasattr(field, "verbose_name") and not _starts_right(str(field.verbose_name))
    ]
    assert wrong == []


def test_the_rule_itself():
    assert _starts_right("mise en œuvre") and _starts_right("État – politique de la ville")
    assert _starts_right("CSV (séparateur « ; »)") and _starts_right("2024 (codes QN)")
    assert not _starts_right("Mise en œuvre") and not _starts_right("Accompagnement")
