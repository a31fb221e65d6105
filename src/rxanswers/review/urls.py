"""Question pages, the review workflow, login/logout and the sitemap."""

from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.decorators.cache import cache_page

from rxanswers.review import index_views, price_views, trust_views, views
from rxanswers.review.sitemaps import SITEMAPS

app_name = "review"

urlpatterns = [
    path("questions/", index_views.questions_index, name="questions"),
    path("questions/<slug:slug>/", views.question_page, name="question"),
    path("reviewers/", trust_views.reviewers, name="reviewers"),
    path("about/", trust_views.about, name="about"),
    path("review/", views.queue, name="queue"),
    path("review/new/", views.new_question, name="new"),
    path("review/questions/<slug:slug>/", views.workflow, name="workflow"),
    path("review/questions/<slug:slug>/<str:name>/", views.action, name="action"),
    path("review/prices/", price_views.prices, name="prices"),
    path("review/prices/new/", price_views.price_new, name="price_new"),
    path("review/prices/<int:pk>/<str:name>/", price_views.price_action, name="price_action"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            template_name="review/login.html", redirect_authenticated_user=True, next_page="review:queue"
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(next_page="web:home"), name="logout"),
    path(
        "sitemap.xml",
        cache_page(600)(sitemap),  # ~700 KB to build: kept 10 minutes (docs/security.md)
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
]
