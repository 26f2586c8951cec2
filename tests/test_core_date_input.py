"""Every date picker writes its value as ISO (yyyy-mm-dd), the only form `<input type="date">`
reads: a value in the page's own format (07/11/2026) shows as an empty field, and saving the form
erases the date."""

import datetime
import importlib
import inspect

import pytest
from django import forms
from django.apps import apps

from panorama.core.forms import DateInput


def every_form_field() -> list[tuple[str, forms.Field]]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("panorama."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.forms":
                raise
            continue
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                for field_name, field in cls.base_fields.items():
                    found.append((f"{module.__name__}.{name}.{field_name}", field))
    return found


def test_the_date_input_writes_iso_whatever_the_locale():
    widget = DateInput(format="%d/%m/%Y")
    html = widget.render("due", datetime.date(2026, 11, 7))
    assert 'type="date"' in html
    assert 'value="2026-11-07"' in html


def test_the_forms_are_found():
    names = {name for name, _ in every_form_field()}
    assert "panorama.collaboration.forms.MeetingForm.held_on" in names
    assert "panorama.strategy.forms.CommitmentForm.target_date" in names


@pytest.mark.parametrize(
    "name,field",
    [(n, f) for n, f in every_form_field() if getattr(f.widget, "input_type", "") == "date"],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_every_date_picker_is_the_iso_date_input(name, field):
    assert isinstance(field.widget, DateInput), f"{name} uses {type(field.widget).__name__}"
    assert 'value="2026-11-07"' in field.widget.render("d", datetime.date(2026, 11, 7))
