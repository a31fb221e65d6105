from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "rxanswers.review"
    label = "review"
