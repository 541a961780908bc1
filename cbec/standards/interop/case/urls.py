"""URLs of the CASE 1.1 REST binding (mounted at /ims/case/v1p1/)."""

from django.urls import path

from cbec.standards.interop.case import rest

app_name = "case"

urlpatterns = [
    path("CFDocuments", rest.documents, name="documents"),
    path("CFDocuments/<str:sourced_id>", rest.document, name="document"),
    path("CFPackages/<str:sourced_id>", rest.package, name="package"),
    path("CFItems/<str:sourced_id>", rest.item, name="item"),
    path("CFItemAssociations/<str:sourced_id>", rest.item_associations, name="item_associations"),
    path("CFAssociations/<str:sourced_id>", rest.association, name="association"),
    path("CFAssociationGroupings/<str:sourced_id>", rest.groupings, name="grouping"),
    path("CFConcepts/<str:sourced_id>", rest.concepts, name="concept"),
    path("CFItemTypes/<str:sourced_id>", rest.item_types, name="item_type"),
    path("CFLicenses/<str:sourced_id>", rest.licenses, name="license"),
    path("CFRubrics/<str:sourced_id>", rest.rubrics, name="rubric"),
    path("CFSubjects/<str:sourced_id>", rest.subjects, name="subject"),
    path("<path:rest>", rest.unknown, name="unknown"),
]
