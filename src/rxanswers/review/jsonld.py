"""schema.org JSON-LD for a reviewed question page."""

from __future__ import annotations

from django.urls import reverse

from rxanswers.review.selectors import PublicQuestion


def question_jsonld(page: PublicQuestion, *, url: str, site_url: str) -> dict:
    """schema.org: a page that is both a ``MedicalWebPage`` (lastReviewed, reviewedBy) and an ``FAQPage``: one
    question answered by the site's credentialed reviewer, not a user Q&A thread (``QAPage`` is for those)."""
    q = page.question
    reviewer = {"@type": "Person", "name": page.reviewer_name}
    if page.reviewer_credential:
        reviewer["honorificSuffix"] = page.reviewer_credential
    answer_text = " ".join(s["text"] for s in page.sentences)
    citations = [f["c"].get("url") for f in page.footnotes if f["c"].get("url")]
    return {
        "@context": "https://schema.org",
        "@type": ["MedicalWebPage", "FAQPage"],
        "@id": url,
        "url": url,
        "name": q.text,
        "inLanguage": "en",
        "lastReviewed": q.reviewed_at.date().isoformat() if q.reviewed_at else None,
        "reviewedBy": reviewer,
        "dateModified": (q.last_updated or q.reviewed_at).isoformat()
        if (q.last_updated or q.reviewed_at)
        else None,
        "about": [
            {"@type": "Drug", "name": d.name, "url": site_url + reverse("web:drug_detail", args=[d.slug])}
            for d in page.drugs
        ],
        "citation": [c if c.startswith("http") else site_url + c for c in citations],
        "mainEntity": [
            {
                "@type": "Question",
                "name": q.text,
                "text": q.text,
                "dateCreated": q.created_at.isoformat(),
                "acceptedAnswer": {
                    "@type": "Answer",
                    "text": answer_text,
                    "url": url + "#official-answer",
                    "dateCreated": page.revision.created_at.isoformat(),
                    "author": reviewer,
                },
            }
        ],
    }
