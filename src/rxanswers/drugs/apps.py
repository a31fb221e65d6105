from django.apps import AppConfig


class DrugsConfig(AppConfig):
    name = "rxanswers.drugs"
    label = "drugs"
