"""URL routes: web pages at the root, the JSON API under ``api/`` and the admin."""

from django.contrib import admin
from django.urls import include, path

from rxanswers.api import fhir
from rxanswers.api.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path(
        "fhir/MedicationKnowledge", fhir.medication_knowledge_search, name="fhir_medication_knowledge_search"
    ),
    path(
        "fhir/MedicationKnowledge/<str:resource_id>",
        fhir.medication_knowledge_read,
        name="fhir_medication_knowledge",
    ),
    path("", include("rxanswers.review.urls")),
    path("", include("rxanswers.web.urls")),
]

handler404 = "rxanswers.web.views.page_not_found"
