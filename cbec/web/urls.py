from django.urls import path

from cbec.api import api_not_found
from cbec.web import views

app_name = "web"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("standards/", views.standards_list, name="standards"),
    path("standards/<slug:code>/", views.framework_detail, name="framework"),
    path("items/<str:identifier>/", views.item_detail, name="item"),
    path("domain-map/", views.domain_map, name="domain_map"),
    path("domain-map/<slug:code>/", views.area_detail, name="area"),
    path("search/", views.search, name="search"),
    path("regulations/", views.regulations, name="regulations"),
    path("regulations/<slug:code>/", views.regulation_detail, name="regulation"),
    path("programmes/", views.programmes, name="programmes"),
    path("api/<path:rest>", api_not_found, name="api_not_found"),
]
