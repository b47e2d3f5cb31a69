"""One capitalisation rule for the labels of choices: they start in lower case, as they are
read inside a sentence (« statut : mise en œuvre ») and capitalised where a page starts a
line with them (``capfirst``), so that two pages never write the same status two ways.
Proper nouns (« État ») and acronyms (« EPCI », « CAF », « CSV ») keep their capitals."""

import importlib
import inspect

from django.apps import apps
from django.conf import settings
from django.db import models

PROPER_NOUNS = {"État"}


def _our_choices():
    for config in apps.get_app_configs():
        if not str(config.path).startswith(str(settings.BASE_DIR)):
            continue
        try:
            module = importlib.import_module(f"{config.name}.enums")
        except ModuleNotFoundError:
            continue
        for name, choices in inspect.getmembers(module, inspect.isclass):
            if issubclass(choices, models.Choices) and choices.__module__ == module.__name__:
                yield f"{config.name}.enums.{name}", choices


def _follows_the_rule(label: str) -> bool:
    first = label.split()[0].strip("«»()–-,.:")
    return first[:1].islower() or first in PROPER_NOUNS or first.isupper() or first[:1].isdigit()


def test_every_choice_label_starts_in_lower_case_unless_a_proper_noun_or_an_acronym():
    found = list(_our_choices())
    assert len(found) > 20  # the rule is really applied to the project's enums
    wrong = [
        f"{path}: « {label} »"
        for path, choices in found
        for label in map(str, choices.labels)
        if not _follows_the_rule(label)
    ]
    assert wrong == []


def test_the_rule_tells_a_capitalised_label_from_an_acronym():
    assert _follows_the_rule("mise en œuvre")
    assert _follows_the_rule("EPCI") and _follows_the_rule("État – autre")
    assert not _follows_the_rule("Mise en œuvre")
