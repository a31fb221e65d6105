from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "rxanswers.search"
    label = "search"
