from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.validators import MaxValueValidator

from panorama.organisations.models import Organisation

from .models import GlobalRole, MemberRole, TokenScope, User


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct email address and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Ask your Panorama administrator.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].widget = forms.EmailInput(attrs={"autocomplete": "username"})


class PanoramaPasswordChangeForm(PasswordChangeForm):
    pass


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Token name", max_length=100, help_text="For example, the system that will use it."
    )
    scope = forms.ChoiceField(
        label="What it may do",
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        widget=forms.RadioSelect,
        help_text="Read only, unless a program sends returns or changes as you.",
    )
    days = forms.IntegerField(
        label="Days until it expires",
        min_value=1,
        initial=90,
        help_text="At most 90 days (PANORAMA_TOKEN_DAYS); make a new token before then.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        longest = settings.PANORAMA_TOKEN_DAYS
        self.fields["days"].max_value = longest
        self.fields["days"].initial = longest
        self.fields["days"].validators.append(MaxValueValidator(longest))
        self.fields["days"].help_text = f"At most {longest} days; make a new token before then."


class ConfirmPasswordForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PersonCreateForm(forms.Form):
    email = forms.EmailField(label="Email address")
    full_name = forms.CharField(label="Full name", max_length=150)
    global_role = forms.ChoiceField(label="Global role", choices=GlobalRole.choices, required=False)
    password = forms.CharField(
        label="Initial password",
        widget=forms.PasswordInput(render_value=False),
        help_text="At least 12 characters, not a common password and not only numbers.",
    )


class PersonUpdateForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "global_role", "is_active"]
        labels = {"is_active": "Can sign in"}


class MembershipForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Body", queryset=Organisation.objects.filter(active=True), to_field_name="slug"
    )
    role = forms.ChoiceField(label="Role", choices=MemberRole.choices)


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The six digits your authenticator app shows now, or one of your recovery codes.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )
