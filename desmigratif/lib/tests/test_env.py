import pytest
from django.core.exceptions import ImproperlyConfigured

from desmigratif.lib.env import env_bool, env_int, env_list, env_secret, env_str


@pytest.mark.parametrize("raw", ["1", "true", "True", "YES", "on", " yes "])
def test_env_bool_reads_true(monkeypatch, raw):
    monkeypatch.setenv("X_BOOL", raw)
    assert env_bool("X_BOOL") is True


@pytest.mark.parametrize("raw", ["0", "false", "FALSE", "no", "off"])
def test_env_bool_reads_false(monkeypatch, raw):
    monkeypatch.setenv("X_BOOL", raw)
    assert env_bool("X_BOOL", default=True) is False


@pytest.mark.parametrize("default", [True, False])
def test_an_empty_env_bool_falls_back_to_its_default_like_env_int(monkeypatch, default):
    monkeypatch.setenv("X_BOOL", " ")
    assert env_bool("X_BOOL", default=default) is default


@pytest.mark.parametrize("raw", ["maybe", "2", "yess", "t", "enabled"])
def test_env_bool_rejects_a_value_that_is_not_a_boolean(monkeypatch, raw):
    monkeypatch.setenv("X_BOOL", raw)
    with pytest.raises(ImproperlyConfigured, match="X_BOOL"):
        env_bool("X_BOOL")


def test_env_bool_uses_the_default_when_the_variable_is_unset(monkeypatch):
    monkeypatch.delenv("X_BOOL", raising=False)
    assert env_bool("X_BOOL") is False
    assert env_bool("X_BOOL", default=True) is True


@pytest.mark.parametrize(("raw", "value"), [("10", 10), ("-3", -3), (" 42 ", 42), ("0", 0)])
def test_env_int_reads_an_integer(monkeypatch, raw, value):
    monkeypatch.setenv("X_INT", raw)
    assert env_int("X_INT", 7) == value


@pytest.mark.parametrize("raw", ["ten", "1.5", "1e3", "12abc"])
def test_env_int_rejects_a_value_that_is_not_an_integer(monkeypatch, raw):
    monkeypatch.setenv("X_INT", raw)
    with pytest.raises(ImproperlyConfigured, match="X_INT"):
        env_int("X_INT", 1)


@pytest.mark.parametrize("raw", [None, "", "  "])
def test_env_int_uses_the_default_when_unset_or_empty(monkeypatch, raw):
    if raw is None:
        monkeypatch.delenv("X_INT", raising=False)
    else:
        monkeypatch.setenv("X_INT", raw)
    assert env_int("X_INT", 7) == 7


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("X_LIST", " a.example , b.example,, ")
    assert env_list("X_LIST", ["default"]) == ["a.example", "b.example"]
    monkeypatch.delenv("X_LIST")
    assert env_list("X_LIST", ["default"]) == ["default"]


def test_env_str_reads_the_value_or_the_default(monkeypatch):
    monkeypatch.setenv("X_STR", "value")
    assert env_str("X_STR") == "value"
    monkeypatch.delenv("X_STR")
    assert env_str("X_STR", "fallback") == "fallback"


def test_env_secret_reads_the_file_named_by_name_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n", encoding="utf-8")
    monkeypatch.setenv("X_SECRET", "from-the-environment")
    monkeypatch.setenv("X_SECRET_FILE", str(secret))
    # The file wins: a secret in a file is what Docker and systemd hand over.
    assert env_secret("X_SECRET") == "s3cret"


def test_env_secret_reads_the_variable_when_no_file_is_named(monkeypatch):
    monkeypatch.delenv("X_SECRET_FILE", raising=False)
    monkeypatch.setenv("X_SECRET", "plain")
    assert env_secret("X_SECRET") == "plain"
    monkeypatch.delenv("X_SECRET")
    assert env_secret("X_SECRET", "default") == "default"


def test_env_secret_refuses_a_file_that_cannot_be_read(monkeypatch, tmp_path):
    monkeypatch.setenv("X_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="X_SECRET_FILE"):
        env_secret("X_SECRET")
