"""rxanswers setup: migrate, load the bundled dataset (idempotent; skips files already loaded), write the package's
bytecode.

On a terminal a progress bar (stderr) shows the share of the bundled data loaded and the time left; ``--quiet`` or
``RXANSWERS_PROGRESS=0`` turns it off (``core/progress.py``). A file that cannot be read stops the load with one
line saying which and why (exit status 1); what was loaded before it stays, and running setup again continues.
"""

import compileall
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from rxanswers.core.progress import add_quiet_option, progress_wanted, write_line
from rxanswers.pipeline import FILE_ERRORS, load_bundled


def skipped_note(summaries) -> list[str]:
    """The closing lines explaining the records setup skipped (empty when none was): how many, from which files,
    why (the readers' own reasons), and that this is expected."""
    skipped = [s for s in summaries if s.error_count and not s.skipped_already_done]
    if not skipped:
        return []
    total = sum(s.error_count for s in skipped)
    read = sum(s.read for s in summaries if not s.skipped_already_done)
    lines = [
        f"{total} of the {read} bundled records were skipped, as expected: some third-party label extractions hold "
        "entries that are not usable labels. Everything else is loaded; nothing needs fixing. Why, per file:"
    ]
    for s in skipped:
        example = f", e.g. {s.errors[0].reason}" if s.errors else ""
        lines.append(
            f"  {s.reader}: {s.error_count} skipped{example} (all of them: rxanswers ingest-status --run {s.run_id})"
        )
    return lines


def compile_bytecode(package_dir: Path | None = None) -> bool:
    """Write the package's bytecode (``__pycache__/*.pyc``) ahead of time; False when it could not be written.

    Where PYTHONDONTWRITEBYTECODE is set (CI images, containers) Python never caches what it compiles, and every
    process compiled the ~150 modules of an editable install from source again: ~0.2 s of each start, a fifth of
    the server's time to its first answer. Imports read the files whatever that variable says; a module edited
    later is compiled again from its source (the files are checked against the source's modification time)."""
    if package_dir is None:
        import rxanswers

        package_dir = Path(rxanswers.__file__).parent
    return bool(compileall.compile_dir(package_dir, quiet=1))


class Command(BaseCommand):
    help = "Create or upgrade the database and load the bundled FDA dataset (skips what is already loaded)."

    def add_arguments(self, parser):
        parser.add_argument("--no-data", action="store_true", help="only apply migrations")
        parser.add_argument("--only", nargs="*", help="load only these datasets (reader or source keys)")
        parser.add_argument("--no-demo", action="store_true", help="skip the unreviewed demo draft questions")
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="skip building the answer indexes and drug leaflets (questions and pages build them)",
        )
        add_quiet_option(parser)

    def handle(self, *args, **options):
        quiet = options["quiet"]
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("database: migrations applied")
        if not compile_bytecode():
            self.stdout.write("bytecode: could not be written (each process compiles the modules it imports)")
        if options["no_data"]:
            return
        try:
            summaries = load_bundled(
                only=set(options["only"] or []) or None,
                progress=not quiet,
                report=lambda summary: write_line(self.stdout, summary.line(bad="skipped")),
            )
        except FILE_ERRORS as exc:
            raise CommandError(
                f"{exc} (the files before it are loaded; run setup again once it is fixed)"
            ) from exc
        for line in skipped_note(summaries):
            self.stdout.write(line)
        if not options["only"] and not options["no_demo"]:
            call_command("demo_drafts", stdout=self.stdout)
        if not options["no_index"]:
            from rxanswers.answers.services import build_answer_indexes, leaflets_compose

            self.stdout.write(build_answer_indexes(progress=progress_wanted(quiet=quiet)).line())
            write_line(self.stdout, leaflets_compose(progress=not quiet).line())
