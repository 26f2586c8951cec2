from django import forms

from .models import Organisation, Sector


class OrganisationForm(forms.ModelForm):
    """What a body's own editors may change about it."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Organisation
        fields = ["website", "description"]
        help_texts = {"description": "What the body does, in a sentence or two. Up to 2,000 characters."}


class OrganisationAnalystForm(OrganisationForm):
    """Analysts also keep the reference data right."""

    class Meta(OrganisationForm.Meta):
        fields = ["name", "short_name", "sector", "kind", "parent", "active", "website", "description"]


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label="Name", required=False)
    sector = forms.ChoiceField(label="Sector", required=False, choices=[("", "Any sector"), *Sector.choices])
