from django.urls import path

from cbec.regulatory import views

app_name = "regulatory"

urlpatterns = [
    path("notices/", views.notices, name="notices"),
    path("notices/import/", views.import_notices, name="import"),
    path("notices/<int:pk>/", views.notice_detail, name="notice"),
    path("timeline/", views.timeline, name="timeline"),
    path("visits/", views.visits, name="visits"),
    path("visits/<int:pk>/", views.visit_detail, name="visit"),
    path("visits/<int:pk>/attachment/", views.visit_attachment, name="visit_attachment"),
]
