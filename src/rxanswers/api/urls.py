"""The JSON API's URL patterns (``/api/...``), loaded on first use (see ``rxanswers/urls.py``)."""

from rxanswers.api.api import api

urlpatterns, app_name, _namespace = api.urls
