"""Footnote numbering for pages that cite: one number per distinct citation, in reading order."""

from __future__ import annotations


class Footnotes:
    def __init__(self) -> None:
        self._numbers: dict[tuple, int] = {}
        self.notes: list[dict] = []  # {"n": number, "c": citation}, what the Sources block renders

    def ref(self, citation) -> int:
        """The citation's footnote number (a new one the first time it is seen)."""
        if citation.key not in self._numbers:
            self._numbers[citation.key] = len(self._numbers) + 1
            self.notes.append({"n": self._numbers[citation.key], "c": citation})
        return self._numbers[citation.key]
