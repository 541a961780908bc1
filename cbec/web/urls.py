"""The shell's URLs (namespace `web:`): the dashboard, and the read pages of the standards and
curricula apps, mounted here so every app's templates link to them by one stable name."""

from django.urls import include, path

from cbec.api import api_not_found
from cbec.standards.urls import read_pages as standards_pages
from cbec.web import views

app_name = "web"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("", include(standards_pages)),  # web:standards, web:framework, web:item, web:search, …
    path("", include("cbec.curricula.urls")),  # web:programmes
    path("api/<path:rest>", api_not_found, name="api_not_found"),
]
