"""The curricula pages, mounted by the shell (`cbec/web/urls.py`) under its namespace:
`web:programmes`."""

from django.urls import path

from cbec.curricula import views

urlpatterns = [
    path("programmes/", views.programmes, name="programmes"),
]
