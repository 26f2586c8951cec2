"""Forms for the returns pages. Forms check shape; the returns machinery checks the rows, so a row
typed into the web form gets exactly the messages a row in a file would."""

from django import forms
from django.conf import settings

from panorama.accounts import permissions
from panorama.core.periods import parse_label
from panorama.organisations.models import Organisation, Sector

from .kinds import Column, ReturnKind
from .mappings import MappingError, mapping_parse
from .models import SavedMapping, WindowStatus
from .reading import ZIP_MAGIC, Unreadable, encoding_from, sheet_names
from .registry import kind_list

UNIT_CHOICES = [
    ("", "As the file says (pounds unless a heading or note says otherwise)"),
    ("m", "£ millions"),
    ("k", "£ thousands"),
    ("bn", "£ billions"),
]


SEPARATOR_CHOICES = [
    ("", "Detect it"),
    ("comma", "Comma ( , )"),
    ("semicolon", "Semicolon ( ; )"),
    ("tab", "Tab"),
    ("bar", "Vertical bar ( | )"),
]


class UploadForm(forms.Form):
    file = forms.FileField(
        allow_empty_file=True,  # an empty file gets the returns machinery's own message
        label="Your return file",
        help_text="A CSV or Excel (.xlsx) file. Nothing is saved until you have seen the preview and confirmed.",
    )
    mapping = forms.ModelChoiceField(
        queryset=SavedMapping.objects.none(),
        required=False,
        label="Mapping",
        empty_label="None: the file uses the template's columns",
        help_text="For a file in your own layout, choose the saved mapping that describes it.",
    )
    unit = forms.ChoiceField(choices=UNIT_CHOICES, required=False, label="Amounts are in")
    # How to read the file, when Panorama's detection gets it wrong: the same settings as
    # `panorama import --delimiter/--encoding/--header-row/--sheet` and the API's query.
    separator = forms.ChoiceField(
        choices=SEPARATOR_CHOICES,
        required=False,
        label="Separator (CSV)",
        help_text="The character between the values on each line. Leave it to be detected unless the "
        "preview shows the columns run together.",
    )
    encoding = forms.CharField(
        required=False,
        max_length=20,
        label="Encoding (CSV)",
        help_text="How the file's text is stored: utf-8, utf-16, windows-1252 or latin-1. Leave it empty "
        "to be detected; tell it if names with accents come out wrong.",
    )
    header_row = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=10_000,
        label="Header row",
        help_text="The row the column headings are on, counting the first row as 1. Leave it empty to "
        "have Panorama find it in the first 30 rows.",
        error_messages={
            "invalid": "Enter a row number, such as 1.",
            "min_value": "Enter a row number of 1 or more: the first row is 1.",
            "max_value": "Enter a row number of 10,000 or less.",
        },
    )
    sheet = forms.CharField(
        required=False,
        max_length=31,  # Excel's longest sheet name
        label="Sheet (Excel)",
        help_text="The name on the tab of the workbook's sheet to read. Leave it empty to read the first "
        "visible sheet.",
    )
    READING_FIELDS = ("separator", "encoding", "header_row", "sheet")

    def __init__(self, *args, mappings=None, **kwargs):
        super().__init__(*args, **kwargs)
        if mappings is not None:
            self.fields["mapping"].queryset = mappings
        else:
            del self.fields["mapping"]

    def clean_encoding(self) -> str:
        value = self.cleaned_data["encoding"].strip()
        if value:
            try:
                encoding_from(value)
            except ValueError as exc:
                raise forms.ValidationError(f"{exc}.") from None
        return value

    def clean(self):
        cleaned = super().clean()
        sheet, upload = cleaned.get("sheet", "").strip(), cleaned.get("file")
        cleaned["sheet"] = sheet
        if sheet and upload is not None and upload.size <= settings.PANORAMA_RETURNS_MAX_BYTES:
            data = upload.read()
            upload.seek(0)
            if not data.startswith(ZIP_MAGIC):
                self.add_error(
                    "sheet", "Only an Excel workbook has sheets, and this file is not one: leave Sheet empty."
                )
            else:
                try:
                    names = sheet_names(data)
                except Unreadable:
                    names = None  # the reading says what is wrong with the file
                if names is not None and sheet not in names:
                    self.add_error(
                        "sheet",
                        f"The workbook has no sheet called '{sheet}'. Its sheets are: {', '.join(names)}.",
                    )
        return cleaned

    def reading(self) -> dict:
        """The reading settings told, for `rows_from_file(reading=…)`."""
        data = self.cleaned_data
        return {
            "delimiter": data.get("separator", ""),
            "encoding": data.get("encoding", ""),
            "header_row": data.get("header_row"),
            "sheet": data.get("sheet", ""),
        }

    def reading_fields(self) -> list:
        return [self[name] for name in self.READING_FIELDS]

    def other_fields(self) -> list:
        return [bound for bound in self if bound.name not in self.READING_FIELDS]

    def reading_told(self) -> bool:
        """Whether the reading settings are shown open: any given, or any with a problem."""
        return self.is_bound and any(self.data.get(n) or self[n].errors for n in self.READING_FIELDS)


class CommentsForm(forms.Form):
    comments = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        label="What needs to change",
        help_text="Sent to the body's editors with the return.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def kind_choices(*, with_period: bool = True) -> list[tuple[str, str]]:
    return [(k.slug, k.label) for k in kind_list() if (k.period_kind is not None) == with_period]


class WindowForm(forms.Form):
    kind = forms.ChoiceField(label="Return", choices=())
    period = forms.CharField(
        label="Period",
        max_length=12,
        help_text="A quarter like 2025-26 Q3, or a financial year like 2025-26.",
    )
    due_on = forms.DateField(
        label="Due date",
        help_text="For example, 31/01/2026.",
        input_formats=["%d/%m/%Y", "%Y-%m-%d", "%d %B %Y"],
    )
    sectors = forms.MultipleChoiceField(
        label="Expect it from every active body in these sectors",
        choices=[(s.value, s.label) for s in Sector if s not in (Sector.THIRD, Sector.INDUSTRY)],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    organisations = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.filter(active=True).exclude(sector__in=[Sector.THIRD, Sector.INDUSTRY]),
        label="And from these bodies",
        required=False,
        help_text="Hold Ctrl (Cmd on a Mac) to choose more than one.",
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000, label="Note for the bodies"
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices()
        self.fields["organisations"].widget.attrs["size"] = 12
        if editing:
            del self.fields["kind"]
            del self.fields["period"]

    def clean_period(self) -> str:
        label = self.cleaned_data["period"].strip()
        try:
            parse_label(label)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
        return label

    def expected_bodies(self) -> list[Organisation]:
        chosen = {o.pk: o for o in self.cleaned_data.get("organisations") or []}
        sectors = self.cleaned_data.get("sectors") or []
        if sectors:
            for organisation in Organisation.objects.filter(active=True, sector__in=sectors):
                chosen.setdefault(organisation.pk, organisation)
        return list(chosen.values())

    def clean(self):
        data = super().clean()
        if not data.get("organisations") and not data.get("sectors"):
            raise forms.ValidationError(
                "Choose the bodies expected to send this return: sectors, bodies, or both."
            )
        return data


class WindowFilterForm(forms.Form):
    kind = forms.ChoiceField(label="Return", required=False, choices=())
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Open and closed"), *WindowStatus.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "All returns"), *kind_choices()]


class MappingForm(forms.Form):
    name = forms.CharField(
        max_length=120, label="Name", help_text="For example, 'Our finance system export'."
    )
    kind = forms.ChoiceField(label="Return", choices=())
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        label="Body",
        empty_label="Every body (shared)",
        help_text="The body whose files it reads.",
    )
    definition = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 18, "class": "pan_code"}),
        label="Mapping",
        help_text="In TOML or JSON, as docs/mappings.md describes: for each field, its source column or a fixed value.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.slug, k.label) for k in kind_list()]
        editable = permissions.editable_organisation_ids(user)
        organisations = (
            Organisation.objects.all() if editable is None else Organisation.objects.filter(pk__in=editable)
        )
        self.fields["organisation"].queryset = organisations
        if editable is not None:
            self.fields["organisation"].required = True
            self.fields["organisation"].empty_label = None

    def clean(self):
        data = super().clean()
        if "definition" in data and "kind" in data:
            from .registry import kind_get

            try:
                data["mapping"] = mapping_parse(data["definition"], kind=kind_get(data["kind"]))
            except MappingError as exc:
                for problem in exc.problems:
                    self.add_error("definition", problem)
        return data


# --- the web form for a return's rows -----------------------------------------------------------


def _row_field(column: Column) -> forms.Field:
    common = {"required": False, "label": column.label, "help_text": column.help}
    if column.type == "choice":
        return forms.ChoiceField(choices=[("", "")] + [(c, c) for c in column.choices], **common)
    if column.type == "boolean":
        return forms.ChoiceField(choices=[("", ""), ("yes", "yes"), ("no", "no")], **common)
    if column.type == "text" and (column.max_length or 0) > 300:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), **common)
    return forms.CharField(**common)


def row_form_class(kind: ReturnKind) -> type[forms.Form]:
    fields = {column.name: _row_field(column) for column in kind.columns}
    fields["delete"] = forms.BooleanField(required=False, label="Remove this row")
    return type(f"{kind.slug.title()}RowForm", (forms.Form,), fields)


def row_formset(kind: ReturnKind, *, data=None, initial=None, extra: int = 3):
    formset_class = forms.formset_factory(row_form_class(kind), extra=extra, max_num=500, absolute_max=500)
    return formset_class(data=data, initial=initial, prefix="rows")
