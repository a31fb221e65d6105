from django.apps import AppConfig


class LabelsConfig(AppConfig):
    name = "rxanswers.labels"
    label = "labels"
