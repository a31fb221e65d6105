from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "rxanswers.api"
    label = "api"
