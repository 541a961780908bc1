from django.apps import AppConfig


class RevisionsConfig(AppConfig):
    name = "cbec.revisions"
    label = "revisions"
    verbose_name = "Revisions"
