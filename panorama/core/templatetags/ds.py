"""The Scottish Government Design System's form patterns, wrapped once.

`{% field form.name %}` renders a question (label, hint, error message, input) with the design
system's classes and ARIA links; `{% error_summary form %}` renders the error-summary pattern
that every form shows above itself when anything is wrong.
"""

from django import forms, template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

register = template.Library()

WIDGET_CLASSES: dict[type, str] = {
    forms.Select: "ds_select",
    forms.SelectMultiple: "ds_select",
    forms.Textarea: "ds_input",
    forms.CheckboxInput: "ds_checkbox__input",
    forms.CheckboxSelectMultiple: "ds_checkbox__input",
    forms.RadioSelect: "ds_radio__input",
    forms.ClearableFileInput: "ds_file-upload__input",
    forms.FileInput: "ds_file-upload__input",
}


def widget_kind(field: forms.BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    # CheckboxSelectMultiple is a subclass of RadioSelect in Django, so it must be asked first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, (forms.Select, forms.SelectMultiple)):
        return "select"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


VERBS = {"select": "Choose", "radios": "Choose", "checkboxes": "Choose", "file": "Choose", "checkbox": "Tick"}


def _lower_first(label: str) -> str:
    # "Title" → "title", but "SRO's email" and "GOV.UK category" keep their capitals.
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def error_messages(bound: forms.BoundField) -> list[str]:
    """The field's errors, with Django's "This field is required." naming the field instead
    ("Enter the title", "Choose the role"), as the design system's error messages do."""
    required = str(bound.field.error_messages.get("required", ""))
    label = str(bound.label or "")
    named = []
    for error in bound.errors:
        if label and str(error) == required == str(forms.Field.default_error_messages["required"]):
            verb = VERBS.get(widget_kind(bound), "Enter")
            article = "" if verb == "Tick" else "the "
            error = f"{verb} {article}{_lower_first(label)}."
        named.append(str(error))
    return named


@register.simple_tag
def field(bound: forms.BoundField, width: str = "") -> SafeString:
    widget = bound.field.widget
    css = next((c for kind, c in WIDGET_CLASSES.items() if isinstance(widget, kind)), "ds_input")
    if width:
        css += f" ds_input--{width}"
    if bound.errors and css.startswith("ds_input"):
        css += " ds_input--error"
    describedby = []
    if bound.help_text:
        describedby.append(f"{bound.auto_id}-hint")
    if bound.errors:
        describedby.append(f"{bound.auto_id}-error")
    attrs = {"class": css}
    if describedby:
        attrs["aria-describedby"] = " ".join(describedby)
    if bound.errors:
        attrs["aria-invalid"] = "true"
    kind = widget_kind(bound)
    context = {
        "field": bound,
        "errors": error_messages(bound),
        "kind": kind,
        "widget": bound.as_widget(attrs=attrs) if kind != "radios" else "",
    }
    return render_to_string("includes/field.html", context)


@register.simple_tag
def error_summary(*forms_: forms.BaseForm) -> SafeString:
    problems: list[tuple[str, str]] = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        for error in form.non_field_errors():
            problems.append(("", error))
        for bound in form:
            for error, named in zip(bound.errors, error_messages(bound), strict=True):
                # A message that already names its field stands alone; any other says which field.
                said = named if named != str(error) or not bound.label else f"{bound.label}: {error}"
                problems.append((f"#{bound.auto_id}", said))
    return render_to_string("includes/error_summary.html", {"problems": problems})


@register.filter
def tag_colour(value: str) -> str:
    """Design-system tag colour for a status or rating word."""
    colours = {
        "green": "green",
        "amber-green": "teal",
        "amber": "orange",
        "amber-red": "pink",
        "red": "red",
        "accepted": "green",
        "submitted": "blue",
        "draft": "grey",
        "returned": "orange",
        "overdue": "red",
        "not started": "grey",
        "done": "green",
        "open": "blue",
    }
    return colours.get(str(value).lower(), "grey")
