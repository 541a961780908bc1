from django.urls import path

from cbec.analysis import views

app_name = "analysis"

urlpatterns = [
    path("", views.coverage_page, name="coverage"),
    path("cell/<slug:code>/<slug:area>/", views.cell_page, name="cell"),
    path("features/", views.features_page, name="features"),
    path("gaps/<slug:code>/", views.gaps_page, name="gaps"),
    path("paper/", views.paper_page, name="paper"),
    path("compare/", views.compare_page, name="compare"),
    path("crosswalks/<slug:code>/", views.workbench, name="workbench"),
    path("crosswalks/<slug:code>/suggest/", views.suggest, name="suggest"),
    path("crosswalks/<slug:code>/bulk/", views.bulk, name="bulk"),
    path("crosswalk-rows/<int:row_id>/review/", views.review, name="review"),
]
