from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "panorama.site"
    label = "site"
    verbose_name = "Site pages and audit trail"
