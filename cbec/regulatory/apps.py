from django.apps import AppConfig


class RegulatoryConfig(AppConfig):
    name = "cbec.regulatory"
    label = "regulatory"
    verbose_name = "Regulation feed and field research"
