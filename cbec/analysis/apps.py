from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "cbec.analysis"
    label = "analysis"
    verbose_name = "Coverage and gap analysis"
