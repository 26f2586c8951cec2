from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from panorama.core import audit
from panorama.core.forms import errors_onto
from panorama.core.pagination import paginate

from . import selectors, services
from .forms import (
    MembershipForm,
    PanoramaPasswordChangeForm,
    PersonCreateForm,
    PersonUpdateForm,
    SignInForm,
    TokenForm,
)
from .permissions import require

sign_in = require("core.public")(
    auth_views.LoginView.as_view(
        template_name="accounts/sign_in.html",
        authentication_form=SignInForm,
        redirect_authenticated_user=True,
    )
)
sign_out = require("core.public")(auth_views.LogoutView.as_view())


@require("core.signed_in")
def account(request: HttpRequest) -> HttpResponse:
    person = request.user
    form = TokenForm()
    new_token = request.session.pop("new_token", None)
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
    )


@require_POST
@require("core.signed_in")
def token_create(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if form.is_valid():
        token, raw = services.token_create(person=request.user, name=form.cleaned_data["name"])
        # Shown once, on the next page, then gone: only the hash is kept.
        request.session["new_token"] = raw
        messages.success(
            request, f"Created the token “{token.name}”. Copy it now: it will not be shown again."
        )
        return redirect("accounts:account")
    return render(
        request,
        "accounts/account.html",
        {
            "person": request.user,
            "memberships": request.user.memberships.select_related("organisation"),
            "tokens": request.user.api_tokens.all(),
            "form": form,
        },
        status=400,
    )


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
        audit.record(
            actor=user,
            action="accounts.user.password_changed",
            obj=user,
            before={},
            after={"password": "changed"},
        )
        messages.success(request, "Your password has been changed.")
        return redirect("accounts:account")
    return render(request, "accounts/password_change.html", {"form": form})


@require("accounts.manage_people")
def people(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    return render(
        request,
        "accounts/people.html",
        {"page": paginate(request, selectors.people_list(query=query)), "q": query},
    )


@require("accounts.manage_people")
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
def membership_remove(request: HttpRequest, public_id: str, membership_id: str) -> HttpResponse:
    person = selectors.person_get(public_id=public_id)
    membership = selectors.membership_for_person(person=person, public_id=membership_id)
    services.membership_remove(actor=request.user, membership=membership)
    messages.success(request, f"Removed {person.email} from {membership.organisation.name}.")
    return redirect("accounts:person", public_id=person.public_id)
