from django.apps import AppConfig


class CollaborationConfig(AppConfig):
    name = "panorama.collaboration"
    label = "collaboration"
