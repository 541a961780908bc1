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
    path("", include("cbec.jobs.urls")),  # /health/, /jobs/<id>/
    path("ims/case/v1p1/", include("cbec.standards.interop.case.urls")),
    path("", include("cbec.standards.urls")),
    path("", include("cbec.web.urls")),
]

# Styled error pages in the reader's language; no debug pages or URL lists for visitors.
handler400 = "cbec.web.errors.handler400"
handler403 = "cbec.web.errors.handler403"
handler404 = "cbec.web.errors.handler404"
handler500 = "cbec.web.errors.handler500"
