from django.apps import AppConfig


class RadarConfig(AppConfig):
    name = "panorama.radar"
    label = "radar"
