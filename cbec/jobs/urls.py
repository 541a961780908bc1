from django.urls import path

from cbec.jobs import views

app_name = "jobs"

urlpatterns = [
    path("health/", views.health_view, name="health"),
    path("jobs/<int:job_id>/", views.job_page, name="job"),
]
