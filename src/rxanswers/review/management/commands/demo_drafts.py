"""rxanswers demo-drafts: generated, UNREVIEWED draft questions for the bundled demo site.

The drafts are real generated answers (from the bundled data) authored by a system editor account that has no
password and no reviewer profile, so nothing looks reviewed until a real reviewer account approves it.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from rxanswers.review import roles
from rxanswers.review.models import Question

GENERATOR_USERNAME = "rxanswers-generator"
# The brief's example questions: the demo shows how each is answered (or declined) from the bundled data.
DEMO_QUESTIONS = [
    "How does Besponsa work to treat acute lymphoblastic leukemia?",
    "Is there a generic for Gleevec?",
    "Gleevec vs Sprycel vs Tasigna",
    "How much does Tecartus cost?",
    "What are the side effects of metformin?",
    "Can I take ibuprofen with warfarin?",
]


class Command(BaseCommand):
    help = "Create unreviewed draft question pages for the demo (skips questions that already exist)."

    def handle(self, *args, **options):
        from rxanswers.review.services import question_create_from_answer

        roles.ensure_groups()
        User = get_user_model()
        generator, created = User.objects.get_or_create(
            username=GENERATOR_USERNAME,
            defaults={"first_name": "rxanswers", "last_name": "(automatic drafts)"},
        )
        if created:
            generator.set_unusable_password()
            generator.save()
        generator.groups.add(roles.ensure_groups()["editor"])
        made = 0
        for text in DEMO_QUESTIONS:
            if Question.objects.filter(text__iexact=text).exists():
                continue
            question_create_from_answer(question_text=text, user=generator)
            made += 1
        self.stdout.write(f"demo: {made} unreviewed draft question(s) created")
