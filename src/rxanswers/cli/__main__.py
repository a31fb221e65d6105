"""``python -m rxanswers.cli SUBCOMMAND ...`` (the same as the ``rxanswers`` command)."""

from rxanswers.cli import main

raise SystemExit(main())
