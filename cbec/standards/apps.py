from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "cbec.standards"
    label = "standards"
    verbose_name = "Standards"
