"""A service's refusal lands on the form that sent the data, field by field where it can."""

from django import forms
from django.core.exceptions import ValidationError

from panorama.core.forms import errors_onto


class TitleForm(forms.Form):
    title = forms.CharField()


def bound() -> TitleForm:
    form = TitleForm({"title": "Telephony"})
    assert form.is_valid()
    return form


def test_a_message_for_a_field_the_form_shows_goes_on_that_field():
    form = bound()
    errors_onto(form, ValidationError({"title": "A programme with this title already exists."}))
    assert form.errors["title"] == ["A programme with this title already exists."]
    assert not form.non_field_errors()


def test_a_message_for_a_field_the_form_does_not_show_goes_with_the_forms_own_errors():
    form = bound()
    errors_onto(form, ValidationError({"organisation": "That body is not yours to edit."}))
    assert form.non_field_errors() == ["That body is not yours to edit."]


def test_a_message_for_no_field_goes_with_the_forms_own_errors():
    form = bound()
    errors_onto(form, ValidationError(["Someone else saved this first.", "Reload it."]))
    assert form.non_field_errors() == ["Someone else saved this first.", "Reload it."]
