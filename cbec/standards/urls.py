"""Pages for interchange and versions: exports, imports, new versions and the diff."""

from django.urls import path

from cbec.standards import views

app_name = "standards"

urlpatterns = [
    path("standards/import/", views.import_file, name="import"),
    path("standards/<slug:code>/interchange/", views.interchange, name="interchange"),
    path("standards/<slug:code>/versions/new/", views.create_version, name="new_version"),
    path("standards/<slug:code>/versions/publish/", views.publish, name="publish"),
    path("standards/<slug:code>/workbook/", views.workbook_into, name="workbook"),
    path("standards/<slug:code>/diff/", views.diff, name="diff"),
    path("standards/<slug:code>/diff/changelog.<str:fmt>", views.changelog, name="changelog"),
]
