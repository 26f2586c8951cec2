from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "panorama.accounts"
    label = "accounts"
    verbose_name = "People and access"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .permissions import mark_signed_in

        def signed_in(sender, request, user, **kwargs) -> None:
            if request is not None and hasattr(request, "session"):
                mark_signed_in(request)

        user_logged_in.connect(signed_in, weak=False, dispatch_uid="panorama.accounts.signed_in_at")
