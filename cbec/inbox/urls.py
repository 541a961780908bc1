from django.urls import path

from cbec.inbox import views

app_name = "inbox"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.signal_detail, name="signal"),
    path("<int:pk>/triage/", views.triage, name="triage"),
]
