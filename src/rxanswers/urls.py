"""URL routes: web pages at the root, the JSON API under ``api/`` and the admin."""

from django.contrib import admin
from django.urls import URLResolver, include, path
from django.urls.resolvers import RoutePattern

from rxanswers.api import fhir


class LazyURLResolver(URLResolver):
    """A namespaced include imported when first needed: a URL under its prefix resolved, one of its names
    reversed, or the URL checks run; not when another page reverses its own URLs ({% url %} makes Django read
    every include's patterns, Django 5.2). The JSON API (django-ninja, pydantic schemas) costs ~0.3 s to import,
    which a new server process no longer spends before its first page (/ask does not use it)."""

    def _populate(self):
        if "urlconf_module" in self.__dict__:  # imported: as Django does
            super()._populate()
        # else nothing to add to the including resolver: it keeps only the namespace (and this resolver)

    @property
    def reverse_dict(self):
        self.urlconf_module  # noqa: B018 - import now: one of its names is reversed
        return super().reverse_dict

    @property
    def namespace_dict(self):
        self.urlconf_module  # noqa: B018
        return super().namespace_dict

    @property
    def app_dict(self):
        self.urlconf_module  # noqa: B018
        return super().app_dict


urlpatterns = [
    path("admin/", admin.site.urls),
    LazyURLResolver(
        RoutePattern("api/", is_endpoint=False), "rxanswers.api.urls", app_name="api", namespace="api"
    ),
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
