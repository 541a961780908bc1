from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "cbec.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
