import pytest
from django.core.exceptions import ImproperlyConfigured

from desmigratif.lib.env import env_bool, env_int, env_secret
from desmigratif.lib.masking import mask_field
from desmigratif.lib.phone import PhoneError, normalise_phone


@pytest.mark.parametrize("raw", ["0812 3456 7890", "+62 812-3456-7890", "6281234567890"])
def test_it_normalises_indonesian_mobile_numbers_to_e164(raw):
    assert normalise_phone(raw if not raw.startswith("62") else "+" + raw) == "+6281234567890"


@pytest.mark.parametrize("raw", ["12345", "0812", "phone", "+62 000 0000"])
def test_it_rejects_numbers_that_cannot_be_real(raw):
    with pytest.raises(PhoneError):
        normalise_phone(raw)


def test_an_empty_phone_stays_empty():
    assert normalise_phone("  ") == ""


def test_personal_fields_are_masked_and_others_pass_through():
    assert mask_field("nik", "3507331708850001") == "3507********0001"
    assert mask_field("phone", "+6281234567890") == "+62812*****890"
    assert mask_field("birth_date", "1985-08-17") == "1985-**-**"
    assert mask_field("address", "Dusun Krajan") == "***"
    assert mask_field("full_name", "Siti") == "Siti"
    assert mask_field("nik", "") == ""


def test_env_helpers_reject_bad_values(monkeypatch):
    monkeypatch.setenv("X_BOOL", "maybe")
    monkeypatch.setenv("X_INT", "ten")
    with pytest.raises(ImproperlyConfigured):
        env_bool("X_BOOL")
    with pytest.raises(ImproperlyConfigured):
        env_int("X_INT", 1)
    monkeypatch.setenv("X_BOOL", "Yes")
    assert env_bool("X_BOOL") is True
    assert env_int("X_MISSING", 7) == 7


def test_env_secret_reads_the_file_named_by_name_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n")
    monkeypatch.setenv("X_SECRET_FILE", str(secret))
    assert env_secret("X_SECRET") == "s3cret"
    monkeypatch.setenv("X_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured):
        env_secret("X_SECRET")
