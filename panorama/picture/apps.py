from django.apps import AppConfig


class PictureConfig(AppConfig):
    name = "panorama.picture"
    label = "picture"
