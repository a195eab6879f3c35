import datetime

import pytest

from desmigratif.lib import nik as nik_lib
from desmigratif.lib.nik import NikError, parse

# 35.07.33 (Pagelaran, Kab. Malang); male born 17-08-1985, serial 0001.
MALE = "3507331708850001"
# The same district; female born 17-08-1985: day 17 + 40 = 57.
FEMALE = "3507335708850002"


def test_it_parses_a_valid_male_nik():
    parsed = parse(MALE)
    assert parsed.district_code == "35.07.33"
    assert parsed.sex == "M"
    assert (parsed.day, parsed.month, parsed.year2, parsed.serial) == (17, 8, 85, "0001")
    assert parsed.matches_birth_date(datetime.date(1985, 8, 17))


def test_it_parses_a_valid_female_nik_with_forty_added_to_the_day():
    parsed = parse(FEMALE)
    assert parsed.sex == "F"
    assert parsed.day == 17
    assert parsed.matches_birth_date(datetime.date(1985, 8, 17))
    assert not parsed.matches_birth_date(datetime.date(1985, 8, 18))


def test_it_accepts_spaces_dots_and_dashes_people_paste():
    assert parse("3507.33 1708-850001").number == MALE


@pytest.mark.parametrize("raw", ["350733170885000", "35073317088500011", ""])
def test_it_rejects_a_nik_that_is_not_16_digits(raw):
    with pytest.raises(NikError) as exc:
        parse(raw)
    assert exc.value.message in (nik_lib.NIK_BAD_LENGTH, nik_lib.NIK_NOT_DIGITS)


def test_it_rejects_non_digits():
    with pytest.raises(NikError) as exc:
        parse("35073317O8850001")
    assert exc.value.message == nik_lib.NIK_NOT_DIGITS


@pytest.mark.parametrize(
    "raw",
    [
        "3507333102850001",  # 31 February
        "3507330013850001",  # month 13
        "3507330008850001",  # day 0
        "3507334008850001",  # day 40: a woman's day 0
        "3507337208850001",  # day 72: a woman's day 32
    ],
)
def test_it_rejects_an_impossible_birth_date(raw):
    with pytest.raises(NikError) as exc:
        parse(raw)
    assert exc.value.message == nik_lib.NIK_BAD_DATE


def test_it_accepts_29_february_of_a_leap_year():
    assert parse("3507332902000001").matches_birth_date(datetime.date(2000, 2, 29))


def test_it_rejects_serial_0000():
    with pytest.raises(NikError) as exc:
        parse("3507331708850000")
    assert exc.value.message == nik_lib.NIK_ZERO_SERIAL


def test_it_rejects_a_zero_region_segment():
    with pytest.raises(NikError) as exc:
        parse("3500001708850001")
    assert exc.value.message == nik_lib.NIK_ZERO_REGION


def test_it_masks_the_birth_date_but_keeps_region_and_serial():
    assert nik_lib.mask(MALE) == "3507********0001"
    assert nik_lib.mask("123") == "***"


def test_build_makes_a_nik_that_parses_back():
    birth = datetime.date(2004, 12, 3)
    number = nik_lib.build(district_code="53.01.05", birth_date=birth, sex="F", serial=42)
    parsed = parse(number)
    assert number == "5301054312040042"
    assert parsed.sex == "F" and parsed.matches_birth_date(birth) and parsed.district_code == "53.01.05"


def test_build_refuses_an_out_of_range_serial():
    with pytest.raises(ValueError):
        nik_lib.build(district_code="35.07.33", birth_date=datetime.date(2000, 1, 1), sex="M", serial=0)
