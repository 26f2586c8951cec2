from decimal import Decimal

from django import forms

from panorama.core import periods as period_tools
from panorama.core.models import Period

from . import selectors
from .models import Initiative, InitiativeKind, Role, RoleFamily, SkillLevel

SECTOR_CHOICES = [("", "All sectors"), *[(s.value, s.label) for s in selectors.PUBLIC_SECTORS]]


def _period_choices() -> list[tuple[str, str]]:
    return [(p.label, p.label) for p in reversed(selectors.workforce_periods())]


def _family_choices(blank: str) -> list[tuple[str, str]]:
    return [("", blank), *[(f.slug, f.name) for f in RoleFamily.objects.all()]]


class AnalysisFilterForm(forms.Form):
    """Filters the analysis pages share; each page shows the fields it uses."""

    period = forms.ChoiceField(label="Financial year", required=False)
    sector = forms.ChoiceField(label="Sector", required=False, choices=SECTOR_CHOICES)
    family = forms.ChoiceField(label="Role family", required=False)
    order = forms.ChoiceField(
        label="Rank by",
        required=False,
        choices=[(key, label) for key, (label, _) in selectors.SHORTAGE_ORDER.items()],
    )

    def __init__(self, *args, fields: tuple[str, ...] = ("period", "sector"), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [("", "Latest")] + _period_choices()
        self.fields["family"].choices = _family_choices("All role families")
        for name in list(self.fields):
            if name not in fields:
                del self.fields[name]

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        period = (
            selectors.workforce_period_from_label(data.get("period", ""))
            or selectors.workforce_period_default()
        )
        return {
            "period": period,
            "sector": data.get("sector", ""),
            "family": data.get("family", ""),
            "order": data.get("order", "") or "vacancy_rate",
        }


class RoleFamilyForm(forms.ModelForm):
    class Meta:
        model = RoleFamily
        fields = ["name", "description"]
        help_texts = {"description": "What people in this family do, in a sentence."}


class RoleForm(forms.ModelForm):
    class Meta:
        model = Role
        fields = ["family", "name", "description"]
        labels = {"family": "Role family"}


class RoleEditForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Role
        fields = ["family", "name", "description", "active"]
        labels = {"family": "Role family", "active": "In use (untick to keep it for history only)"}


def quarter_choices() -> list[tuple[str, str]]:
    """The current quarter and the eleven after it: the window programmes plan needs for."""
    return [(label, label) for label in selectors.quarter_labels(count=12)]


class ProgrammeNeedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    role = forms.ModelChoiceField(
        queryset=Role.objects.filter(active=True).select_related("family"),
        label="Role",
        empty_label="Choose a role",
    )
    period = forms.ChoiceField(label="Quarter", help_text="For example 2026-27 Q3 (April to June is Q1).")
    fte = forms.DecimalField(
        label="FTE needed",
        min_value=Decimal("0.1"),
        max_value=Decimal(1000),
        decimal_places=1,
        help_text="Full-time equivalents, to one decimal place.",
    )
    level = forms.ChoiceField(
        label="Skill level", choices=SkillLevel.choices, initial=SkillLevel.PRACTITIONER
    )
    note = forms.CharField(label="Note", required=False, max_length=300)

    def __init__(self, *args, current: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = quarter_choices()
        if current and current not in dict(choices):
            choices = [(current, current), *choices]
        self.fields["period"].choices = [("", "Choose a quarter"), *choices]
        self.fields["role"].label_from_instance = lambda role: f"{role.name} ({role.family.name})"

    def clean_period(self) -> Period:
        label = self.cleaned_data["period"]
        try:
            return period_tools.period_from_label(label)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


class InitiativeForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Initiative
        fields = ["name", "kind", "organisation", "summary", "url"]
        help_texts = {"summary": "What it does and for whom. Up to 2,000 characters."}

    def __init__(self, *args, bodies=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if bodies is not None:
            self.fields["organisation"].queryset = bodies


class InitiativeTargetForm(forms.Form):
    family = forms.ModelChoiceField(
        queryset=RoleFamily.objects.all(), label="Role family", empty_label="Choose a role family"
    )
    year = forms.IntegerField(
        label="Financial year starting",
        min_value=2000,
        max_value=2100,
        help_text="The year it starts in: 2025 for 2025-26.",
    )
    target = forms.IntegerField(label="Target (people)", min_value=0, max_value=100000)
    delivered = forms.IntegerField(
        label="Delivered (people)",
        min_value=0,
        max_value=100000,
        required=False,
        help_text="Leave empty until the year has started.",
    )


class InitiativeFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Any kind"), *InitiativeKind.choices]
    )
    family = forms.ChoiceField(label="Role family", required=False)
    year = forms.TypedChoiceField(label="Financial year", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["family"].choices = _family_choices("Any role family")
        self.fields["year"].choices = [("", "Every year")] + [
            (str(y), f"{y}-{(y + 1) % 100:02d}") for y in selectors.initiative_years()
        ]
