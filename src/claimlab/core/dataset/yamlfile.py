"""Reading the YAML files of ``data/``: strictly (a key written twice is an error naming both lines) when
data is being validated, fast (libyaml) when the manifest says it was; YAML errors as plain sentences.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from claimlab.core.problems import Problem

__all__ = ["StrictLoader", "FastLoader", "yaml_problem", "read_yaml", "DuplicateKey"]


class DuplicateKey(yaml.YAMLError):
    def __init__(self, key: Any, first: int, second: int):
        super().__init__(f"duplicate key {key!r}")
        self.key, self.first, self.second = key, first, second


class StrictLoader(yaml.SafeLoader):
    """PyYAML's safe loader, except that a key written twice in one mapping is a problem (PyYAML keeps
    the last one silently, so a second question with the same id would replace the first). Duplicates
    are collected in ``duplicates`` rather than raised, so the rest of the file is still checked.
    Used whenever the data is being validated: its messages are the ones Claim Lab explains."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self.duplicates: list[DuplicateKey] = []


def _no_duplicates(loader: StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict[Any, int] = {}
    for key_node, _value in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        try:
            first = seen.get(key)
        except TypeError:  # an unhashable key: PyYAML's own error says so
            continue
        if first is not None:
            duplicates = getattr(loader, "duplicates", None)
            if duplicates is None:
                raise DuplicateKey(key, first, key_node.start_mark.line + 1)
            duplicates.append(DuplicateKey(key, first, key_node.start_mark.line + 1))
            continue
        seen[key] = key_node.start_mark.line + 1
    return loader.construct_mapping(node, deep=deep)


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)


class FastLoader(getattr(yaml, "CSafeLoader", StrictLoader)):
    """libyaml's C parser (about ten times faster) for data the manifest says was already validated with
    :class:`StrictLoader`; both read a valid file the same way."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self.duplicates: list[DuplicateKey] = []

# (words in PyYAML's message, the likely cause in plain words)
_YAML_HINTS = (
    ("mapping values are not allowed", "there is probably a colon followed by a space inside a text. Put the "
     "whole text in double quotes, like  prompt: \"Kursk: what changed?\""),
    ("found character '\\t'", "there is a tab character. Indent with spaces only, never with tabs"),
    ("that cannot start any token", "a text starts with a character YAML reserves (such as ` @ % or |). Put the "
     "whole text in double quotes"),
    ("found undefined alias", "a text starts with * (or &). Put the whole text in double quotes"),
    ("while scanning a quoted scalar", "a quote mark is opened but never closed"),
    ("could not find expected ':'", "a line is neither 'name: value' nor a list item '- ...'. Perhaps a colon "
     "is missing, or a text runs on over a new line without quotes"),
    ("expected <block end>", "this line is not indented like the lines around it. Check the spaces at the "
     "start of the line"),
    ("did not find expected key", "this line is not indented like the lines around it, or a list item '- ' "
     "stands where 'name: value' was expected"),
    ("did not find expected '-' indicator", "a list item ('- ...') is indented differently from the items "
     "above it"),
    ("expected ',' or ']'", "a list written in [square brackets] is not closed, or a text inside it needs quotes"),
    ("expected ',' or '}'", "a table written in {curly brackets} is not closed, or a text inside it needs quotes"),
)


def _open_quote(text: str, before: int) -> int | None:
    """The last line (1, 2 ...) before line ``before`` with a double quote that is never closed on it."""
    found = None
    for number, line in enumerate(text.splitlines()[:before], 1):
        body = line.split(" #")[0] if not line.lstrip().startswith("#") else ""
        if body.replace('\\"', "").count('"') % 2:
            found = number
    return found


def yaml_problem(name: str, exc: yaml.YAMLError, text: str = "") -> Problem:
    """One YAML error as a plain sentence: the line, the likely cause, then PyYAML's own words."""
    if isinstance(exc, DuplicateKey):
        return Problem(name, f"line {exc.second}: the key '{exc.key}' is written twice (first on line {exc.first}); "
                             "the second would silently replace the first. Rename or remove one of them.")
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    jargon = " ".join(str(part) for part in (getattr(exc, "context", None), getattr(exc, "problem", None))
                      if part) or str(exc).splitlines()[0]
    hint = next((words for key, words in _YAML_HINTS if key in jargon), "check the line and the one above it")
    quote = _open_quote(text, mark.line + 1) if mark is not None and text else None
    if quote is not None and "scalar" in jargon:  # a quote runs on over later lines until YAML gives up
        hint = f"the quote mark (\") opened on line {quote} is probably never closed"
    where = f"line {mark.line + 1}: " if mark is not None else ""
    return Problem(name, f"{where}this is not valid YAML: {hint}. (The YAML reader says: {jargon}.)")


def read_yaml(data_dir: Path, package: dict, fast: bool = False) -> tuple[dict[str, Any], list[Problem]]:
    problems: list[Problem] = []
    loaded: dict[str, Any] = {}
    for name, spec in package.get("claimlab", {}).get("yaml", {}).items():
        file = "data/" + spec["path"]
        loaded[name] = None
        text = ""
        try:
            text = (data_dir / spec["path"]).read_text(encoding="utf-8-sig")
            loader = (FastLoader if fast else StrictLoader)(text)
            try:
                value = loader.get_single_data()
            finally:
                loader.dispose()
            problems += [yaml_problem(file, duplicate, text) for duplicate in loader.duplicates]
        except yaml.YAMLError as exc:
            problems.append(yaml_problem(file, exc, text))
            continue
        except UnicodeDecodeError:
            problems.append(Problem(file, "the file is not UTF-8 text; save it as UTF-8"))
            continue
        except RecursionError:
            problems.append(Problem(file, "the file is nested too deeply to be read"))
            continue
        if value is None:
            problems.append(Problem(file, "the file is empty (or holds only comments); Claim Lab needs its "
                                          "contents. Restore it from the original copy."))
            continue
        if not isinstance(value, dict):
            problems.append(Problem(file, "the file must start with 'name: value' lines, not a list or a "
                                          "single text"))
            continue
        loaded[name] = value
    return loaded, problems


