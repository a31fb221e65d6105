"""Server-rendered pages."""

from django.urls import path

from rxanswers.web import ask, compare, conditions, interactions, views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("drugs/", views.drug_index, name="drug_index"),
    path("drugs/<str:slug>/", views.drug_detail, name="drug_detail"),
    path("drugs/<str:slug>/label-history/", views.drug_label_history, name="drug_label_history"),
    path("labels/<str:set_id>/", views.label_detail, name="label_detail"),
    path("labels/<str:set_id>/v/<int:version_pk>/", views.label_version, name="label_version"),
    path("ask", ask.ask, name="ask"),
    path("ask/", ask.ask),
    path("interactions/", interactions.interactions, name="interactions"),
    path("compare/", compare.compare_form, name="compare_form"),
    path("conditions/", conditions.condition_list, name="conditions"),
    path("conditions/<slug:slug>/", conditions.condition_page, name="condition"),
    path("compare/<str:spec>/", compare.compare_page, name="compare"),
    path("search", views.search, name="search"),
    path("search/", views.search),
    path("sources/", views.sources, name="sources"),
]
