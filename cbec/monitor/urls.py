from django.urls import path

from cbec.monitor import views

app_name = "monitor"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("detect/", views.detect_now, name="detect"),
    path("import/", views.import_page, name="import"),
    path("imports/<int:run_id>/", views.run_page, name="run"),
    path("lexicon/", views.lexicon_page, name="lexicon"),
    path("lexicon/edit/", views.lexicon_edit, name="lexicon_edit"),
    path("postings/<str:posting_id>/", views.posting_page, name="posting"),
]
