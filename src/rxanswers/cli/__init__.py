"""The ``rxanswers`` command line: a thin front over the project's Django management commands.

``rxanswers --help`` lists the subcommands; ``rxanswers SUBCOMMAND --help`` explains one.
"""

from __future__ import annotations

import os
import sys

COMMANDS: dict[str, str] = {
    "setup": "Create/upgrade the database and load the bundled dataset (skips what is already loaded).",
    "serve": "Run the web site and JSON API (serve [--host H] [--port N]).",
    "ingest": "Ingest FDA files or directories (openFDA JSON, SPL XML, Drugs@FDA, Orange Book, NDC, ...).",
    "download": "Download the official FDA bulk files (resumable, checksummed), then ingest them.",
    "index": "Build the answer indexes (label sentences and their vectors) ahead of time; setup runs it.",
    "search": "Search drug names (typos welcome) and label text: search QUERY.",
    "drug": "Print a drug's monograph with its label set id, version and effective date: drug NAME.",
    "ask": 'Answer a medication question from FDA labeling, every sentence cited: ask "QUESTION".',
    "createreviewer": "Create a medical reviewer account (name, credential).",
    "glossary-review": "List the plain-language glossary's rows, or approve them as a named reviewer.",
    "demo-drafts": "Create the unreviewed demo draft questions (setup does this once).",
    "review-due": "Flag published answers due for re-review (age, missed label changes); run daily.",
    "ingest-status": "List ingest runs and the bad records they reported.",
    "migrate": "Apply database migrations (Django's migrate).",
    "createsuperuser": "Create an admin account (Django's createsuperuser).",
}


def _usage() -> str:
    width = max(len(name) for name in COMMANDS)
    lines = [
        "usage: rxanswers SUBCOMMAND [options]",
        "",
        "rxanswers answers medication questions from FDA labeling; every sentence cites its label version.",
        "",
        "subcommands:",
    ]
    lines += [f"  {name.ljust(width)}  {text}" for name, text in COMMANDS.items()]
    lines += [
        "",
        "Database: RXANSWERS_DATABASE_URL (default sqlite:///var/rxanswers.sqlite3; postgresql://... for PostgreSQL).",
        "Run 'rxanswers SUBCOMMAND --help' for a subcommand's options.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(_usage())
        return 0
    if argv[0] in {"--version", "version"}:
        from rxanswers import __version__

        print(f"rxanswers {__version__}")
        return 0
    command = argv[0]
    if command not in COMMANDS:
        print(f"rxanswers: unknown subcommand {command!r}\n", file=sys.stderr)
        print(_usage(), file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rxanswers.settings")
    from django.core.management import execute_from_command_line

    django_command = command.replace("-", "_")
    try:
        execute_from_command_line(["rxanswers", django_command, *argv[1:]])
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
