import datetime

import pytest

from desmigratif.lib import nik as nik_lib
from desmigratif.lib.nik import NikError, parse

# 35.07.33 (Pagelaran, Kab. Malang); a man born 17-08-1985, serial 0001.
MALE = "3507331708850001"
# The same district; a woman born 17-08-1985: day 17 + 40 = 57.
FEMALE = "3507335708850002"


def _error_of(raw):
    with pytest.raises(NikError) as exc:
        parse(raw)
    return exc.value.message


def test_it_parses_a_valid_male_nik():
    parsed = parse(MALE)
    assert parsed.number == MALE
    assert parsed.district_code == "35.07.33"
    assert parsed.sex == nik_lib.SEX_MALE
    assert (parsed.day, parsed.month, parsed.year2, parsed.serial) == (17, 8, 85, "0001")
    assert parsed.matches_birth_date(datetime.date(1985, 8, 17))
    assert parsed.encoded_date_display() == "17-08-85"


def test_it_parses_a_valid_female_nik_with_forty_added_to_the_day():
    parsed = parse(FEMALE)
    assert parsed.sex == nik_lib.SEX_FEMALE
    assert (parsed.day, parsed.month, parsed.year2, parsed.serial) == (17, 8, 85, "0002")
    assert parsed.matches_birth_date(datetime.date(1985, 8, 17))
    assert not parsed.matches_birth_date(datetime.date(1985, 8, 18))
    assert not parsed.matches_birth_date(datetime.date(1985, 9, 17))
    assert not parsed.matches_birth_date(datetime.date(1986, 8, 17))


@pytest.mark.parametrize(("raw", "sex", "day"), [("3507333108850001", "M", 31), ("3507337108850001", "F", 31)])
def test_it_accepts_the_last_day_of_a_month_for_both_sexes(raw, sex, day):
    parsed = parse(raw)
    assert (parsed.sex, parsed.day) == (sex, day)


def test_the_century_is_not_encoded_so_a_birth_date_a_century_apart_also_matches():
    parsed = parse(MALE)
    assert parsed.matches_birth_date(datetime.date(1985, 8, 17))
    assert parsed.matches_birth_date(datetime.date(2085, 8, 17))


@pytest.mark.parametrize("raw", ["3507.33 1708-850001", " 3507 3317 0885 0001 ", "35.07.33-170885-0001"])
def test_it_accepts_spaces_dots_and_dashes_people_paste(raw):
    assert nik_lib.normalise(raw) == MALE
    assert parse(raw).number == MALE


def test_normalise_of_nothing_is_an_empty_string():
    assert nik_lib.normalise("") == ""
    assert nik_lib.normalise(None) == ""  # type: ignore[arg-type]


@pytest.mark.parametrize("raw", ["350733170885000", "35073317088500011", "3507"])
def test_it_rejects_a_nik_that_is_not_16_digits_long(raw):
    assert _error_of(raw) == nik_lib.NIK_BAD_LENGTH


@pytest.mark.parametrize("raw", ["35073317O8850001", "3507331708850001x", "+350733170885001", "", "   "])
def test_it_rejects_a_nik_with_something_other_than_digits(raw):
    assert _error_of(raw) == nik_lib.NIK_NOT_DIGITS


@pytest.mark.parametrize(
    "raw",
    [
        "3507333102850001",  # 31 February
        "3507333002000001",  # 30 February, even in a leap year
        "3507337102850001",  # a woman's 31 February
        "3507332902010001",  # 29 February 1901 and 2001: neither is a leap year
        "3507333104850001",  # 31 April
        "3507330013850001",  # month 13
        "3507331700850001",  # month 00
        "3507330008850001",  # day 0
        "3507333208850001",  # day 32
        "3507334008850001",  # day 40: a woman's day 0
        "3507337208850001",  # day 72: a woman's day 32
        "3507338008850001",  # day 80
        "3507338108850001",  # day 81: not a woman's day 1 (41 is)
        "3507339908850001",  # day 99
    ],
)
def test_it_rejects_an_impossible_birth_date(raw):
    assert _error_of(raw) == nik_lib.NIK_BAD_DATE


def test_it_accepts_29_february_of_a_leap_year():
    assert parse("3507332902000001").matches_birth_date(datetime.date(2000, 2, 29))
    assert parse("3507336902960001").matches_birth_date(datetime.date(1996, 2, 29))


def test_it_rejects_a_nik_with_serial_0000():
    assert _error_of("3507331708850000") == nik_lib.NIK_ZERO_SERIAL


def test_it_accepts_the_highest_serial():
    assert parse("3507331708859999").serial == "9999"


@pytest.mark.parametrize(
    "raw",
    [
        "0007331708850001",  # province 00
        "3500331708850001",  # regency 00
        "3507001708850001",  # district 00
        "0000001708850001",
    ],
)
def test_it_rejects_a_zero_region_segment(raw):
    assert _error_of(raw) == nik_lib.NIK_ZERO_REGION


def test_a_nik_error_keeps_its_translatable_message():
    with pytest.raises(NikError) as exc:
        parse("3507331708850000")
    assert str(exc.value) == str(nik_lib.NIK_ZERO_SERIAL)
    assert exc.value.params == {}


def test_mask_hides_the_birth_date_but_keeps_region_and_serial():
    assert nik_lib.mask(MALE) == "3507********0001"
    assert nik_lib.mask(FEMALE) == "3507********0002"
    assert "170885" not in nik_lib.mask(MALE)


@pytest.mark.parametrize("raw", ["123", "", "35073317088500011"])
def test_mask_hides_everything_of_a_value_that_is_not_a_nik(raw):
    assert nik_lib.mask(raw) == "*" * len(raw)


@pytest.mark.parametrize(
    ("district", "birth", "sex", "serial"),
    [
        ("53.01.05", datetime.date(2004, 12, 3), "F", 42),
        ("35.07.33", datetime.date(1985, 8, 17), "M", 1),
        ("11.01.01", datetime.date(1999, 1, 31), "F", 9999),
        ("92.71.03", datetime.date(2000, 2, 29), "M", 305),
    ],
)
def test_build_makes_a_nik_that_parses_back_to_the_same_facts(district, birth, sex, serial):
    number = nik_lib.build(district_code=district, birth_date=birth, sex=sex, serial=serial)
    parsed = parse(number)
    assert len(number) == 16
    assert parsed.district_code == district
    assert parsed.sex == sex
    assert parsed.matches_birth_date(birth)
    assert parsed.serial == f"{serial:04d}"


def test_build_adds_forty_to_the_day_for_a_woman():
    birth = datetime.date(2004, 12, 3)
    assert nik_lib.build(district_code="53.01.05", birth_date=birth, sex="F", serial=42) == "5301054312040042"
    assert nik_lib.build(district_code="53.01.05", birth_date=birth, sex="M", serial=42) == "5301050312040042"


@pytest.mark.parametrize("serial", [0, 10000, -1])
def test_build_refuses_an_out_of_range_serial(serial):
    with pytest.raises(ValueError):
        nik_lib.build(district_code="35.07.33", birth_date=datetime.date(2000, 1, 1), sex="M", serial=serial)
