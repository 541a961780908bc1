from django.apps import AppConfig


class CurriculaConfig(AppConfig):
    name = "cbec.curricula"
    label = "curricula"
    verbose_name = "Curricula"
