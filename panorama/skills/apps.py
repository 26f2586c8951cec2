from django.apps import AppConfig


class SkillsConfig(AppConfig):
    name = "panorama.skills"
    label = "skills"
