from django.utils import translation

from desmigratif.lib.languages import current_language


def test_indonesian_is_the_default():
    with translation.override("id"):
        assert current_language() == "id"
    with translation.override(None):
        assert current_language() == "id"


def test_english_in_any_of_its_variants():
    for code in ("en", "en-us", "en-gb"):
        with translation.override(code):
            assert current_language() == "en"


def test_a_language_the_project_does_not_write_falls_back_to_indonesian():
    with translation.override("nl"):
        assert current_language() == "id"
