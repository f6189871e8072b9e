"""Reading ``data/article.md``: a header block (title, provenance ...) and numbered paragraphs."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from claimlab.core.dataset.files import rel
from claimlab.core.dataset.model import Article
from claimlab.core.dataset.yamlfile import StrictLoader, yaml_problem
from claimlab.core.problems import Problem

PARAGRAPH_RE = re.compile(r"^\[(\d+)\] (.*)$")

__all__ = ["parse_article", "PARAGRAPH_RE"]


def parse_article(path: Path) -> tuple[Article | None, list[Problem]]:
    name = rel(path)
    problems: list[Problem] = []
    try:
        raw = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    except FileNotFoundError:
        return None, [Problem(name, "the file is missing")]
    except UnicodeDecodeError as exc:
        return None, [Problem(name, f"the file is not UTF-8 text ({exc.reason})")]
    meta: dict[str, Any] = {}
    body = raw
    if raw.startswith("---\n"):
        end = raw.find("\n---\n", 4)
        if end == -1:
            return None, [Problem(name, "the header block starting with '---' is never closed by a '---' line")]
        try:
            loader = StrictLoader("\n" + raw[4:end])
            try:
                meta = loader.get_single_data() or {}
            finally:
                loader.dispose()
            if loader.duplicates:
                raise loader.duplicates[0]
        except yaml.YAMLError as exc:  # (the leading newline keeps line numbers those of the file)
            problem = yaml_problem(name, exc)
            return None, [Problem(name, problem.message.replace("this is not valid YAML",
                                                                "the header block is not valid YAML"))]
        if not isinstance(meta, dict):
            return None, [Problem(name, "the header block must hold 'name: value' lines")]
        body = raw[end + 5:]
    paragraphs: dict[int, str] = {}
    for line in body.splitlines():
        if not line.strip():
            continue
        m = PARAGRAPH_RE.match(line)
        if not m:
            problems.append(Problem(name, f"this line does not start with a paragraph number like '[3] ': {line[:60]!r}"))
            continue
        number = int(m.group(1))
        if number in paragraphs:
            problems.append(Problem(name, f"paragraph [{number}] appears twice"))
        paragraphs[number] = m.group(2)
    if paragraphs and sorted(paragraphs) != list(range(1, len(paragraphs) + 1)):
        expected = next(n for n in range(1, len(paragraphs) + 2) if n not in paragraphs)
        after = max((n for n in paragraphs if n < expected), default=0)
        wrong = min((n for n in paragraphs if n > expected), default=expected)
        problems.append(Problem(name, f"paragraph numbers must run 1, 2, 3 ... with no gaps: after [{after}] "
                                      f"comes [{wrong}], where [{expected}] was expected"))
    if not paragraphs:
        problems.append(Problem(name, "no paragraphs found (each starts with its number, like '[1] ')"))
    for key in ("title", "provenance"):
        if key in meta and not str(meta.get(key) or "").strip():
            problems.append(Problem(name, f"the header block's '{key}:' entry is empty: write the {key} after it"))
        elif not meta.get(key):
            problems.append(Problem(name, f"the header block needs a '{key}:' entry"))
    return Article(meta=meta, paragraphs=paragraphs), problems


