from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator

from panorama.core.forms import DateInput
from panorama.organisations.models import Organisation, Sector
from panorama.programmes.models import Programme

from .models import LegacySystem, LineType
from .selectors import LEGACY_STATUS_LABELS

SECTOR_CHOICES = [
    ("", "All sectors"),
    *[(value, label) for value, label in Sector.choices if value not in ("industry", "third sector")],
]
BASIS_HELP = "Actual spend, the budget set for the year, or the forecast outturn."


class SpendFilterForm(forms.Form):
    year = forms.ChoiceField(label="Financial year", required=False)
    sector = forms.ChoiceField(label="Sector", required=False, choices=SECTOR_CHOICES)
    basis = forms.ChoiceField(label="Figures", required=False, choices=LineType.choices, help_text=BASIS_HELP)

    def __init__(self, *args, years, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(p.label, p.label) for p in reversed(years)]


class FundingFilterForm(forms.Form):
    year = forms.ChoiceField(label="Financial year", required=False)
    sector = forms.ChoiceField(label="Sector", required=False, choices=SECTOR_CHOICES)

    def __init__(self, *args, years, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "Every year"), *[(p.label, p.label) for p in years]]


class SectorFilterForm(forms.Form):
    sector = forms.ChoiceField(label="Sector", required=False, choices=SECTOR_CHOICES)


STATUS_CHOICES = [
    ("", "Any"),
    ("past", LEGACY_STATUS_LABELS["past"]),
    ("near", LEGACY_STATUS_LABELS["near"]),
    ("past-or-near", "Past or near end of support"),
    ("supported", LEGACY_STATUS_LABELS["supported"]),
    ("unknown", LEGACY_STATUS_LABELS["unknown"]),
]


class LegacyFilterForm(forms.Form):
    q = forms.CharField(label="System, function, technology or supplier", required=False, max_length=100)
    organisation = forms.ModelChoiceField(
        label="Body",
        required=False,
        queryset=Organisation.objects.none(),
        to_field_name="slug",
        empty_label="Any body",
    )
    sector = forms.ChoiceField(label="Sector", required=False, choices=SECTOR_CHOICES)
    status = forms.ChoiceField(label="Vendor support", required=False, choices=STATUS_CHOICES)
    risk = forms.TypedChoiceField(
        label="Risk",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any risk"), *[(str(n), f"{n} or higher") for n in range(2, 6)]],
    )
    no_replacement = forms.BooleanField(label="Only systems with no replacing programme", required=False)

    def __init__(self, *args, bodies, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = bodies


class LegacySystemForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = LegacySystem
        fields = [
            "name",
            "business_function",
            "technology",
            "supplier",
            "year_into_service",
            "contract_end",
            "end_of_support",
            "annual_run_cost",
            "risk",
            "users_affected",
            "replacing_programme",
            "notes",
        ]
        widgets = {
            "contract_end": DateInput(),
            "end_of_support": DateInput(),
        }
        help_texts = {
            "risk": "1 (low) to 5 (critical): the risk to services if it fails.",
            "annual_run_cost": "What it costs a year to keep running, in pounds.",
            "contract_end": "When the support contract ends.",
            "end_of_support": "When the vendor stops (or stopped) supporting it.",
            "replacing_programme": "The programme replacing it, if any.",
        }

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        programmes = Programme.objects.filter(organisation=organisation) | Programme.objects.filter(
            partners=organisation
        )
        self.fields["replacing_programme"].queryset = programmes.distinct().order_by("title")
        self.fields["replacing_programme"].empty_label = "None"
        self.organisation = organisation
        self.fields["risk"] = forms.TypedChoiceField(
            label="Risk",
            coerce=int,
            choices=[("", "Choose the risk"), *[(str(n), str(n)) for n in range(1, 6)]],
            help_text="1 (low) to 5 (critical): the risk to services if it fails.",
            error_messages={"required": "Choose the risk, from 1 (low) to 5 (critical)."},
        )
        self.fields["annual_run_cost"].validators.append(MinValueValidator(Decimal(0)))
        self.fields["annual_run_cost"].error_messages["min_value"] = "The annual run cost cannot be negative."
        self.fields["name"].error_messages["required"] = "Enter the system's name."
        self.fields["business_function"].error_messages["required"] = "Enter what the body uses it for."
        self.fields["annual_run_cost"].error_messages["required"] = "Enter the annual run cost in pounds."
        # The risk field is rebuilt above; keep the model form's field order.
        self.order_fields(self.Meta.fields)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        clash = LegacySystem.objects.filter(organisation=self.organisation, name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(f"{self.organisation.short_name} already has a system called {name}.")
        return name


class FundingForm(forms.Form):
    year = forms.ChoiceField(label="Financial year")
    secured = forms.DecimalField(
        label="Funding secured (£)", min_value=Decimal(0), max_digits=14, decimal_places=2
    )
    required = forms.DecimalField(
        label="Funding required (£)",
        required=False,
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
        help_text="Leave empty to phase it from the programme's whole-life cost forecast.",
    )
    source = forms.CharField(label="Where the secured funding comes from", required=False, max_length=200)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, years: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]
