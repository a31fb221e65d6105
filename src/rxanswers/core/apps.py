from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "rxanswers.core"
    label = "core"
