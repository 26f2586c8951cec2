from django import forms

from panorama.organisations.models import Sector
from panorama.programmes.models import Programme

from .models import Service, ServicePhase


class ServiceForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Service
        fields = ["name", "phase", "users", "category", "url", "programme", "description", "published"]
        help_texts = {
            "programme": "The programme in the register that builds or runs it, if any.",
            "published": "Show this service and its figures on public pages and in the open data.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.filter(
            organisation=self.instance.organisation
        ).order_by("title")


class ServiceFilterForm(forms.Form):
    q = forms.CharField(label="Name contains", required=False)
    sector = forms.ChoiceField(label="Sector", required=False, choices=[("", "Any sector"), *Sector.choices])
    phase = forms.ChoiceField(
        label="Phase", required=False, choices=[("", "Any phase"), *ServicePhase.choices]
    )
    category = forms.ChoiceField(label="Category", required=False)

    def __init__(self, *args, categories: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "Any category"), *[(c, c) for c in categories]]
