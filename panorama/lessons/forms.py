from django import forms

from panorama.core.forms import DateInput
from panorama.organisations.models import Sector
from panorama.programmes.models import Confidence, Phase, Programme

from .models import (
    AssuranceKind,
    AssuranceReview,
    CriterionResult,
    Lesson,
    Priority,
    RecommendationStatus,
    Source,
    Theme,
)
from .standard import CRITERIA

DATE = DateInput()


class LessonSearchForm(forms.Form):
    q = forms.CharField(label="Search lessons", required=False, max_length=200)
    theme = forms.ChoiceField(label="Theme", required=False)
    phase = forms.ChoiceField(label="Phase", required=False, choices=[("", "Any phase"), *Phase.choices])
    sector = forms.ChoiceField(label="Sector", required=False, choices=[("", "Any sector"), *Sector.choices])
    source = forms.ChoiceField(label="Source", required=False, choices=[("", "Any source"), *Source.choices])
    year = forms.IntegerField(label="Year", required=False, min_value=1990, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", "Any theme"), *Theme.objects.values_list("slug", "name")]


class LessonForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.all(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        help_text="Audit Scotland's five principles and the assurance themes: choose all that apply.",
    )

    class Meta:
        model = Lesson
        fields = [
            "title",
            "what_happened",
            "why",
            "recommendation",
            "themes",
            "phase",
            "severity",
            "date",
            "source",
            "source_title",
            "source_url",
            "links",
            "organisation",
            "programme_name",
            "visibility",
        ]
        widgets = {"date": DATE, "what_happened": forms.Textarea(attrs={"rows": 5})}
        labels = {"organisation": "Public body", "programme_name": "Programme"}
        help_texts = {
            "what_happened": "Markdown: **bold**, lists and links are kept; anything else is removed.",
            "organisation": "The body the lesson comes from. Needed if it is restricted to that body.",
            "date": "When the lesson was learned or published.",
            "visibility": "Public: everyone. Public sector: signed-in public-sector staff. Restricted: the body's own people (and analysts and auditors).",
        }

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations
        self.fields["phase"].choices = [("", "Not known"), *Phase.choices[:4]]


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("published", "Publish"), ("rejected", "Reject")], widget=forms.RadioSelect, label="Decision"
    )
    note = forms.CharField(
        label="Note to the contributor",
        required=False,
        max_length=500,
        help_text="Needed when you reject a lesson.",
    )


class FeedbackForm(forms.Form):
    useful = forms.ChoiceField(choices=[("yes", "Useful"), ("no", "Not useful")])
    programme = forms.UUIDField(required=False, widget=forms.HiddenInput)


class ReviewForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = AssuranceReview
        fields = [
            "organisation",
            "programme",
            "programme_name",
            "kind",
            "gate",
            "date",
            "confidence",
            "summary",
            "visibility",
        ]
        widgets = {"date": DATE, "summary": forms.Textarea(attrs={"rows": 5})}
        labels = {"organisation": "Public body"}
        help_texts = {"summary": "Markdown."}

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations
            self.fields["programme"].queryset = Programme.objects.filter(
                organisation__in=organisations
            ).order_by("title")
        self.fields["confidence"].choices = Confidence.choices
        for number, text in CRITERIA.items():
            self.fields[f"criterion_{number}"] = forms.ChoiceField(
                label=f"{number}. {text}",
                required=False,
                choices=[("", "Not assessed"), *CriterionResult.choices],
            )
        if self.instance.pk:
            for result in self.instance.criteria.all():
                self.initial[f"criterion_{result.criterion}"] = result.result

    def clean(self):
        cleaned = super().clean()
        programme, organisation = cleaned.get("programme"), cleaned.get("organisation")
        if programme and organisation and programme.organisation_id != organisation.pk:
            self.add_error("programme", "Choose one of this body's programmes.")
        if not programme and not cleaned.get("programme_name"):
            self.add_error("programme_name", "Choose the programme reviewed, or name it.")
        kind = cleaned.get("kind", "")
        if self.criteria() and not kind.startswith("ssa-"):
            self.add_error(None, "Only service-standard assessments record criteria met or not met.")
        return cleaned

    def criteria(self) -> dict[int, tuple[str, str]]:
        return {
            n: (self.cleaned_data[f"criterion_{n}"], "")
            for n in CRITERIA
            if self.cleaned_data.get(f"criterion_{n}")
        }

    def criterion_fields(self):
        return [self[f"criterion_{n}"] for n in CRITERIA]

    def main_fields(self):
        return [self[name] for name in self.Meta.fields]


class RecommendationForm(forms.Form):
    text = forms.CharField(label="Recommendation", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.filter(kind="assurance"), label="Theme", to_field_name="slug"
    )
    priority = forms.ChoiceField(choices=Priority.choices, label="Priority")


class RecommendationStatusForm(forms.Form):
    status = forms.ChoiceField(choices=RecommendationStatus.choices, label="Status")


class ThemeYearForm(forms.Form):
    year = forms.TypedChoiceField(label="Financial year", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        from panorama.core.periods import label_for

        self.fields["year"].choices = [("", "All years"), *[(y, label_for(y)) for y in years]]


class ReviewFilterForm(forms.Form):
    kind = forms.ChoiceField(label="Type", required=False, choices=[("", "Any type"), *AssuranceKind.choices])
