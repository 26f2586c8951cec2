import datetime
from html import escape

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.safestring import mark_safe

from panorama.core.forms import DateInput
from panorama.core.periods import quarters_back
from panorama.organisations.models import Collection, Organisation, Sector
from panorama.strategy.models import Commitment

from .models import (
    Confidence,
    LinkKind,
    Phase,
    Platform,
    Programme,
    ProgrammeLink,
    ProgressUpdate,
    Rebaseline,
    Tag,
)
from .selectors import MAJOR_CHOICES, SORTS

DATE = DateInput()


class FastSelect(forms.Select):
    """A select drawn in Python: filters can list a thousand bodies, and Django's per-option
    templates made the register page several times slower than its query."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        chosen = {str(v) for v in (value if isinstance(value, (list, tuple)) else [value]) if v is not None}
        opening = "".join(
            f' {key}="{escape(str(val))}"' for key, val in final.items() if val not in (None, False)
        )
        options = "".join(
            f'<option value="{escape(str(key))}"{" selected" if str(key) in chosen else ""}>{escape(str(label))}</option>'
            for key, label in self.choices
        )
        return mark_safe(f"<select{opening}>{options}</select>")  # noqa: S308 - every value is escaped


def commitment_label(commitment: Commitment) -> str:
    return f"{commitment.ambition.strategy.short_title} {commitment.reference}: {commitment.text[:90]}"


class CommitmentChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Commitment) -> str:
        return commitment_label(obj)


class ProgrammeFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, help_text="Title, summary, SRO or body.")
    organisation = forms.ChoiceField(label="Body", required=False, widget=FastSelect)
    sector = forms.ChoiceField(label="Sector", required=False, choices=[("", "Any sector"), *Sector.choices])
    commitment = forms.ChoiceField(label="Serves commitment", required=False, widget=FastSelect)
    phase = forms.ChoiceField(label="Phase", required=False, choices=[("", "Any phase"), *Phase.choices])
    confidence = forms.MultipleChoiceField(
        label="Delivery confidence",
        required=False,
        choices=Confidence.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick none for any rating, or more than one (Amber/Red and Red, say).",
    )
    major = forms.ChoiceField(label="Major", required=False, choices=MAJOR_CHOICES, widget=FastSelect)
    platform = forms.ChoiceField(label="Uses platform", required=False, widget=FastSelect)
    tag = forms.ChoiceField(label="Tag", required=False, widget=FastSelect)
    collection = forms.ChoiceField(
        label="Collection",
        required=False,
        help_text="Imported registers (another government's, say) are kept apart from the bodies Panorama serves.",
    )
    sort = forms.ChoiceField(
        label="Sort by", required=False, choices=[(key, label) for key, (label, _) in SORTS.items()]
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [
            ("", "Any body"),
            *Organisation.objects.filter(Exists(Programme.objects.filter(organisation=OuterRef("pk"))))
            .order_by("name")
            .values_list("slug", "name"),
        ]
        self.fields["commitment"].choices = [
            ("", "Any commitment"),
            *(
                (str(c.public_id), commitment_label(c))
                for c in Commitment.objects.select_related("ambition__strategy")
            ),
        ]
        self.fields["platform"].choices = [
            ("", "Any platform"),
            *Platform.objects.values_list("slug", "name"),
        ]
        self.fields["tag"].choices = [
            ("", "Any tag"),
            *((n, n) for n in Tag.objects.values_list("name", flat=True)),
        ]
        self.fields["collection"].choices = [
            ("", "The bodies Panorama serves"),
            *Collection.objects.values_list("slug", "name"),
            ("all", "Everything, collections included"),
        ]


class ProgrammeForm(forms.ModelForm):
    """A programme's own fields. Baselines are set when a programme is added; afterwards a new
    baseline is a rebaseline, recorded beside the original, so only analysts may correct them."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    tag_names = forms.CharField(
        label="Tags",
        required=False,
        help_text="Separate tags with commas, for example: case management, cloud.",
    )
    commitments = CommitmentChoices(
        queryset=Commitment.objects.select_related("ambition__strategy"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Strategy commitments it serves",
    )
    platforms = forms.ModelMultipleChoiceField(
        queryset=Platform.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Shared platforms it uses",
    )

    class Meta:
        model = Programme
        fields = [
            "organisation",
            "title",
            "summary",
            "users",
            "sro",
            "phase",
            "confidence",
            "confidence_reason",
            "high_risk",
            "wlc_baseline",
            "wlc_forecast",
            "start_baseline",
            "start_forecast",
            "end_baseline",
            "end_forecast",
            "partners",
            "commitments",
            "platforms",
            "source",
        ]
        labels = {"organisation": "Owning body", "partners": "Partner bodies", "high_risk": "High risk"}
        help_texts = {
            "confidence_reason": "Needed when it is not rated.",
            "partners": "Hold Ctrl (or Cmd) to choose more than one.",
        }
        widgets = {
            "start_baseline": DATE,
            "start_forecast": DATE,
            "end_baseline": DATE,
            "end_forecast": DATE,
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(
        self, *args, organisations=None, can_change_baseline: bool = True, creating: bool = False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = Organisation.objects.filter(active=True).order_by("name")
        if creating:
            self.fields["organisation"].queryset = organisations
            self.fields["version"].widget = forms.HiddenInput()
        else:
            del self.fields["organisation"]
        if not can_change_baseline:
            for name in ("wlc_baseline", "start_baseline", "end_baseline"):
                del self.fields[name]
        if self.instance.pk:
            self.initial.setdefault("tag_names", ", ".join(self.instance.tags.values_list("name", flat=True)))

    def relations(self) -> dict:
        data = {
            k: v for k, v in self.cleaned_data.items() if k not in ("version", "tag_names", "organisation")
        }
        data["tags"] = [t for t in self.cleaned_data.get("tag_names", "").split(",") if t.strip()]
        return data


def reportable_periods(programme: Programme, today: datetime.date | None = None) -> list[tuple[str, str]]:
    """The last eight quarters and the current one, newest first, without those already reported."""
    periods = quarters_back(today or datetime.date.today(), 9)
    done = set(programme.updates.values_list("period__label", flat=True)) if programme.pk else set()
    return [(p.label, p.label) for p in reversed(periods) if p.label not in done]


class ProgressUpdateForm(forms.ModelForm):
    period = forms.ChoiceField(
        label="Quarter", help_text="Each quarter is reported once and kept as history."
    )

    class Meta:
        model = ProgressUpdate
        fields = [
            "confidence",
            "confidence_reason",
            "phase",
            "narrative",
            "milestones_met",
            "milestones_missed",
            "top_risks",
            "wlc_forecast",
            "end_forecast",
        ]
        labels = {
            "confidence": "Delivery confidence",
            "confidence_reason": "Why it is not rated",
            "phase": "Phase at the end of the quarter",
            "wlc_forecast": "Whole-life cost forecast (£)",
            "end_forecast": "Forecast end date",
            "top_risks": "Top risks",
        }
        help_texts = {
            "confidence_reason": "Needed when it is not rated.",
            "narrative": "What happened this quarter, in a few sentences.",
            "top_risks": "One risk a line.",
            "phase": "Leave blank if unchanged.",
        }
        widgets = {
            "end_forecast": DATE,
            "narrative": forms.Textarea(attrs={"rows": 4}),
            "top_risks": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = reportable_periods(programme)
        self.order_fields(["period", *self.Meta.fields])
        self.fields["phase"].required = False


class RebaselineForm(forms.ModelForm):
    class Meta:
        model = Rebaseline
        fields = ["agreed_on", "wlc", "end_date", "reason"]
        labels = {"agreed_on": "Date agreed", "end_date": "New end date", "reason": "Why it was rebaselined"}
        help_texts = {
            "wlc": "Leave blank if the cost baseline did not change.",
            "end_date": "Leave blank if the end date did not change.",
            "reason": "Who agreed it, and why. The original baseline stays on record.",
        }
        widgets = {"agreed_on": DATE, "end_date": DATE, "reason": forms.Textarea(attrs={"rows": 3})}


class LinkForm(forms.Form):
    kind = forms.ChoiceField(
        label="How this programme interacts",
        choices=[(k.value, f"This programme {k.label} …") for k in LinkKind],
        widget=forms.RadioSelect,
    )
    target = forms.ChoiceField(label="The other programme", widget=forms.RadioSelect)
    note = forms.CharField(label="Note", required=False, max_length=300)

    def __init__(self, *args, candidates: list[Programme], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [
            (str(p.public_id), f"{p.title} ({p.organisation.short_name})") for p in candidates
        ]


class LinkSearchForm(forms.Form):
    q = forms.CharField(
        label="Find the other programme", required=False, help_text="Part of its title, or its body."
    )


class NetworkFilterForm(forms.Form):
    organisation = forms.ChoiceField(label="Body", required=False, widget=FastSelect)
    sector = forms.ChoiceField(label="Sector", required=False, choices=[("", "Any sector"), *Sector.choices])
    kind = forms.ChoiceField(
        label="Kind of link", required=False, choices=[("", "Any kind"), *LinkKind.choices]
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        linked = set()
        for source, target in ProgrammeLink.objects.values_list(
            "source__organisation", "target__organisation"
        ):
            linked.update((source, target))
        self.fields["organisation"].choices = [
            ("", "Any body"),
            *Organisation.objects.filter(pk__in=linked).order_by("name").values_list("slug", "name"),
        ]
