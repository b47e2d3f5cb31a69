"""Fuzzing (hypothesis) of every validator left out elsewhere: random text through every
field of every domain model, the French number parser and the region/phone validators
gives a result or a clean French ``ValidationError``, never another exception."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from qic.numbers import NumberError, parse_decimal
from quartiers.models.actors import validate_phone
from quartiers.validators import validate_region_code

DOMAIN_APPS = ["accounts", "quartiers", "visions", "cercles", "notifications", "privacy"]
FIELDS = [
    field
    for app in DOMAIN_APPS
    for model in apps.get_app_config(app).get_models()
    for field in model._meta.concrete_fields
    if not field.is_relation and not field.primary_key and not field.auto_created
]
ANYTHING = st.one_of(st.text(max_size=40), st.from_regex(r"[0-9 ,.\-+eE]{0,20}", fullmatch=True))


def test_there_are_fields_to_fuzz():
    assert len(FIELDS) > 100


@pytest.mark.django_db
@settings(max_examples=60, deadline=None)
@given(value=ANYTHING)
def test_every_model_field_cleans_or_refuses_in_french(value):
    for field in FIELDS:
        try:
            field.clean(value, None)
        except ValidationError as error:
            assert all(message.strip() for message in error.messages), field


@given(value=ANYTHING)
def test_french_numbers_parse_or_refuse(value):
    try:
        parse_decimal(value)
    except NumberError as error:  # the parser's own French error, turned into a form error
        assert str(error).strip()


@given(value=st.text(max_size=30))
def test_region_and_phone_validators(value):
    for validator in (validate_region_code, validate_phone):
        try:
            validator(value)
        except ValidationError as error:
            assert error.messages[0]
