from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "rxanswers.web"
    label = "web"
