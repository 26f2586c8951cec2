from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "panorama.accounts"
    label = "accounts"
    verbose_name = "People and access"
