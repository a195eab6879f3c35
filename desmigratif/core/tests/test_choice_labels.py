"""``ChoiceLabels.get_<field>_display()`` gives what Django's own gives, for every model with choices."""

from django.apps import apps
from django.db import models
from django.utils import translation

from desmigratif.core.models import ChoiceLabels

# Django's own implementation, which every model without the mixin uses.
djangos_display = models.Model._get_FIELD_display  # type: ignore[attr-defined]


def _models_with_choices() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("desmigratif.") and any(f.choices for f in model._meta.concrete_fields)
    ]


def test_every_model_with_a_choice_field_looks_its_labels_up_once():
    found = _models_with_choices()
    assert len(found) > 40
    missing = [m.__name__ for m in found if not issubclass(m, ChoiceLabels)]
    assert missing == []
    assert all(m._get_FIELD_display is ChoiceLabels._get_FIELD_display for m in found)  # type: ignore[attr-defined]


def test_the_labels_are_djangos_for_every_value_in_both_languages():
    compared = 0
    for model in _models_with_choices():
        for field in (f for f in model._meta.concrete_fields if f.choices):
            values = [value for value, _label in field.flatchoices] + ["not-a-choice", None]
            for language in ("id", "en"):
                with translation.override(language):
                    for value in values:
                        instance = model(**{field.attname: value})
                        ours = getattr(instance, f"get_{field.name}_display")()
                        theirs = djangos_display(instance, field)
                        assert ours == theirs, (model, field.name, value)
                        assert type(ours) is type(theirs)
                        compared += 1
    assert compared > 500


def test_a_label_follows_the_active_language():
    from desmigratif.people.models import Person, Sex

    person = Person(sex=Sex.FEMALE)
    with translation.override("en"):
        english = person.get_sex_display()
    with translation.override("id"):
        indonesian = person.get_sex_display()
    assert english == "Female"
    assert indonesian != english
