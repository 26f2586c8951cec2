import re

from django import forms

from panorama.collaboration.models import Challenge
from panorama.core.forms import DateInput
from panorama.lessons.models import Lesson
from panorama.organisations.models import Sector
from panorama.programmes.models import Platform, Programme

from .models import Stance, Technology

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
PUBLIC_SECTORS = [s for s in Sector if s.value not in ("industry", "third sector")]


class RadarFilterForm(forms.Form):
    sector = forms.ChoiceField(
        label="Sector",
        required=False,
        choices=[("", "The whole public sector"), *[(s.value, s.label) for s in PUBLIC_SECTORS]],
    )

    def sector_value(self) -> str:
        return self.cleaned_data.get("sector", "") if self.is_valid() else ""


class TechnologyForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    lesson_refs = forms.CharField(
        label="Lessons about it",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The address (or id) of each lesson in the library about this technology, one a line.",
    )

    class Meta:
        model = Technology
        fields = [
            "name",
            "description",
            "category",
            "standards",
            "risk_data_protection",
            "risk_bias",
            "risk_lock_in",
            "risk_security",
            "guidance",
            "challenges",
            "platforms",
        ]
        labels = {
            "risk_data_protection": "Risks to weigh: data protection",
            "risk_bias": "Risks to weigh: bias and fairness",
            "risk_lock_in": "Risks to weigh: lock-in",
            "risk_security": "Risks to weigh: security",
            "challenges": "Innovation challenges that used it",
            "platforms": "Shared platforms that provide it",
        }
        widgets = {
            "challenges": forms.CheckboxSelectMultiple,
            "platforms": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
            "standards": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["challenges"].queryset = Challenge.objects.select_related("round").order_by("title")
        self.fields["platforms"].queryset = Platform.objects.order_by("name")
        if self.instance.pk and not self.is_bound:
            self.initial["lesson_refs"] = "\n".join(
                str(pk) for pk in self.instance.lessons.values_list("public_id", flat=True)
            )

    def clean_lesson_refs(self) -> list[Lesson]:
        text = self.cleaned_data.get("lesson_refs", "")
        found, missing = [], []
        for line in (line.strip() for line in text.splitlines()):
            if not line:
                continue
            match = UUID.search(line)
            lesson = Lesson.objects.filter(public_id=match.group(0)).first() if match else None
            if lesson is None:
                missing.append(line)
            else:
                found.append(lesson)
        if missing:
            raise forms.ValidationError(
                f"Not a lesson in the library: {', '.join(missing[:3])}. Give each lesson's address, e.g. /lessons/<id>/."
            )
        return found

    def data_and_links(self) -> tuple[dict, dict]:
        data = {
            k: v
            for k, v in self.cleaned_data.items()
            if k not in ("version", "lesson_refs", "challenges", "platforms")
        }
        links = {
            "lessons": self.cleaned_data["lesson_refs"],
            "challenges": self.cleaned_data["challenges"],
            "platforms": self.cleaned_data["platforms"],
        }
        return data, links


class StanceForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    technology = forms.ModelChoiceField(queryset=Technology.objects.order_by("name"), to_field_name="slug")
    stance = forms.ChoiceField(choices=Stance.choices, widget=forms.RadioSelect)
    since = forms.DateField(label="Since", widget=DateInput, help_text="The day your body took this stance.")
    programmes = forms.ModelMultipleChoiceField(
        queryset=Programme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Your programmes that use or are weighing it.",
    )
    note = forms.CharField(
        label="What you are doing and what you have learnt",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    internal = forms.BooleanField(
        label="Internal: show this stance only to my body's people and the central team", required=False
    )

    def __init__(self, *args, organisation, fixed_technology: Technology | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programmes"].queryset = Programme.objects.filter(organisation=organisation).order_by(
            "title"
        )
        if fixed_technology is not None:
            del self.fields["technology"]
        self.fixed_technology = fixed_technology


class QuestionForm(forms.Form):
    organisation = forms.ModelChoiceField(label="Asking for", queryset=None, to_field_name="slug")
    title = forms.CharField(label="Your question, in a line", max_length=200)
    text = forms.CharField(
        label="More detail",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What you are trying to do and what you would like to know. Markdown is allowed.",
    )

    def __init__(self, *args, organisations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first().slug


class AnswerForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Answering for",
        queryset=None,
        to_field_name="slug",
        required=False,
        empty_label="The central team",
    )
    text = forms.CharField(label="Your answer", max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, organisations, central: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].required = not central
        if not central:
            self.fields["organisation"].empty_label = None
