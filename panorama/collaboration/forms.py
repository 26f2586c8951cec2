from django import forms

from panorama.accounts.models import User
from panorama.core.forms import DateInput
from panorama.organisations.models import Organisation, Sector
from panorama.strategy.models import Commitment

from .models import (
    Action,
    ActionStatus,
    AdoptionStatus,
    ApplicationStage,
    Challenge,
    ChallengeRound,
    ChallengeStage,
    ForumRole,
    Licence,
    Meeting,
    OverlapStatus,
)

DATE = DateInput()


class VersionedForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ForumForm(forms.Form):
    name = forms.CharField(max_length=200)
    purpose = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), help_text="What the forum is for. Markdown."
    )


class ForumEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    purpose = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), help_text="What the forum is for. Markdown."
    )


class MemberForm(forms.Form):
    email = forms.EmailField(label="Email address of the person")
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(active=True).order_by("name"),
        label="Representing",
        help_text="A body they belong to in Panorama.",
    )
    role = forms.ChoiceField(choices=ForumRole.choices, initial=ForumRole.MEMBER, widget=forms.RadioSelect)

    def clean_email(self) -> User:
        email = self.cleaned_data["email"].strip().lower()
        person = User.objects.filter(email=email, is_active=True).first()
        if person is None:
            raise forms.ValidationError(f"Nobody signs in to Panorama as {email}.")
        return person


class MeetingForm(VersionedForm):
    class Meta:
        model = Meeting
        fields = ["title", "held_on", "location", "agenda", "minutes"]
        widgets = {
            "held_on": DATE,
            "agenda": forms.Textarea(attrs={"rows": 6}),
            "minutes": forms.Textarea(attrs={"rows": 8}),
        }
        labels = {"held_on": "Date"}


class MeetingCreateForm(MeetingForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PaperForm(forms.Form):
    title = forms.CharField(max_length=200, label="Paper title")
    url = forms.URLField(required=False, label="Link to the paper")
    summary = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="What it asks the forum"
    )


class DecisionForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Decision")


class CommitmentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Commitment) -> str:
        owner = "unowned" if obj.unowned else f"owned by {obj.owner.short_name if obj.owner else '—'}"
        return f"{obj.ambition.strategy.short_title} {obj.reference}: {obj.text[:70]} ({owner})"


class ActionForm(VersionedForm):
    owner_email = forms.EmailField(
        required=False, label="Owner's email address", help_text="The person who will do it."
    )
    commitment = CommitmentChoice(
        queryset=Commitment.objects.select_related("ambition__strategy", "owner").order_by(
            "ambition__strategy__title", "ambition__number", "reference"
        ),
        required=False,
        help_text="The strategy commitment this action delivers, if any.",
    )

    class Meta:
        model = Action
        fields = ["title", "organisation", "due", "status", "commitment", "owns_commitment", "notes"]
        widgets = {"due": DATE, "notes": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "organisation": "Owning body",
            "owns_commitment": "The forum takes ownership of this commitment",
            "due": "Due date",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(active=True).order_by("name")
        if self.instance.pk and self.instance.owner:
            self.initial.setdefault("owner_email", self.instance.owner.email)

    def clean_owner_email(self) -> User | None:
        email = (self.cleaned_data.get("owner_email") or "").strip().lower()
        if not email:
            return None
        person = User.objects.filter(email=email, is_active=True).first()
        if person is None:
            raise forms.ValidationError(f"Nobody signs in to Panorama as {email}.")
        return person

    def data_for_service(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("version", "owner_email")}
        data["owner"] = self.cleaned_data.get("owner_email")
        return data


class ActionCreateForm(ActionForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ActionFilterForm(forms.Form):
    status = forms.ChoiceField(choices=[("", "Any status"), *ActionStatus.choices], required=False)


class ThreadForm(forms.Form):
    title = forms.CharField(max_length=200)
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        label="Message",
        help_text="Markdown. Mention a member with @ and their email address or handle (e.g. @morag).",
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Your reply",
        help_text="Markdown. Mention a member with @ and their email address or handle.",
    )


class HideForm(forms.Form):
    reason = forms.CharField(max_length=300, label="Why hide this post?")


# --- Challenges ---


class RoundForm(forms.ModelForm):
    class Meta:
        model = ChallengeRound
        fields = ["name", "opened_on", "demo_day", "summary"]
        widgets = {"opened_on": DATE, "demo_day": DATE, "summary": forms.Textarea(attrs={"rows": 3})}


class ChallengeForm(VersionedForm):
    class Meta:
        model = Challenge
        fields = ["round", "sponsor", "title", "problem", "budget", "commitment", "outcome"]
        widgets = {"problem": forms.Textarea(attrs={"rows": 6}), "outcome": forms.Textarea(attrs={"rows": 3})}
        labels = {"problem": "Problem statement", "sponsor": "Sponsor body"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sponsor"].queryset = (
            Organisation.objects.filter(active=True).exclude(sector=Sector.INDUSTRY).order_by("name")
        )
        self.fields["commitment"] = CommitmentChoice(
            queryset=ActionForm.base_fields["commitment"].queryset, required=False
        )


class ChallengeCreateForm(ChallengeForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ChallengeFilterForm(forms.Form):
    round = forms.ModelChoiceField(
        queryset=ChallengeRound.objects.order_by("-opened_on"),
        required=False,
        empty_label="Any round",
        to_field_name="slug",
    )
    stage = forms.ChoiceField(choices=[("", "Any stage"), *ChallengeStage.choices], required=False)


class StageForm(forms.Form):
    stage = forms.ChoiceField(choices=ChallengeStage.choices)


class AdvanceForm(forms.Form):
    stage = forms.ChoiceField(choices=ApplicationStage.choices)


class ApplicationForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label="Applying as")
    proposal = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}), help_text="How your team would solve the problem. Markdown."
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations


# --- Platforms and licences ---


class AdoptionForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label="Adopting body")
    adopted_on = forms.DateField(widget=DATE, label="Date adopted (or planned)")
    status = forms.ChoiceField(choices=AdoptionStatus.choices, initial=AdoptionStatus.LIVE)
    note = forms.CharField(max_length=300, required=False)

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations


class PlatformFilterForm(forms.Form):
    kind = forms.ChoiceField(required=False, choices=[("", "Any kind")])

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Any kind"), *[(k, k) for k in kinds]]


class LicenceForm(VersionedForm):
    class Meta:
        model = Licence
        fields = ["product", "supplier", "seats", "annual_cost", "renews_on", "system"]
        widgets = {"renews_on": DATE}


class LicenceCreateForm(LicenceForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


# --- Overlaps ---


class OverlapFilterForm(forms.Form):
    status = forms.ChoiceField(choices=[("", "Any status"), *OverlapStatus.choices], required=False)
    q = forms.CharField(label="Programme title contains", required=False)
    # Set by the links from a body's page; the list then shows the pairs involving that body.
    organisation = forms.SlugField(required=False, widget=forms.HiddenInput)


class DecideForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (OverlapStatus.CONFIRMED, "Confirm: a real opportunity"),
            (OverlapStatus.DISMISSED, "Dismiss: not the same thing"),
            (OverlapStatus.OPEN, "Reopen for review"),
        ],
        widget=forms.RadioSelect,
        label="Decision",
    )
    note = forms.CharField(max_length=500, required=False, label="Note", help_text="Needed when dismissing.")
