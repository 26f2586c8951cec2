from django.apps import AppConfig


class LessonsConfig(AppConfig):
    name = "panorama.lessons"
    label = "lessons"
