from django import forms

from panorama.core.forms import DateInput
from panorama.organisations.models import Organisation

from .models import (
    Ambition,
    Commitment,
    CommitmentKind,
    CommitmentStatus,
    OutcomeActual,
    OutcomeMeasure,
    Strategy,
)

DATE = DateInput()
RESERVED_SLUGS = {"new", "commitments", "parts", "measures"}


class VersionedForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def data_without_version(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class StrategyForm(VersionedForm):
    class Meta:
        model = Strategy
        fields = ["title", "short_title", "slug", "published", "owner", "summary", "url"]
        labels = {"slug": "Web address name", "url": "Where it is published", "owner": "Owning body"}
        help_texts = {"slug": "Lower-case letters, numbers and hyphens, e.g. a-changing-nation-2021."}
        widgets = {"published": DATE, "summary": forms.Textarea(attrs={"rows": 4})}

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(f"“{slug}” is used by the site itself; choose another.")
        return slug


class AmbitionForm(VersionedForm):
    class Meta:
        model = Ambition
        fields = ["number", "title", "summary"]
        labels = {"number": "Part number"}
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}


class CommitmentForm(VersionedForm):
    class Meta:
        model = Commitment
        fields = [
            "reference",
            "text",
            "kind",
            "owner",
            "accountable_person",
            "target_date",
            "status",
            "last_updated",
            "illustrative",
        ]
        labels = {
            "text": "What we will do",
            "owner": "Owning body",
            "last_updated": "Progress last reported",
            "illustrative": "Illustrative (invented for a demonstration)",
        }
        help_texts = {
            "owner": "Leave empty if nobody owns it yet: it will show as unowned.",
            "accountable_person": "The role or person accountable. Empty means unowned.",
        }
        widgets = {"target_date": DATE, "last_updated": DATE, "text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Organisation.objects.filter(active=True).order_by("name")


class MeasureForm(VersionedForm):
    class Meta:
        model = OutcomeMeasure
        fields = [
            "name",
            "unit",
            "baseline",
            "baseline_date",
            "target",
            "target_date",
            "direction",
            "source",
            "illustrative",
        ]
        widgets = {"baseline_date": DATE, "target_date": DATE}
        labels = {"illustrative": "Illustrative (invented for a demonstration)"}


class ActualForm(forms.ModelForm):
    class Meta:
        model = OutcomeActual
        fields = ["date", "value", "source"]
        widgets = {"date": DATE}
        help_texts = {"source": "Where the figure comes from."}

    def validate_unique(self) -> None:
        # The service says which date is taken, in words.
        pass


class CommitmentFilterForm(forms.Form):
    q = forms.CharField(
        label="Search", required=False, help_text="Words in the commitment, or its reference."
    )
    strategy = forms.ChoiceField(label="Strategy", required=False)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *CommitmentStatus.choices]
    )
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Any kind"), *CommitmentKind.choices]
    )
    owner = forms.ChoiceField(label="Owning body", required=False)
    unowned = forms.BooleanField(label="Only commitments with no owner", required=False)
    without_programme = forms.BooleanField(label="Only commitments no programme serves", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["strategy"].choices = [
            ("", "Any strategy"),
            *Strategy.objects.values_list("slug", "short_title"),
        ]
        self.fields["owner"].choices = [
            ("", "Any body"),
            *Organisation.objects.filter(owned_commitments__isnull=False)
            .distinct()
            .order_by("name")
            .values_list("slug", "name"),
        ]
