"""sitemap.xml: published question pages and drug pages."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from rxanswers.drugs.selectors import drugs_with_facts
from rxanswers.review.selectors import sitemap_questions


class QuestionSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return sitemap_questions()

    def lastmod(self, question):
        return question.last_updated or question.updated_at

    def location(self, question):
        return question.get_absolute_url()


class DrugSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6
    limit = 10000

    def items(self):
        newest_label = Max("druglabel__label__versions__ingested_at")
        return (
            drugs_with_facts().order_by("slug").only("slug", "created_at").annotate(newest_label=newest_label)
        )

    def lastmod(self, drug):
        """When the page's facts last changed: its newest label version's ingest, else the drug's first ingest."""
        return drug.newest_label or drug.created_at

    def location(self, drug):
        return reverse("web:drug_detail", args=[drug.slug])


class PageSitemap(Sitemap):
    """The fixed pages: home, indexes, tools and the trust pages."""

    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return [
            "web:home",
            "review:questions",
            "web:conditions",
            "web:drug_index",
            "web:interactions",
            "web:compare_form",
            "web:sources",
            "review:about",
            "review:reviewers",
        ]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"questions": QuestionSitemap, "drugs": DrugSitemap, "pages": PageSitemap}
