from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "panorama.organisations"
    label = "organisations"
    verbose_name = "Public bodies"
