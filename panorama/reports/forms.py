import datetime

from django import forms

from panorama.core import catalogue
from panorama.core.periods import label_for, quarter_spans_back
from panorama.organisations.models import Organisation
from panorama.programmes.models import Programme

from .models import Audience, Kind


def _quarters() -> list[tuple[str, str]]:
    labels = [label_for(year, quarter) for year, quarter in quarter_spans_back(datetime.date.today(), 8)]
    return [(label, label) for label in labels]


class PrepareForm(forms.Form):
    kind = forms.ChoiceField(label="Report", choices=Kind.choices, initial=Kind.NATIONAL)
    period = forms.ChoiceField(label="Quarter", help_text="The quarter the report is for.")
    audience = forms.ChoiceField(
        label="Audience",
        choices=Audience.choices,
        initial=Audience.PUBLIC,
        widget=forms.RadioSelect,
        help_text="A public report shows only the figures anyone may see; an internal pack shows every "
        "figure your access lets you see.",
    )
    organisation = forms.ModelChoiceField(
        label="Body (for a body report)",
        queryset=Organisation.objects.none(),
        required=False,
        to_field_name="slug",
    )
    programme = forms.ModelChoiceField(
        label="Programme at risk (for a programme one-pager)",
        queryset=Programme.objects.none(),
        required=False,
        to_field_name="public_id",
        help_text="Programmes off track this quarter.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = _quarters()
        self.fields["period"].initial = catalogue.scope_for("").label
        self.fields["organisation"].queryset = Organisation.objects.filter(active=True).order_by("name")
        self.fields["programme"].queryset = catalogue.records(
            "programmes.off_track", scope=catalogue.scope_for("")
        ).order_by("title")
