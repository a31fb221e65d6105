"""Trust pages: the reviewers (name, credential, bio, answers approved), how answers are made and reviewed, and
the links to them from every page and from a reviewed answer."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_reviewers_page_names_each_reviewer_with_credential_bio_and_count(client, publish, reviewer):
    reviewer.reviewer.bio = "Hospital pharmacist; <b>oncology</b> and anticoagulation."
    reviewer.reviewer.save()
    question = publish("What are the side effects of metformin?")
    html = client.get("/reviewers/").content.decode()
    assert f'id="reviewer-{reviewer.reviewer.pk}"' in html
    assert f"{reviewer.reviewer.display_name}, {reviewer.reviewer.credential}" in html
    assert "Hospital pharmacist; &lt;b&gt;oncology&lt;/b&gt;" in html  # escaped
    assert "1 published answer" in html

    page = client.get(f"/questions/{question.slug}/").content.decode()
    assert f'href="/reviewers/#reviewer-{reviewer.reviewer.pk}"' in page


def test_about_page_explains_sources_generation_review_and_policy(client):
    html = client.get("/about/").content.decode()
    for words in (
        "Where the facts come from",
        "How a generated answer is made",
        "medically reviewed",
        "Editorial policy",
        "re-review",
    ):
        assert words in html
    home = client.get("/").content.decode()
    assert 'href="/about/"' in home and 'href="/reviewers/"' in home
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/about/</loc>" in sitemap and "/reviewers/</loc>" in sitemap


def test_every_drug_page_in_the_sitemap_has_a_lastmod(client):
    import re

    xml = client.get("/sitemap.xml").content.decode()
    drug_urls = re.findall(r"<url><loc>[^<]*/drugs/[^<]+</loc>(.*?)</url>", xml, re.S)
    assert drug_urls and all("<lastmod>" in rest for rest in drug_urls)
