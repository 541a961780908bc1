from django.contrib import admin
from django.urls import include, path

from cbec.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("analysis/", include("cbec.analysis.urls")),
    path("", include("cbec.web.urls")),
]

handler404 = "cbec.web.views.not_found"
