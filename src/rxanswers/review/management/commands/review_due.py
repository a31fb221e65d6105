"""Flag published answers that are due for re-review: by age, and (as a backstop to the ingest signal) those
citing a label whose current version they were not reviewed against. Run it daily (cron / systemd timer)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from rxanswers.review.services import questions_flag_outdated_citations, questions_flag_stale


class Command(BaseCommand):
    help = "Flag published answers due for re-review (older than RXANSWERS_REVIEW_MAX_AGE_DAYS, or label changed)."

    def add_arguments(self, parser):
        parser.add_argument("--max-age-days", type=int, default=None)

    def handle(self, *args, **options):
        stale = questions_flag_stale(max_age_days=options["max_age_days"])
        outdated = questions_flag_outdated_citations()
        self.stdout.write(f"flagged {len(stale)} by age, {len(outdated)} for label changes")
