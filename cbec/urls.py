from django.contrib import admin
from django.urls import include, path

from cbec.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("analysis/", include("cbec.analysis.urls")),
    path("regulatory/", include("cbec.regulatory.urls")),
    path("inbox/", include("cbec.inbox.urls")),
    path("monitor/", include("cbec.monitor.urls")),
    path("ims/case/v1p1/", include("cbec.standards.interop.case.urls")),
    path("", include("cbec.standards.urls")),
    path("", include("cbec.web.urls")),
]

handler404 = "cbec.web.views.not_found"
