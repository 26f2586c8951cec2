from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from panorama.core import audit
from panorama.core.forms import errors_onto
from panorama.core.pagination import paginate

from . import selectors, services, throttle, two_factor
from .forms import (
    ConfirmPasswordForm,
    MembershipForm,
    PanoramaPasswordChangeForm,
    PersonCreateForm,
    PersonUpdateForm,
    SignInForm,
    TokenForm,
    TwoFactorCodeForm,
)
from .permissions import mark_signed_in, recently_signed_in, require, require_recent_sign_in

_login_view = auth_views.LoginView.as_view(
    template_name="accounts/sign_in.html",
    authentication_form=SignInForm,
    redirect_authenticated_user=True,
)


@require("core.public")
def sign_in(request: HttpRequest) -> HttpResponse:
    # An address guessing at many emails is refused before a password is hashed (throttle.py).
    if request.method == "POST" and throttle.address_throttled(request):
        return render(
            request,
            "accounts/locked_out.html",
            {"address": True, "minutes": settings.PANORAMA_LOCKOUT_MINUTES},
            status=429,
        )
    return _login_view(request)


sign_out = require("core.public")(auth_views.LogoutView.as_view())


def _account_page(request: HttpRequest, form: TokenForm, *, new_token: str = "", status: int = 200):
    person = request.user
    return render(
        request,
        "accounts/account.html",
        {
            "person": person,
            "memberships": person.memberships.select_related("organisation"),
            "tokens": person.api_tokens.all(),
            "form": form,
            "new_token": new_token,
        },
        status=status,
    )


@require("core.signed_in")
def account(request: HttpRequest) -> HttpResponse:
    return _account_page(request, TokenForm())


@require_POST
@require("core.signed_in")
@require_recent_sign_in(back="accounts:account")
def token_create(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _account_page(request, form, status=400)
    try:
        token, raw = services.token_create(person=request.user, **form.cleaned_data)
    except ValidationError as exc:
        errors_onto(form, exc)
        return _account_page(request, form, status=400)
    # The raw token is in this answer only: never in the session table, a message or a log.
    # (Reloading the page does not show it again, which is the point.)
    return _account_page(request, TokenForm(), new_token=raw)


@require("core.signed_in")
def confirm_password(request: HttpRequest) -> HttpResponse:
    then = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(then, allowed_hosts={request.get_host()}):
        then = ""
    form = ConfirmPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Through authenticate(), so that guessing here counts toward the lock-out like signing in.
        person = authenticate(request, username=request.user.email, password=form.cleaned_data["password"])
        if person is not None and person.pk == request.user.pk:
            mark_signed_in(request)
            return redirect(then or "accounts:account")
        form.add_error("password", "That is not your password.")
    return render(request, "accounts/confirm_password.html", {"form": form, "next": then})


@require_POST
@require("core.signed_in")
def token_revoke(request: HttpRequest, public_id: str) -> HttpResponse:
    token = selectors.token_for_person(person=request.user, public_id=public_id)
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, f"Revoked the token “{token.name}”.")
    return redirect("accounts:account")


@require("core.signed_in")
def password_change(request: HttpRequest) -> HttpResponse:
    form = PanoramaPasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        revoked = services.user_password_changed(actor=user, user=user)
        messages.success(
            request,
            "Your password has been changed."
            + (f" Your API tokens ({revoked}) were revoked with the old password." if revoked else ""),
        )
        return redirect("accounts:account")
    return render(request, "accounts/password_change.html", {"form": form})


@require("accounts.manage_people")
@require_recent_sign_in()
def people(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    return render(
        request,
        "accounts/people.html",
        {"page": paginate(request, selectors.people_list(query=query)), "q": query},
    )


@require("accounts.manage_people")
@require_recent_sign_in()
def person_create(request: HttpRequest) -> HttpResponse:
    form = PersonCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.user_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"Added {person.email}.")
            return redirect("accounts:person", public_id=person.public_id)
    return render(request, "accounts/person_create.html", {"form": form})


@require("accounts.manage_people")
@require_recent_sign_in()
def person_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    person = selectors.person_get(public_id=public_id)
    form = PersonUpdateForm(request.POST if request.POST.get("form") == "person" else None, instance=person)
    membership_form = MembershipForm(request.POST if request.POST.get("form") == "membership" else None)
    if request.method == "POST":
        if form.is_bound and form.is_valid():
            services.user_update(
                actor=request.user, user=selectors.person_get(public_id=public_id), **form.cleaned_data
            )
            messages.success(request, f"Saved {person.email}.")
            return redirect("accounts:person", public_id=person.public_id)
        if membership_form.is_bound and membership_form.is_valid():
            services.membership_set(actor=request.user, person=person, **membership_form.cleaned_data)
            messages.success(request, "Saved the membership.")
            return redirect("accounts:person", public_id=person.public_id)
    return render(
        request,
        "accounts/person_detail.html",
        {
            "person": person,
            "form": form,
            "membership_form": membership_form,
            "memberships": person.memberships.select_related("organisation"),
            "history": audit.history(person)[:50],
        },
    )


@require_POST
@require("accounts.manage_people")
@require_recent_sign_in(back="accounts:people")
def membership_remove(request: HttpRequest, public_id: str, membership_id: str) -> HttpResponse:
    person = selectors.person_get(public_id=public_id)
    membership = selectors.membership_for_person(person=person, public_id=membership_id)
    services.membership_remove(actor=request.user, membership=membership)
    messages.success(request, f"Removed {person.email} from {membership.organisation.name}.")
    return redirect("accounts:person", public_id=person.public_id)


class _PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_password_reset(user=form.user)
        return response


# Self-service password reset by email, with Django's own views: the link is signed with the
# password's hash, so it works once and dies with any change of password.
password_reset = require("core.public")(
    auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset.html",
        email_template_name="accounts/password_reset_email.txt",
        subject_template_name="accounts/password_reset_subject.txt",
        success_url=reverse_lazy("accounts:password-reset-sent"),
    )
)
password_reset_sent = require("core.public")(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_sent.html")
)
password_reset_confirm = require("core.public")(
    _PasswordResetConfirm.as_view(success_url=reverse_lazy("accounts:password-reset-complete"))
)
password_reset_complete = require("core.public")(
    auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html")
)


TWO_FACTOR_TRIES = 5
SESSION_FAILURES = "two_factor_failures"


def _next_url(request: HttpRequest) -> str:
    then = request.POST.get("next") or request.GET.get("next") or ""
    return then if url_has_allowed_host_and_scheme(then, allowed_hosts={request.get_host()}) else ""


@require("core.signed_in")
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    person = request.user
    asked = "code" in request.POST
    if two_factor.two_factor_enabled(person=person):
        if not asked and "again" not in request.POST:
            return render(
                request,
                "accounts/two_factor_on.html",
                {"codes_left": two_factor.recovery_codes_left(person=person)},
            )
        # Replacing the key is what a stolen session would do to keep the account: ask the password.
        if not recently_signed_in(request):
            return redirect(
                f"{reverse('accounts:confirm-password')}?next={reverse('accounts:two-factor-setup')}"
            )
    # The secret waits in the session until the app shows a right code; only then is it kept.
    secret = request.session.get(two_factor.SESSION_PENDING_SECRET) or two_factor.secret_new()
    request.session[two_factor.SESSION_PENDING_SECRET] = secret
    form = TwoFactorCodeForm(request.POST if asked else None)
    if asked and form.is_valid():
        try:
            codes = two_factor.two_factor_enable(person=person, secret=secret, code=form.cleaned_data["code"])
        except ValidationError as error:
            errors_onto(form, error)
        else:
            two_factor.session_mark_verified(request)
            return render(
                request, "accounts/two_factor_codes.html", {"codes": codes, "next": _next_url(request)}
            )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "uri": two_factor.provisioning_uri(person=person, secret=secret),
            "required": two_factor.two_factor_required(person=person),
            "next": _next_url(request),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require("core.signed_in")
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    person = request.user
    then = _next_url(request)
    if not two_factor.two_factor_enabled(person=person) or two_factor.session_verified(request):
        return redirect(then or "/")
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and two_factor.two_factor_locked(person=person):
        form.add_error(
            "code",
            f"Too many wrong codes for your account: try again in {settings.PANORAMA_LOCKOUT_MINUTES} minutes.",
        )
        return render(request, "accounts/two_factor_verify.html", {"form": form, "next": then}, status=429)
    if request.method == "POST" and form.is_valid():
        if two_factor.two_factor_check(person=person, code=form.cleaned_data["code"]):
            request.session.pop(SESSION_FAILURES, None)
            two_factor.session_mark_verified(request)
            return redirect(then or "/")
        failures = request.session.get(SESSION_FAILURES, 0) + 1
        if failures >= TWO_FACTOR_TRIES:
            # Guessing codes costs a password each five tries: the sign-in's lock-out counts those.
            logout(request)
            messages.error(request, "Too many wrong codes: sign in again.")
            return redirect("accounts:sign-in")
        request.session[SESSION_FAILURES] = failures
        form.add_error("code", "That code is not right, or was used already.")
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": then},
        status=400 if form.is_bound and form.errors else 200,
    )
