import datetime

import pytest

from desmigratif.lib.masking import MASKERS, mask_date, mask_field, mask_name, mask_nik, mask_phone, mask_text

NIK = "3507331708850001"


def test_it_masks_a_nik_like_the_nik_module_does():
    assert mask_nik(NIK) == "3507********0001"


def test_it_masks_the_middle_of_a_phone_number():
    assert mask_phone("+6281234567890") == "+62812*****890"
    assert mask_phone("+62341551234") == "+62341***234"


@pytest.mark.parametrize("value", ["", "1234567", "12345678", "123456789", "+62812345"])
def test_it_never_shows_a_short_phone_value_in_full(value):
    masked = mask_phone(value)
    assert len(masked) == len(value)
    assert masked == "*" * len(value)


def test_a_masked_phone_hides_at_least_one_digit():
    masked = mask_phone("+621234567")
    assert masked == "+62123*567"


def test_it_keeps_the_year_of_a_birth_date_and_hides_the_day():
    assert mask_date("1985-08-17") == "1985-**-**"
    assert mask_date("85") == "****"


def test_it_hides_free_text_completely():
    assert mask_text("Dusun Krajan RT 001") == "***"
    assert mask_text("") == ""


@pytest.mark.parametrize(
    ("field", "value", "masked"),
    [
        ("nik", NIK, "3507********0001"),
        ("kk_number", "3507330101010001", "3507********0001"),
        ("phone", "+6281234567890", "+62812*****890"),
        ("birth_date", "1985-08-17", "1985-**-**"),
        ("birth_date", datetime.date(1985, 8, 17), "1985-**-**"),
        ("address", "Dusun Krajan RT 001/RW 002", "***"),
    ],
)
def test_it_masks_every_personal_field_for_the_audit_log(field, value, masked):
    assert mask_field(field, value) == masked
    assert str(value) not in str(mask_field(field, value))


@pytest.mark.parametrize(
    ("field", "value"),
    [("full_name", "Siti Aminah"), ("migrant_status", "abroad"), ("version", 2), ("read_only", True)],
)
def test_it_passes_other_fields_through_unchanged(field, value):
    assert mask_field(field, value) == value


@pytest.mark.parametrize("field", sorted(MASKERS))
def test_an_empty_or_missing_personal_value_stays_empty(field):
    assert mask_field(field, None) is None
    assert mask_field(field, "") == ""


def test_a_childs_name_is_masked_to_its_initials():
    assert mask_name("Siti Nur Aminah") == "S. N. A."
    assert mask_name("Sukarno") == "S."
    assert mask_name("  ") == "***"
