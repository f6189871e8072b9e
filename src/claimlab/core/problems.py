"""A problem in the data, in words an instructor understands (file, row, column), and the error
that lists every problem found.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, in words an instructor understands."""

    file: str
    message: str
    row: int | None = None  # as a spreadsheet shows it: the header is row 1
    column: str | None = None
    row_id: str | None = None  # e.g. the claim_id of that row, when known

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
            if self.row_id:
                where += f" ({self.row_id})"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


class DataError(ValueError):
    """Raised when the data cannot be loaded; lists every problem found."""

    def __init__(self, problems: list[Problem], root: Path | None = None):
        self.problems = list(problems)
        self.root = root
        lines = [f"Claim Lab found {len(self.problems)} problem(s) in the data"
                 + (f" under {root}" if root else "") + ":"]
        lines += [f"  - {p}" for p in self.problems[:50]]
        if len(self.problems) > 50:
            lines.append(f"  ... and {len(self.problems) - 50} more")
        lines.append("Fix these in the files named (a spreadsheet or text editor is fine), then run again.")
        super().__init__("\n".join(lines))


# --------------------------------------------------------------------------- article
