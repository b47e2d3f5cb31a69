import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from quartiers.validators import (
    qpv_departement,
    qpv_generation,
    validate_commune_code,
    validate_departement_code,
    validate_qpv_code,
    validate_siren,
    validate_siret,
)


@pytest.mark.parametrize("code", ["75056", "01053", "2A004", "2B033", "97411", "97611", "97801"])
def test_valid_commune_codes(code):
    validate_commune_code(code)


@pytest.mark.parametrize(
    "code",
    ["7505", "750560", "20004", "2C004", "00001", "96001", "97911", "9741A", "", "75 56"],
)
def test_invalid_commune_codes_are_refused_in_french(code):
    with pytest.raises(ValidationError) as error:
        validate_commune_code(code)
    assert "n'est pas un code commune INSEE" in error.value.messages[0]


@pytest.mark.parametrize("code", ["01", "2A", "2B", "75", "95", "971", "974", "976"])
def test_valid_departement_codes(code):
    validate_departement_code(code)


@pytest.mark.parametrize("code", ["1", "20", "00", "96", "979", "2C", "075"])
def test_invalid_departement_codes(code):
    with pytest.raises(ValidationError):
        validate_departement_code(code)


@pytest.mark.parametrize(
    ("code", "generation", "departement"),
    [
        ("QN07501M", 2024, "75"),
        ("QN01341I", 2024, "13"),
        ("QN97414I", 2024, "974"),
        ("QN02A01N", 2024, "2A"),
        ("QP093028", 2015, "93"),
        ("QP971001", 2015, "971"),
    ],
)
def test_qpv_codes_of_both_generations(code, generation, departement):
    validate_qpv_code(code)
    assert qpv_generation(code) == generation
    assert qpv_departement(code) == departement


@pytest.mark.parametrize(
    "code",
    ["QN07501X", "QN7501M", "QP93028", "QX093028", "QN09601M", "QN02001M", "qn07501m", "QP0930280"],
)
def test_invalid_qpv_codes(code):
    with pytest.raises(ValidationError) as error:
        validate_qpv_code(code)
    assert "n'est pas un code QPV" in error.value.messages[0]


@pytest.mark.parametrize("siren", ["244200770", "200054781", "356000000"])
def test_valid_siren(siren):
    validate_siren(siren)


@pytest.mark.parametrize("siren", ["244200771", "24420077", "2442007700", "24420077A", ""])
def test_invalid_siren(siren):
    with pytest.raises(ValidationError) as error:
        validate_siren(siren)
    assert "SIREN" in error.value.messages[0]


@pytest.mark.parametrize("siret", ["24420077000018", "35600000000047"])
def test_valid_siret_including_la_poste(siret):
    validate_siret(siret)


@pytest.mark.parametrize("siret", ["24420077000017", "35600000000049", "2442007700001", "abc"])
def test_invalid_siret(siret):
    with pytest.raises(ValidationError):
        validate_siret(siret)


VALIDATORS = [
    validate_commune_code,
    validate_departement_code,
    validate_qpv_code,
    validate_siren,
    validate_siret,
]


@given(value=st.text(max_size=20))
def test_validators_never_fail_with_anything_but_a_validation_error(value):
    for validator in VALIDATORS:
        try:
            validator(value)
        except ValidationError as error:
            assert error.messages[0]
