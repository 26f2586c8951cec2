"""The design system's form tags: an empty required field says which field it is."""

from django import forms
from django.template import Context, Template


class PersonForm(forms.Form):
    title = forms.CharField(label="Title")
    role = forms.ChoiceField(label="Role", choices=[("a", "Analyst")])
    agree = forms.BooleanField(label="I have read the guidance")
    sro = forms.CharField(label="SRO's email address")
    size = forms.IntegerField(label="Size", min_value=1)


def render(form: forms.Form, text: str) -> str:
    return Template("{% load ds %}" + text).render(Context({"form": form}))


def test_an_empty_required_field_is_named_in_its_message_and_in_the_summary():
    form = PersonForm({"size": "0"})
    assert not form.is_valid()
    summary = render(form, "{% error_summary form %}")
    for message in [
        "Enter the title.",
        "Choose the role.",
        "Tick I have read the guidance.",
        "Enter the SRO&#x27;s email address.",
    ]:
        assert message in summary
    assert "This field is required" not in summary
    assert "Title: Enter" not in summary
    # Messages that do not name the field are still introduced by its label.
    assert "Size: Ensure this value is greater than or equal to 1." in summary
    question = render(form, "{% field form.title %}")
    assert "Enter the title." in question and "This field is required" not in question


def test_a_forms_own_required_message_is_left_as_written():
    class Own(forms.Form):
        proposal = forms.CharField(error_messages={"required": "Say how you would solve the problem."})

    form = Own({})
    assert not form.is_valid()
    assert "Proposal: Say how you would solve the problem." in render(form, "{% error_summary form %}")
