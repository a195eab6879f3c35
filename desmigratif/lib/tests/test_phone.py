import pytest

from desmigratif.lib.phone import PHONE_INVALID, PhoneError, display_phone, normalise_phone


@pytest.mark.parametrize(
    "raw",
    ["0812 3456 7890", "081234567890", "0812-3456-7890", "+62 812-3456-7890", "+6281234567890", " 0812.3456.7890 "],
)
def test_it_normalises_an_indonesian_mobile_number_to_e164(raw):
    assert normalise_phone(raw) == "+6281234567890"


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("0341 551234", "+62341551234"),  # Malang landline
        ("(0341) 551234", "+62341551234"),
        ("021-5551234", "+62215551234"),  # Jakarta landline
    ],
)
def test_it_normalises_a_landline_with_its_area_code(raw, e164):
    assert normalise_phone(raw) == e164


def test_it_keeps_a_foreign_number_given_with_its_country_code():
    # Migrant workers abroad often have a local number there.
    assert normalise_phone("+852 9123 4567") == "+85291234567"


def test_it_reads_a_number_without_country_code_in_the_region_given():
    assert normalise_phone("9123 4567", region="HK") == "+85291234567"


@pytest.mark.parametrize(
    "raw", ["12345", "0812", "08123", "phone", "+62 000 0000", "+999 1234 5678", "0812345678901234"]
)
def test_it_rejects_a_number_that_cannot_be_real(raw):
    with pytest.raises(PhoneError) as exc:
        normalise_phone(raw)
    assert str(exc.value) == str(PHONE_INVALID)


@pytest.mark.parametrize("raw", ["", "   ", None])
def test_an_empty_phone_stays_empty(raw):
    assert normalise_phone(raw) == ""


def test_display_groups_the_digits_for_reading():
    assert display_phone("+6281234567890") == "+62 812-3456-7890"
    assert display_phone("+62341551234") == "+62 341 551234"


def test_display_of_nothing_is_nothing_and_garbage_is_shown_unchanged():
    assert display_phone("") == ""
    assert display_phone("not a number") == "not a number"
