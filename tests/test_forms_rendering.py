"""The project's select template (templates/django/forms/widgets/select.html: Django's, its
options written inline) and the
reference-list filter fields (qic/filters.py) against what Django gives."""

import pytest
from django import forms
from django.db import connection
from django.forms.renderers import DjangoTemplates
from django.test.utils import CaptureQueriesContext
from django.utils.safestring import mark_safe

from qic.filters import ReferenceChoiceFilter
from quartiers.filters import SiteFilter
from quartiers.models import Region, Site


def _region(index):
    return Region.objects.create(code=f"{11 + index}", name=f"Région {index}")


class Everything(forms.Form):
    flat = forms.ChoiceField(choices=[("", "—"), ("a", "Alpha & co"), (2024, 2024)])
    grouped = forms.MultipleChoiceField(
        choices=[("Est", [("1", "Alsace"), ("2", mark_safe("<b>Lorraine</b>"))]), ("3", "Seul")],
        widget=forms.SelectMultiple(attrs={"class": "fr-select", "data-x": '"quoted"'}),
    )
    nullable = forms.NullBooleanField()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"flat": "a", "grouped": ["2", "3"], "nullable": "true"},
        {"flat": "zzz", "grouped": ["9"]},  # refused: shown with their errors
    ],
)
def test_selects_render_as_djangos_own_templates(data):
    ours = Everything(data or None)
    djangos = Everything(data or None, renderer=DjangoTemplates())  # Django's templates only

    # The project's template, with one line per option instead of two includes.
    assert "{% include option.template_name" not in (
        ours.renderer.get_template("django/forms/widgets/select.html").template.source
    )
    for name in ["flat", "grouped", "nullable"]:
        assert str(ours[name]) == str(djangos[name])


def test_a_select_shows_the_chosen_options_and_its_errors():
    form = Everything({"flat": "a", "grouped": ["2", "3"], "nullable": "true"})
    assert form.is_valid()
    assert '<option value="a" selected>Alpha &amp; co</option>' in str(form["flat"])
    grouped = str(form["grouped"])
    assert '<optgroup label="Est">' in grouped
    assert '<option value="2" selected><b>Lorraine</b></option>' in grouped
    assert '<option value="1">Alsace</option>' in grouped
    assert '<option value="true" selected>' in str(form["nullable"])

    refused = Everything({"flat": "zzz"})
    assert not refused.is_valid()
    assert 'aria-invalid="true"' in str(refused["flat"])
    assert "Sélectionnez un choix valide" in str(refused["flat"].errors)


@pytest.mark.django_db
def test_reference_filter_reads_its_choices_once_without_a_cursor():
    regions = [_region(i) for i in range(3)]
    filterset = SiteFilter({"region": str(regions[1].pk)}, queryset=Site.objects.all())

    with CaptureQueriesContext(connection) as ctx:
        assert filterset.form.is_valid()
        html = str(filterset.form["region"])
    region_queries = [q["sql"] for q in ctx.captured_queries if "quartiers_region" in q["sql"]]
    assert len(region_queries) == 1
    assert not region_queries[0].startswith("DECLARE")
    assert filterset.form.cleaned_data["region"] == regions[1]
    assert f'<option value="{regions[1].pk}" selected>' in html


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["0", "abc", "1.5", "\x00"])
def test_reference_filter_refuses_what_is_not_one_of_its_choices(value):
    _region(0)

    filterset = SiteFilter({"region": value}, queryset=Site.objects.all())

    assert not filterset.form.is_valid()
    assert "region" in filterset.form.errors


@pytest.mark.django_db
def test_reference_filter_reads_the_key_as_the_database_would():
    region = _region(0)
    field = ReferenceChoiceFilter(queryset=Region.objects.all()).field

    assert field.clean(f"0{region.pk}") == region
    assert field.clean(region) == region
    assert field.clean("") is None
