"""The standards' pages.

`urlpatterns` (namespace `standards:`): interchange and versions — exports, imports, new
versions and the diff. `read_pages`: the read pages (`pages.py`), which the shell mounts under its
own namespace (`web:standards`, `web:framework`, `web:item`, `web:domain_map`, `web:area`,
`web:search`, `web:regulations`, `web:regulation`) so links across apps keep one name each.
"""

from django.urls import URLPattern, path

from cbec.standards import pages, views

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

read_pages: list[URLPattern] = [
    path("standards/", pages.standards_list, name="standards"),
    path("standards/<slug:code>/", pages.framework_detail, name="framework"),
    path("items/<str:identifier>/", pages.item_detail, name="item"),
    path("domain-map/", pages.domain_map, name="domain_map"),
    path("domain-map/<slug:code>/", pages.area_detail, name="area"),
    path("search/", pages.search, name="search"),
    path("regulations/", pages.regulations, name="regulations"),
    path("regulations/<slug:code>/", pages.regulation_detail, name="regulation"),
]
