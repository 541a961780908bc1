from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "cbec.web"
    label = "web"
    verbose_name = "Web UI"
