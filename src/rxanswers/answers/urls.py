from django.urls import path

from rxanswers.answers import views

app_name = "answers"

urlpatterns = [
    path("ask", views.ask, name="ask"),
    path("ask/", views.ask),
]
