from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cbec.accounts"
    label = "accounts"
    verbose_name = "Accounts and audit"
