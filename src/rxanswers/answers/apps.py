from django.apps import AppConfig


class AnswersConfig(AppConfig):
    name = "rxanswers.answers"
    label = "answers"
