"""Progress bars for the long commands (``setup``, ``ingest``, ``download``): percentage, rate and time left.

Drawn by tqdm (https://tqdm.github.io/): pure Python, no dependencies of its own, maintained for over a decade and
used by pip-installed tools everywhere, so a terminal user sees the bar they know. It works out the percentage,
rate and ETA from a total and redraws at most a few times a second, which we would otherwise write ourselves.

Bars go to stderr, never stdout (stdout carries the results, which scripts read), and only to an interactive
terminal: piped output, logs, CI and tests stay clean. ``--quiet`` on a command, or ``RXANSWERS_PROGRESS=0``,
turns them off on a terminal too; ``RXANSWERS_PROGRESS=1`` turns them on anywhere (to watch a log file).
"""

from __future__ import annotations

import os
import sys
from typing import IO

from tqdm import tqdm

ENV = "RXANSWERS_PROGRESS"
_OFF = {"0", "false", "no", "off"}
_ON = {"1", "true", "yes", "on"}


def progress_wanted(stream: IO[str] | None = None, *, quiet: bool = False) -> bool:
    """Whether to draw bars on ``stream`` (stderr by default): never when ``quiet``; else as ``RXANSWERS_PROGRESS``
    says; else only when the stream is a terminal."""
    if quiet:
        return False
    setting = os.environ.get(ENV, "").strip().lower()
    if setting in _OFF:
        return False
    if setting in _ON:
        return True
    stream = sys.stderr if stream is None else stream
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def progress_bar(
    *,
    desc: str,
    total: float | None = None,
    unit: str = "it",
    unit_scale: bool = False,
    initial: float = 0,
    leave: bool = True,
    position: int | None = None,
    quiet: bool = False,
    file: IO[str] | None = None,
) -> tqdm:
    """A tqdm bar on ``file`` (stderr), or a disabled one (every call a no-op) when bars are not wanted. With a
    ``total`` it shows a percentage and an ETA; without one, a count and a rate."""
    stream = sys.stderr if file is None else file
    return tqdm(
        desc=desc,
        total=total,
        unit=unit,
        unit_scale=unit_scale,
        unit_divisor=1024 if unit == "B" else 1000,
        initial=initial,
        leave=leave,
        position=position,
        file=stream,
        disable=not progress_wanted(stream, quiet=quiet),
        dynamic_ncols=True,
        mininterval=0.2,
    )


def add_quiet_option(parser) -> None:
    """The ``--quiet`` option of the commands that draw bars."""
    parser.add_argument(
        "--quiet", action="store_true", help=f"no progress bars (also {ENV}=0; off when not a terminal)"
    )


def write_line(stream, text: str) -> None:
    """Write one line of results to ``stream`` (a command's stdout) without breaking a bar drawn on the terminal."""
    with tqdm.external_write_mode(file=sys.stderr):
        stream.write(text)


class DownloadBars:
    """A ``progress(name, done_bytes, total_bytes_or_None)`` callback (``sources.download``) drawing one bar per
    file, in bytes, with percentage and ETA when the server gives the size."""

    def __init__(self, *, quiet: bool = False, file: IO[str] | None = None) -> None:
        self.quiet, self.file = quiet, file
        self.name: str | None = None
        self.bar: tqdm | None = None

    def __call__(self, name: str, done: int, total: int | None) -> None:
        if name != self.name or self.bar is None:
            self.close()
            self.name = name
            self.bar = progress_bar(
                desc=name,
                total=total,
                unit="B",
                unit_scale=True,
                initial=done,
                quiet=self.quiet,
                file=self.file,
            )
            return
        if total is not None and self.bar.total != total:
            self.bar.total = total
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        self.bar = None
