"""Country codes and names from Babel's CLDR data, never a hand-made list."""

from __future__ import annotations

from functools import cache

from babel import Locale

from desmigratif.lib.languages import current_language


def is_country(code: str) -> bool:
    """An ISO 3166-1 alpha-2 code CLDR knows (not a region such as "150")."""
    return len(code) == 2 and code.isalpha() and code in Locale("en").territories


def country_name(code: str, language: str | None = None) -> str:
    return str(Locale(language or current_language()).territories.get(code, code))


def country_choices(language: str | None = None) -> tuple[tuple[str, str], ...]:
    """Destination countries (every country but Indonesia), sorted by name in the language."""
    return _country_choices(language or current_language())


@cache
def _country_choices(language: str) -> tuple[tuple[str, str], ...]:
    # CLDR's names are fixed for the process: sorted once per language, not on every form.
    territories = Locale(language).territories
    return tuple(
        sorted(
            (
                (code, str(name))
                for code, name in territories.items()
                if len(code) == 2 and code.isalpha() and code != "ID"
            ),
            key=lambda pair: pair[1],
        )
    )
