"""rxanswers createreviewer: add a medical reviewer (or an editor / admin) account."""

from __future__ import annotations

import getpass
import os
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from rxanswers.review.services import account_create


class Command(BaseCommand):
    help = (
        "Create a medical reviewer account: username, display name and credential (PharmD, RPh, BPharm, MD...), "
        "shown to readers as 'Medically reviewed by NAME, CREDENTIAL'. --role editor|admin creates other roles. "
        "The password is asked for, read from stdin (--password-stdin) or from RXANSWERS_REVIEWER_PASSWORD."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--name", default="", help="display name, e.g. 'Jane Doe' (required for reviewers)"
        )
        parser.add_argument(
            "--credential", default="", help="e.g. PharmD, RPh, BPharm, MD (required for reviewers)"
        )
        parser.add_argument("--email", default="")
        parser.add_argument("--role", choices=["reviewer", "editor", "admin"], default="reviewer")
        parser.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
        parser.add_argument(
            "--no-password", action="store_true", help="create the account without a usable password"
        )

    def handle(self, *args, **options):
        password = None
        if not options["no_password"]:
            password = os.environ.get("RXANSWERS_REVIEWER_PASSWORD")
            if options["password_stdin"]:
                password = sys.stdin.readline().rstrip("\n")
            elif password is None:
                if not sys.stdin.isatty():
                    raise CommandError(
                        "no terminal: use --password-stdin, RXANSWERS_REVIEWER_PASSWORD or --no-password"
                    )
                password = getpass.getpass("Password: ")
                if password != getpass.getpass("Password (again): "):
                    raise CommandError("the passwords do not match")
        try:
            user = account_create(
                username=options["username"],
                role=options["role"],
                display_name=options["name"],
                credential=options["credential"],
                email=options["email"],
                password=password,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        signature = f" ({user.reviewer.signature})" if options["role"] == "reviewer" else ""
        self.stdout.write(f"created {options['role']} account {user.username}{signature}")
