from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("password-reset/", views.password_reset, name="password-reset"),
    path("password-reset/sent/", views.password_reset_sent, name="password-reset-sent"),
    path("password-reset/<uidb64>/<token>/", views.password_reset_confirm, name="password-reset-confirm"),
    path("password-reset/done/", views.password_reset_complete, name="password-reset-complete"),
    path("sign-in/two-factor/", views.two_factor_verify, name="two-factor-verify"),
    path("account/", views.account, name="account"),
    path("account/two-factor/", views.two_factor_setup, name="two-factor-setup"),
    path("account/password/", views.password_change, name="password-change"),
    path("account/confirm/", views.confirm_password, name="confirm-password"),
    path("account/tokens/", views.token_create, name="token-create"),
    path("account/tokens/<uuid:public_id>/revoke/", views.token_revoke, name="token-revoke"),
    path("people/", views.people, name="people"),
    path("people/new/", views.person_create, name="person-create"),
    path("people/<uuid:public_id>/", views.person_detail, name="person"),
    path(
        "people/<uuid:public_id>/memberships/<uuid:membership_id>/remove/",
        views.membership_remove,
        name="membership-remove",
    ),
]
