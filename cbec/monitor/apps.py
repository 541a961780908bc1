from django.apps import AppConfig


class MonitorConfig(AppConfig):
    name = "cbec.monitor"
    label = "monitor"
    verbose_name = "Industry monitor"
