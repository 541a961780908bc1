from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "cbec.inbox"
    label = "inbox"
    verbose_name = "Signal inbox"
