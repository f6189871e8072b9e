"""Check a learner's exercise answer and explain what is right, what is missing and why.

The answer keys live in ``data/exercises.yaml``; nothing here holds an answer. ``check`` never raises:
any answer, of any type or size, gets a plain-English message.
"""
from __future__ import annotations

import datetime as _dt
import decimal
import math
import numbers
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from claimlab.core import bank, rubric, store, text, units
from claimlab.core.dataset import Dataset, load
from claimlab.core.problems import DataError
from claimlab.core.text import escape

STATUSES = ("correct", "partial", "incorrect", "unanswered", "invalid", "unknown_question", "not_checked")
ANSWERED = ("correct", "partial", "incorrect")
EXERCISES_FILE = "data/exercises.yaml"
DEFAULT_MAX_CHARS = 2000
ECHO_CHARS = 60

_STATUS_COLOURS = {  # JupyterLab theme variables, with plain fallbacks
    "correct": "var(--jp-success-color1,#2e7d32)",
    "partial": "var(--jp-warn-color1,#b26a00)",
    "incorrect": "var(--jp-error-color1,#c62828)",
    "hint": "var(--jp-info-color1,#0277bd)",
    "question": "var(--jp-brand-color1,#1976d2)",
}


# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class Feedback:
    """What a learner sees after checking an answer: a headline and a few plain lines."""

    question_id: str
    status: str
    headline: str
    lines: tuple[str, ...] = ()
    compare: tuple[tuple[str, str], ...] = ()  # side-by-side texts: ((title, text), (title, text))

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    @property
    def text(self) -> str:
        """The feedback as plain text (what ``print`` and ``repr`` show)."""
        out = [f"{self.question_id}: {self.headline}".strip()]
        out += [f"{title}: {body}" for title, body in self.compare]
        for line in self.lines:
            head, *subs = line.split("\n")
            out += [f"- {head}", *(f"    - {sub}" for sub in subs)]
        return "\n".join(out)

    def __repr__(self) -> str:
        return self.text

    __str__ = __repr__

    def _repr_markdown_(self) -> str:
        out = [f"**{_md_escape(self.question_id)}: {_md_escape(self.headline)}**", ""]
        for line in self.lines:
            head, *subs = line.split("\n")
            out += [f"- {_md_escape(head)}", *(f"    - {_md_escape(sub)}" for sub in subs)]
        return "\n".join(out) + "\n"

    def _repr_html_(self) -> str:
        colour = _STATUS_COLOURS.get(self.status, "var(--jp-border-color1,#999)")
        items = ""
        for line in self.lines:
            head, *subs = line.split("\n")
            sub_list = "".join(f"<li>{escape(sub)}</li>" for sub in subs)
            items += f"<li>{escape(head)}" + (f"<ul>{sub_list}</ul>" if sub_list else "") + "</li>"
        body = f'<ul style="margin:0.3em 0 0 0;padding-left:1.3em">{items}</ul>' if items else ""
        if self.compare:
            cell = "border:1px solid var(--jp-border-color2,#ccc);padding:4px 8px;vertical-align:top;width:50%"
            heads = "".join(f'<th scope="col" style="{cell}">{escape(t)}</th>' for t, _ in self.compare)
            texts = "".join(f'<td style="{cell};white-space:pre-wrap">{escape(x)}</td>' for _, x in self.compare)
            body = (f'<table style="border-collapse:collapse;margin:0.4em 0;width:100%"><thead><tr>{heads}</tr>'
                    f'</thead><tbody><tr>{texts}</tr></tbody></table>') + body
        # the headline alone: the question is shown just above (its id stays in the text form and in
        # data-question, for code and tests); "bank.b03.who: Not quite." read like an error code
        return (f'<div class="claimlab-feedback claimlab-{escape(self.status)}" role="status" '
                f'data-question="{escape(self.question_id)}" '
                f'style="border-left:4px solid {colour};padding:0.3em 0.8em;margin:0.3em 0;max-width:46em;'
                f'color:var(--jp-content-font-color1,inherit)">'
                f'<strong>{escape(self.headline)}</strong>{body}</div>')


@dataclass(frozen=True)
class Progress:
    """Which exercise questions have been checked, and how they went (from the answers file)."""

    rows: tuple[tuple[str, str, str], ...]  # (question id, prompt, status)
    title: str = "Exercise progress"
    notes: tuple[str, ...] = field(default=())

    def counts(self) -> dict[str, int]:
        return {status: sum(row[2] == status for row in self.rows) for status in (*STATUSES, "not checked yet")}

    def _summary(self) -> str:
        counts = self.counts()
        checked = sum(counts[s] for s in ANSWERED)
        return (f"{checked} of {len(self.rows)} questions checked: {counts['correct']} right, "
                f"{counts['partial']} partly right, {counts['incorrect']} not quite.")

    def __repr__(self) -> str:
        lines = [f"{self.title}: {self._summary()}"]
        lines += [f"- {qid}: {STATUS_WORDS.get(status, status)}. {prompt}" for qid, prompt, status in self.rows]
        lines += list(self.notes)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        cell = "border:1px solid var(--jp-border-color2,#ccc);padding:3px 8px;text-align:left;vertical-align:top"
        rows = "".join(f'<tr><td style="{cell}">{escape(q)}</td><td style="{cell}">'
                       f'{escape(STATUS_WORDS.get(s, s))}</td><td style="{cell}">{escape(p)}</td></tr>'
                       for q, p, s in self.rows)
        notes = "".join(f"<p>{escape(n)}</p>" for n in self.notes)
        return (f'<div style="max-width:46em"><p><strong>{escape(self.title)}</strong>: '
                f'{escape(self._summary())}</p><table style="border-collapse:collapse">'
                f'<thead><tr><th scope="col" style="{cell}">Question</th><th scope="col" style="{cell}">Status</th>'
                f'<th scope="col" style="{cell}">Prompt</th></tr></thead><tbody>{rows}</tbody></table>{notes}</div>')


STATUS_WORDS = {"correct": "right", "partial": "partly right", "incorrect": "not quite",
                "unanswered": "not answered yet", "invalid": "could not be read",
                "unknown_question": "unknown question", "not_checked": "could not be checked",
                "not checked yet": "not checked yet"}


class KeyProblem(Exception):
    """The answer key in data/exercises.yaml cannot be used for this question."""


# --------------------------------------------------------------------------- small helpers
def _md_escape(value: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", value)


def _describe(value: Any) -> str:
    """A short, safe description of a learner's value, for messages."""
    try:
        shown = repr(value)
    except Exception:
        return "the value you gave"
    return shown if len(shown) <= ECHO_CHARS else shown[:ECHO_CHARS - 3] + "..."


_KIND_WORDS = {"int": "a whole number", "float": "a decimal number", "bool": "True or False", "str": "text",
               "list": "a list", "tuple": "a tuple", "set": "a set", "frozenset": "a set", "dict": "a dict",
               "bytes": "bytes", "complex": "a complex number", "NoneType": "None"}


def _kind(value: Any) -> str:
    """What sort of value this is, in words: 'a list', 'a whole number', 'an object of type Foo'."""
    try:
        name = type(value).__name__
    except Exception:
        return "a value Claim Lab cannot read"
    if callable(value) and name not in _KIND_WORDS:
        return "a function or class (did you forget the brackets or quotes?)"
    return _KIND_WORDS.get(name, f"an object of type {name}")


def _sentence(line: str) -> str:
    return line[:1].upper() + line[1:]


def _is_missing(value: Any) -> bool:
    """None, the placeholder ``...``, pandas' NA or a blank string: not answered yet."""
    if value is None or value is Ellipsis:
        return True
    if type(value).__name__ in ("NAType", "NaTType"):
        return True
    return isinstance(value, str) and not value.strip()


def _norm(value: str) -> str:
    """Option ids and labels compare without case, spaces, hyphens, quotes or a final full stop."""
    value = value.strip().strip("\"'“”‘’").strip().rstrip(".").casefold()
    return re.sub(r"[\s\-_]+", "_", value)


def _fill(template: str, ds: Dataset, **fields: Any) -> str:
    """Fill Claim Lab's own fields ({unit}, {example}...), then the data placeholders."""
    for name, value in fields.items():
        template = template.replace("{" + name + "}", str(value).replace("{", "(").replace("}", ")"))
    try:
        return text.render(template, ds)
    except text.TemplateError as exc:
        raise KeyProblem(str(exc)) from None


def _messages(ds: Dataset) -> dict[str, Any]:
    return ds.exercises.get("messages", {})


def _msg(ds: Dataset, name: str, **fields: Any) -> str:
    return _fill(str(_messages(ds).get(name, name)), ds, **fields)


def _headline(ds: Dataset, status: str) -> str:
    return str(_messages(ds).get("headline", {}).get(status, STATUS_WORDS.get(status, status)))


def _questions(ds: Dataset) -> dict[str, dict[str, Any]]:
    questions = ds.exercises.get("questions") or {}
    return questions if isinstance(questions, dict) else {}


def _label(ds: Dataset, option: dict[str, Any]) -> str:
    return _fill(str(option["label"]), ds)


def _options_line(ds: Dataset, options: list[dict[str, Any]], intro: str = "options_are") -> str:
    """One feedback line listing options; each option after a newline (shown as a sub-list)."""
    shown = [f'"{o["id"]}": {_label(ds, o)}' if _norm(_label(ds, o)) != _norm(str(o["id"])) else f'"{o["id"]}"'
             for o in options]
    return "\n".join([_msg(ds, intro), *shown])


def _find_option(ds: Dataset, options: list[dict[str, Any]], value: Any) -> dict[str, Any] | None:
    """The option a learner meant: its id or label, as text (or a bare number, or True/False for yes/no)."""
    if isinstance(value, bool):
        value = "yes" if value else "no"
    elif isinstance(value, numbers.Integral) and abs(int(value)) < 10**15:
        value = str(int(value))
    elif isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = str(int(value))
    if not isinstance(value, str) or len(value) > 500:
        return None
    wanted = _norm(value)
    for option in options:
        if wanted in (_norm(str(option["id"])), _norm(_label(ds, option))):
            return option
    return None


# --------------------------------------------------------------------------- numbers from data
def expected_value(reference: dict[str, Any], ds: Dataset | None = None) -> float:
    """Compute a data reference from data/exercises.yaml, e.g. ``{"value_of": "E02"}``."""
    ds = ds or load()
    if not isinstance(reference, dict) or len(reference) != 1:
        raise KeyProblem(f"{reference!r} is not a data reference like {{value_of: E02}}")
    (kind, arg), = reference.items()
    try:
        if kind == "value_of":
            return text.row_value(ds, str(arg))
        if kind in ("rate_per_day", "days_between", "difference"):
            first, second = (str(part) for part in arg)
            if kind == "rate_per_day":
                return text.rate_per_day(ds, first, second)
            if kind == "days_between":
                return float(text.days_between(ds, first, second))
            return text.row_value(ds, second) - text.row_value(ds, first)
        if kind == "paragraph_of":
            if str(arg) not in ds.claims.index:
                raise KeyProblem(f"'{arg}' is not a claim_id")
            return float(ds.claims.loc[str(arg), "paragraph"])
        if kind == "convert":
            if "claim" in arg:
                unit = ds.claims.loc[str(arg["claim"]), "unit"]
                ident = str(arg["claim"])
            else:
                unit = ds.figures.loc[str(arg["figure"]), "base_unit"]
                ident = str(arg["figure"])
            return units.convert_area(text.row_value(ds, ident), str(unit), str(arg["to"]))
    except text.TemplateError as exc:
        raise KeyProblem(str(exc)) from None
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise KeyProblem(f"{reference!r} could not be computed ({exc})") from None
    raise KeyProblem(f"'{kind}' is not a kind of data reference (value_of, rate_per_day, days_between, "
                     "difference, paragraph_of, convert)")


def _within(given: float, expected: float, tolerance: dict[str, Any]) -> bool:
    if "percent" in tolerance:
        return abs(given - expected) <= abs(expected) * float(tolerance["percent"]) / 100
    return abs(given - expected) <= float(tolerance.get("absolute", 0))


_NUMBER_TEXT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _as_number(value: Any) -> float | None:
    """A learner's number as a float ('1,200' and '1 200' allowed); None if it is not one number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (numbers.Real, decimal.Decimal)):
        try:
            return float(value)
        except (OverflowError, ValueError, TypeError):
            return math.inf
    if isinstance(value, str) and len(value) <= 100:
        cleaned = re.sub(r"(?<=\d)[,_\s\u00a0\u202f'](?=\d)", "", value.strip())
        if _NUMBER_TEXT.fullmatch(cleaned):
            return float(cleaned)
        if cleaned.casefold() in ("nan", "inf", "-inf", "infinity", "-infinity"):
            return float(cleaned)
    return None


# --------------------------------------------------------------------------- question types
Result = tuple[str, list[str]]


def _check_choice(ds: Dataset, q: dict[str, Any], answer: Any) -> Result:
    options = q["options"]
    if isinstance(answer, (list, tuple, set, frozenset, dict)):
        return "invalid", [f"Expected one option, not {_kind(answer)}. "
                           + _msg(ds, "choose_one", example=options[0]["id"]), _options_line(ds, options)]
    chosen = _find_option(ds, options, answer)
    if chosen is None:
        if isinstance(answer, str):
            return "invalid", [f"{_describe(answer)} {_msg(ds, 'unknown_option')}.", _options_line(ds, options)]
        return "invalid", [f"Expected an option id in quotes, not {_kind(answer)}. "
                           + _msg(ds, "choose_one", example=options[0]["id"]), _options_line(ds, options)]
    feedback = [_fill(str(chosen["feedback"]), ds)] if chosen.get("feedback") else []
    if chosen["id"] == q["answer"]:
        return "correct", feedback
    if chosen["id"] in q.get("accept", []):
        return "partial", feedback
    return "incorrect", feedback


def _as_collection(answer: Any) -> list[Any] | None:
    if isinstance(answer, (list, tuple, set, frozenset)):
        items = list(answer)
        if isinstance(answer, (set, frozenset)):
            items.sort(key=_describe)
        return items
    return None


def _check_multi(ds: Dataset, q: dict[str, Any], answer: Any) -> Result:
    options = q["options"]
    if isinstance(answer, str):
        answer = [answer]
    items = _as_collection(answer)
    if items is None:
        return "invalid", [f"Expected a list, not {_kind(answer)}. "
                           + _msg(ds, "choose_some", example=options[0]["id"]), _options_line(ds, options)]
    items = [item for item in items if not _is_missing(item)]
    if not items:
        return "unanswered", [_msg(ds, "unanswered"), _options_line(ds, options)]
    chosen, unknown = [], []
    for item in items:
        option = _find_option(ds, options, item)
        if option is None:
            unknown.append(_describe(item))
        elif option["id"] not in chosen:
            chosen.append(option["id"])
    if unknown:
        return "invalid", [_sentence(f"{', '.join(unknown)} {_msg(ds, 'unknown_option')}."), _options_line(ds, options)]
    right = set(q["answer"])
    lines = []
    for option in options:
        if option["id"] in chosen and option["id"] in right:
            lines.append(f"Right to choose: {_label(ds, option)}.")
    for option in options:
        if option["id"] in chosen and option["id"] not in right:
            why = _fill(str(option["feedback"]), ds) if option.get("feedback") else ""
            lines.append(f"Not this one: {_label(ds, option)}. {why}".strip())
    for option in options:
        if option["id"] in right and option["id"] not in chosen:
            lines.append("Missing: " + (_fill(str(option["missing"]), ds) if option.get("missing")
                                        else "one more option is right."))
    if set(chosen) == right:
        return "correct", lines
    return ("partial" if right & set(chosen) else "incorrect"), lines


def _check_number(ds: Dataset, q: dict[str, Any], answer: Any) -> Result:
    unit, example = q["unit"], q["example"]
    expected = expected_value(q["expected"], ds)
    if isinstance(answer, (list, tuple, set, frozenset, dict)):
        return "invalid", [f"Expected one number, not {_kind(answer)}. "
                           + _msg(ds, "number_expected", unit=unit, example=example)]
    given = _as_number(answer)
    if given is None:
        shown = f"{_describe(answer)} is not a number. " if isinstance(answer, str) else \
            f"Expected a number, not {_kind(answer)}. "
        return "invalid", [shown + _msg(ds, "number_expected", unit=unit, example=example)]
    if not math.isfinite(given):
        return "invalid", [_msg(ds, "not_finite", unit=unit, example=example)]
    if _within(given, expected, q["tolerance"]):
        return "correct", []
    for trap in q.get("traps", []):
        if _within(given, expected_value(trap["expected"], ds), trap["tolerance"]):
            return trap.get("status", "incorrect"), [_fill(str(trap["message"]), ds)]
    key = "too_low" if given < expected else "too_high"
    default = "Lower than the answer." if given < expected else "Higher than the answer."
    return "incorrect", [_fill(str(q.get(key, default)), ds)]


def _check_order(ds: Dataset, q: dict[str, Any], answer: Any) -> Result:
    items = q["items"]
    given = _as_collection(answer) if not isinstance(answer, (set, frozenset)) else None
    if given is None:
        return "invalid", [f"Expected a list, not {_kind(answer)}. "
                           + _msg(ds, "order_expected", example=items[0]["id"]), _options_line(ds, items)]
    ids, unknown = [], []
    for value in given:
        found = _find_option(ds, items, value)
        if found is None:
            unknown.append(_describe(value))
        else:
            ids.append(found["id"])
    if unknown:
        return "invalid", [_sentence(f"{', '.join(unknown)} {_msg(ds, 'unknown_option')}."), _options_line(ds, items)]
    if sorted(ids) != sorted(i["id"] for i in items):
        return "invalid", [f"Put each of the {len(items)} items in the list exactly once "
                           f"(you gave {len(ids)}, {len(set(ids))} different).", _options_line(ds, items)]
    expected = list(q["answer"])
    placed = sum(a == b for a, b in zip(ids, expected))
    if placed == len(expected):
        return "correct", []
    labels = {i["id"]: _label(ds, i) for i in items}
    first_wrong = next(i for i, (a, b) in enumerate(zip(ids, expected)) if a != b)
    lines = [f"{placed} of {len(expected)} are in the right place.",
             f"Look again at position {first_wrong + 1}: “{labels[ids[first_wrong]]}”."]
    return ("partial" if placed * 2 >= len(expected) else "incorrect"), lines


def _check_match(ds: Dataset, q: dict[str, Any], answer: Any) -> Result:
    items, options = q["items"], q["options"]
    pairs: list[tuple[Any, Any]]
    if isinstance(answer, dict):
        pairs = list(answer.items())
    elif isinstance(answer, (list, tuple)) and all(isinstance(p, (list, tuple)) and len(p) == 2 for p in answer):
        pairs = [tuple(p) for p in answer]
    else:
        return "invalid", [f"Expected a dict, not {_kind(answer)}. "
                           + _msg(ds, "match_expected", example=items[0]["id"]), _options_line(ds, options)]
    given: dict[str, str] = {}
    unknown = []
    for key, value in pairs:
        item = _find_option(ds, items, key)
        if item is None:
            unknown.append(_describe(key))
            continue
        if _is_missing(value):
            continue
        option = _find_option(ds, options, value)
        if option is None:
            unknown.append(_describe(value))
            continue
        given[item["id"]] = option["id"]
    if unknown:
        return "invalid", [_sentence(f"{', '.join(unknown)} {_msg(ds, 'unknown_option')}."),
                           _options_line(ds, items, "items_are"), _options_line(ds, options)]
    if not given:
        return "unanswered", [_msg(ds, "unanswered"), _options_line(ds, items, "items_are"), _options_line(ds, options)]
    expected = q["answer"]
    right = [i for i in items if given.get(i["id"]) == expected[i["id"]]]
    lines = [f"{len(right)} of {len(items)} matched correctly."]
    for item in items:
        if item["id"] not in given:
            lines.append(f"Not matched yet: “{_label(ds, item)}”.")
        elif given[item["id"]] != expected[item["id"]]:
            why = _fill(str(item["feedback"]), ds) if item.get("feedback") else ""
            lines.append(f"Look again at “{_label(ds, item)}”. {why}".strip())
    if len(right) == len(items):
        return "correct", []
    return ("partial" if right else "incorrect"), lines


@lru_cache(maxsize=256)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def judge_text(rules: dict[str, Any], answer: str) -> tuple[list[str], list[str], int]:
    """Apply a text question's rules. Returns (missing messages, forbidden messages, rules met)."""
    missing = [rule["message"] for rule in rules.get("require", []) if not _regex(rule["pattern"]).search(answer)]
    forbidden = [rule["message"] for rule in rules.get("forbid", []) or [] if _regex(rule["pattern"]).search(answer)]
    met = len(rules.get("require", [])) - len(missing)
    return missing, forbidden, met


def _check_text(ds: Dataset, q: dict[str, Any], answer: Any) -> Result:
    limit = int(q.get("max_chars", DEFAULT_MAX_CHARS))
    if not isinstance(answer, str):
        return "invalid", [f"You gave {_kind(answer)}. {_msg(ds, 'text_expected', limit=text.fmt_number(limit))}"]
    if len(answer) > limit:
        return "invalid", [_msg(ds, "too_long", limit=text.fmt_number(limit))]
    missing, forbidden, met, total = text_verdict(ds, q, answer)
    lines = [_fill(m, ds) for m in missing] + [_fill(m, ds) for m in forbidden]
    if not lines:  # the rules find parts, not good prose: the learner compares with the expert's sentence
        parts_only = _messages(ds).get("text_parts_only")
        return "correct", [*([_fill(str(parts_only), ds)] if parts_only else []),
                           f"One way to write it: {_fill(str(q['model_answer']), ds)}"]
    lines.insert(0, _msg(ds, "rules_met", met=met, total=total))
    return ("partial" if met else "incorrect"), lines



# --------------------------------------------------------------------------- passages from the bank
BANK_PREFIX = "bank."
_NUMBER_IN_TEXT = re.compile(r"(?<![\w.])\d{1,3}(?:[,\s\u00a0\u202f]\d{3})+(?![\d])|(?<![\w.,])\d+(?:\.\d+)?")


def _plain(value: Any) -> str:
    """Bank text shown as it is: braces cannot be read as placeholders."""
    return str(value).replace("{", "(").replace("}", ")")


def numbers_in(passage_text: str) -> list[float]:
    """The numbers printed in a text ('26,000', '122 883', '40'), in order, as floats."""
    found = []
    for match in _NUMBER_IN_TEXT.finditer(str(passage_text)):
        number = _as_number(match.group(0))
        if number is not None and math.isfinite(number):
            found.append(number)
    return found


def _bank_settings(ds: Dataset) -> dict[str, Any]:
    value = ds.exercises.get("bank_questions") or {}
    return value if isinstance(value, dict) else {}


def settings(ds: Dataset) -> dict[str, Any]:
    """The ``settings`` of data/exercises.yaml (reveal_after_tries, practice_passages)."""
    value = ds.exercises.get("settings") or {}
    return value if isinstance(value, dict) else {}


def bank_question_ids(ds: Dataset, passage_id: str) -> list[str]:
    """The question ids asked about one bank passage, like ``bank.B05.who``."""
    return [f"{BANK_PREFIX}{passage_id.lower()}.{dim}" for dim in _bank_settings(ds)]


def _bank_question(ds: Dataset, qid: str) -> dict[str, Any] | None:
    """A choice question about one bank passage, built from data/bank.csv and data/rubric.yaml."""
    parts = qid.split(".")
    if len(parts) != 3 or parts[0] + "." != BANK_PREFIX:
        return None
    pid, dim = parts[1].upper(), parts[2]
    spec = _bank_settings(ds).get(dim)
    table = bank.passages(ds)
    if spec is None or pid not in table.index:
        return None
    row = table.loc[pid]
    if spec.get("options"):
        options = [{"id": str(o["id"]), "label": str(o["label"]), "feedback": o.get("feedback", ""),
                    "why_right": o.get("why_right", "")} for o in spec["options"]]
    else:
        rubric_dim = next((d for d in ds.dimensions() if d["id"] == dim), None)
        if rubric_dim is None:
            raise KeyProblem(f"bank_questions/{dim}: '{dim}' is not a question of data/rubric.yaml")
        answer = str(row[spec.get("column", dim)])
        options = [{"id": str(o["id"]), "label": str(o["label"]), "why_right": o.get("why_right", ""),
                    "feedback": rubric.why_not(rubric_dim, str(o["id"]), answer)} for o in rubric_dim["options"]]
    answer = str(row[spec.get("column", dim)])
    for option in options:
        if option["id"] == answer and option.get("why_right"):
            option["feedback"] = option["why_right"]
    hints = [spec["hint"]] if spec.get("hint") else []
    # The passage's rationale explains all its answers, so it comes with the last question about the
    # passage only: given with the first, it would answer the ones after it.
    last = list(_bank_settings(ds))[-1] == dim
    explanation = " ".join(part for part in (_plain(row["rationale"]) if last else "", spec.get("explain", ""))
                           if part)
    return {"type": "choice", "notebook": "bank", "prompt": spec["prompt"], "options": options,
            "answer": answer, "hints": hints, "passage": pid, "explanation": explanation}


def get_question(ds: Dataset, qid: str) -> dict[str, Any] | None:
    """A question of data/exercises.yaml, or one generated from a bank passage (``bank.b05.who``)."""
    q = _questions(ds).get(qid)
    if q is None and qid.startswith(BANK_PREFIX):
        q = _bank_question(ds, qid)
    return q


def _figure_kept(ds: Dataset, passage_id: str, answer: str) -> bool:
    """Does the learner's text still give the passage's main figure (its largest number)?"""
    wanted = numbers_in(bank.passage(ds, passage_id)["passage"])
    return bool(wanted) and max(wanted) in numbers_in(answer)


def text_verdict(ds: Dataset, q: dict[str, Any], answer: str) -> tuple[list[str], list[str], int, int]:
    """A text question's rules applied: (missing, forbidden, rules met, rules in all), messages unfilled."""
    rules = q["rules"]
    missing, forbidden, met = judge_text(rules, answer)
    total = len(rules.get("require", []))
    keep = rules.get("keep_figure")
    if keep:
        total += 1
        if _figure_kept(ds, str(keep["passage"]), answer):
            met += 1
        else:
            missing.append(str(keep["message"]))
    return missing, forbidden, met, total


def mislead_verdict(ds: Dataset, q: dict[str, Any], answer: str) -> tuple[list[dict[str, Any]],
                                                                          list[dict[str, Any]], bool]:
    """A "make it mislead" rewrite judged: (safeguards lost, safeguards still there, figure kept)."""
    lost, kept = [], []
    for rule in q["safeguards"]:
        (kept if _regex(rule["pattern"]).search(answer) else lost).append(rule)
    return lost, kept, _figure_kept(ds, str(q["passage"]), answer)


def _check_mislead(ds: Dataset, q: dict[str, Any], answer: Any) -> Result:
    limit = int(q.get("max_chars", DEFAULT_MAX_CHARS))
    if not isinstance(answer, str):
        return "invalid", [f"You gave {_kind(answer)}. {_msg(ds, 'text_expected', limit=text.fmt_number(limit))}"]
    if len(answer) > limit:
        return "invalid", [_msg(ds, "too_long", limit=text.fmt_number(limit))]
    lost, kept, figure = mislead_verdict(ds, q, answer)
    lines = []
    if not figure:
        lines.append(_msg(ds, "mislead_keep_figure"))
    lines += [f"{_msg(ds, 'mislead_lost')} {_fill(r['label'], ds)}. {_fill(r['why'], ds)}" for r in lost]
    lines += [f"{_msg(ds, 'mislead_kept')} {_fill(r['label'], ds)}." for r in kept]
    if figure and not kept:
        return "correct", lines
    return ("partial" if figure and lost else "incorrect"), lines


CHECKERS: dict[str, Callable[[Dataset, dict[str, Any], Any], Result]] = {
    "choice": _check_choice, "multi": _check_multi, "number": _check_number,
    "order": _check_order, "match": _check_match, "text": _check_text, "mislead": _check_mislead,
}


# --------------------------------------------------------------------------- public API
def _question_id(question_id: Any) -> str:
    try:
        return question_id.strip().lower()[:80] if isinstance(question_id, str) else _describe(question_id)
    except Exception:
        return "?"


def _unknown(ds: Dataset, qid: str) -> Feedback:
    ids = list(_questions(ds))
    prefix = qid.split(".")[0]
    same = [i for i in ids if i.split(".")[0] == prefix] or ids
    return Feedback(qid, "unknown_question", _headline(ds, "unknown_question"),
                    (f"{_describe(qid)} is not a question id. Known ids: {', '.join(same)}.",))


def _judge(qid: str, answer: Any, ds: Dataset) -> Feedback:
    q = get_question(ds, qid)
    if q is None:
        return _unknown(ds, qid)
    checker = CHECKERS.get(str(q.get("type")))
    if checker is None:
        raise KeyProblem(f"question type {q.get('type')!r} is not one Claim Lab knows")
    if _is_missing(answer):
        status, lines = "unanswered", [_msg(ds, "unanswered")]
        if q["type"] in ("choice", "multi"):
            lines.append(_options_line(ds, q["options"]))
        elif q["type"] in ("order", "match"):
            lines.append(_options_line(ds, q["items"], "items_are"))
            if q["type"] == "match":
                lines.append(_options_line(ds, q["options"]))
    else:
        status, lines = checker(ds, q, answer)
    if status == "correct" and str(q.get("explanation", "")).strip():
        lines = [*lines, _fill(str(q["explanation"]), ds)]
    elif status in ("partial", "incorrect"):
        lines = [*lines, _msg(ds, "try_again", question=qid)]
    compare: tuple[tuple[str, str], ...] = ()
    if q["type"] == "mislead" and isinstance(answer, str) and status in ANSWERED:
        compare = ((_msg(ds, "mislead_original"), bank.passage(ds, str(q["passage"]))["passage"]),
                   (_msg(ds, "mislead_yours"), answer))
    headline = _headline(ds, status)
    if q["type"] == "text" and status == "correct":  # the rules found every part; they cannot judge prose
        headline = str(_messages(ds).get("text_headline", headline))
    return Feedback(qid, status, headline, tuple(line for line in lines if line), compare)


def _record(feedback: Feedback, answer: Any, answers: store.AnswerStore | None = None) -> Feedback:
    """Save the answer; add a line if it could not be saved. Never replaces an answer with a blank."""
    try:
        answers = answers or store.current()
        if feedback.status == "unanswered" and answers.exercise(feedback.question_id):
            return feedback
        saved = answers.save_exercise(feedback.question_id, answer, feedback.status)
        if feedback.status in ANSWERED:
            saved = record_attempt(answers, feedback.question_id, answer, feedback.status) and saved
        if saved:
            return feedback
        reason = answers.messages[-1] if answers.messages else ""
    except Exception as exc:  # the store never raises by design; belt and braces
        reason = f"{exc.__class__.__name__}: {exc}"
    return Feedback(feedback.question_id, feedback.status, feedback.headline,
                    (*feedback.lines, f"Your answer could not be saved. {reason}".strip()))


ATTEMPTS_NOTE = "attempts"


def attempts(answers: store.AnswerStore | None = None) -> dict[str, dict[str, Any]]:
    """Every question's attempts: {question id: {"first": {...}, "tries": n, "last": {...}, "revealed": bool}}.

    Kept in the answers file's notes under ``attempts`` (each entry of ``first``/``last`` has answer, status
    and at). Only answers that could be judged (right, partly right, not quite) count as tries.
    """
    try:
        value = (answers or store.current()).note(ATTEMPTS_NOTE, {})
        return value if isinstance(value, dict) else {}
    except Exception:
        return {}


def record_attempt(answers: store.AnswerStore, question_id: str, answer: Any, status: str,
                   revealed: bool = False) -> bool:
    """Add one attempt (or a reveal) to the answers file; the first attempt is never overwritten."""
    log = dict(attempts(answers))
    entry = dict(log.get(question_id) or {})
    if revealed:
        entry["revealed"] = True
        entry.setdefault("tries", 0)
        entry.setdefault("revealed_after", entry.get("tries", 0))
    else:
        now = _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat()
        shot = {"answer": store.json_safe(answer), "status": status, "at": now}
        entry.setdefault("first", shot)
        entry["tries"] = int(entry.get("tries", 0) or 0) + 1
        entry["last"] = shot
    log[question_id] = entry
    return answers.save_note(ATTEMPTS_NOTE, log)


def _format_answer(ds: Dataset, q: dict[str, Any]) -> str:
    """The key's answer in words (never shown before a learner asks, or in solutions/)."""
    kind = q["type"]
    if kind == "choice":
        option = next(o for o in q["options"] if o["id"] == q["answer"])
        return _label(ds, option)
    if kind == "multi":
        return "; ".join(_label(ds, o) for o in q["options"] if o["id"] in q["answer"])
    if kind == "number":
        value = expected_value(q["expected"], ds)
        return f"{text.fmt_number(value)} ({q['unit']})"
    if kind == "order":
        labels = {i["id"]: _label(ds, i) for i in q["items"]}
        return " → ".join(labels[i] for i in q["answer"])
    if kind == "match":
        options = {o["id"]: _label(ds, o) for o in q["options"]}
        return "; ".join(f"{_label(ds, i)}: {options[q['answer'][i['id']]]}" for i in q["items"])
    return _fill(str(q.get("model_answer", "")), ds)


def expert_answer(question_id: str, *, ds: Dataset | None = None) -> Feedback:
    """The key's answer and its reasoning, rendered from data (what solutions/ show). Never raises."""
    def make(data: Dataset, qid: str, q: dict[str, Any]) -> Feedback:
        why = str(q.get("explanation", "")).strip() or next(  # a bank question: its right option's reason
            (str(o.get("why_right") or o.get("feedback", "")) for o in q.get("options", []) if o["id"] == q["answer"]), "")
        lines = [f"{_msg(data, 'expert_answer')} {_format_answer(data, q)}",
                 f"{_msg(data, 'expert_why')} {_fill(why, data)}"]
        return Feedback(qid, "correct", _fill(str(q["prompt"]), data), tuple(lines))
    return _about_question(question_id, ds, "the answer", make)


def reveal(question_id: str, *, ds: Dataset | None = None, answers: store.AnswerStore | None = None) -> Feedback:
    """Show a learner the key's answer (the "Show the answer" button) and note that it was shown."""
    feedback = expert_answer(question_id, ds=ds)
    try:
        if feedback.status == "correct":
            record_attempt(answers or store.current(), feedback.question_id, None, "revealed", revealed=True)
    except Exception:
        pass
    return feedback


def check(question_id: str, answer: Any = Ellipsis, *, ds: Dataset | None = None,
          answers: store.AnswerStore | None = None, save: bool = True) -> Feedback:
    """Check a learner's answer to one question and save it. Never raises.

    ``question_id`` is an id from data/exercises.yaml, like ``"ex01.q1"``; ``answer`` is the
    learner's value (``...`` means not answered yet). Returns a :class:`Feedback`.
    ``answers`` is the answers file to save to (default: this session's); ``save=False``
    only judges (used to show feedback on an answer restored from the file).
    """
    qid = _question_id(question_id)
    answer = store.bounded_answer(answer)  # a million-item answer costs no more to check or echo than a small one
    try:
        data = ds or load()
        feedback = _judge(qid, answer, data)
    except DataError as exc:
        feedback = Feedback(qid, "not_checked", "Claim Lab could not check this answer.",
                            ("The data files have a problem; tell your instructor:", *map(str, exc.problems[:5])))
    except KeyProblem as exc:
        feedback = Feedback(qid, "not_checked", "Claim Lab could not check this answer.",
                            (f"The answer key for this question in {EXERCISES_FILE} has a problem; "
                             f"tell your instructor: {exc}",))
    except Exception as exc:  # last resort: a learner never sees a traceback
        feedback = Feedback(qid, "invalid", "Claim Lab could not read this answer.",
                            (f"Something in this answer ({_kind(answer)}) could not be checked "
                             f"({exc.__class__.__name__}). Try a plain value: text in quotes, a number, "
                             "a list or a dict.",))
    return _record(feedback, answer, answers) if save else feedback


def _answer_form(ds: Dataset, q: dict[str, Any]) -> list[str]:
    """How to write the answer to a question, with its options (never the answer itself)."""
    kind = q["type"]
    if kind == "choice":
        return [_options_line(ds, q["options"]), _msg(ds, "choose_one", example=q["options"][0]["id"])]
    if kind == "multi":
        return [_options_line(ds, q["options"]), _msg(ds, "choose_some", example=q["options"][0]["id"])]
    if kind == "number":
        return [_msg(ds, "number_expected", unit=q["unit"], example=q["example"])]
    if kind == "order":
        return [_options_line(ds, q["items"], "items_are"), _msg(ds, "order_expected", example=q["items"][0]["id"])]
    if kind == "match":
        return [_options_line(ds, q["items"], "items_are"), _options_line(ds, q["options"]),
                _msg(ds, "match_expected", example=q["items"][0]["id"])]
    return [_msg(ds, "text_expected", limit=text.fmt_number(int(q.get("max_chars", DEFAULT_MAX_CHARS))))]


def _about_question(question_id: str, ds: Dataset | None, what: str,
                    make: Callable[[Dataset, str, dict[str, Any]], Feedback]) -> Feedback:
    """Show something about one question (its form, its hints). Never raises."""
    qid = _question_id(question_id)
    try:
        data = ds or load()
        q = get_question(data, qid)
        if q is None:
            return _unknown(data, qid)
        return make(data, qid, q)
    except (DataError, KeyProblem) as exc:
        return Feedback(qid, "not_checked", f"Claim Lab could not show {what}.", (str(exc)[:500],))
    except Exception as exc:
        return Feedback(qid, "invalid", f"Claim Lab could not show {what}.", (exc.__class__.__name__,))


def question(question_id: str, *, ds: Dataset | None = None) -> Feedback:
    """Show a question from data/exercises.yaml: its prompt, options and the form of the answer. Never raises."""
    return _about_question(question_id, ds, "this question", lambda data, qid, q: Feedback(
        qid, "question", _fill(str(q["prompt"]), data), tuple(_answer_form(data, q))))


def hint(question_id: str, *, ds: Dataset | None = None) -> Feedback:
    """The question and its hints, from data/exercises.yaml. Never raises."""
    def make(data: Dataset, qid: str, q: dict[str, Any]) -> Feedback:
        lines = [f"Question: {_fill(str(q['prompt']), data)}"]
        lines += [f"Hint: {_fill(str(h), data)}" for h in q.get("hints", [])]
        return Feedback(qid, "hint", "Hints", tuple(lines))
    return _about_question(question_id, ds, "the hints", make)


def _practice_note(ds: Dataset, answers: store.AnswerStore) -> list[str]:
    """One line on the practice passages' questions (bank.*), which the table of questions leaves out."""
    saved = [entry for qid, entry in answers.exercises().items() if str(qid).startswith(BANK_PREFIX)]
    checked = [entry for entry in saved if entry.get("status") in ANSWERED]
    if not checked:
        return []
    right = sum(entry.get("status") == "correct" for entry in checked)
    return [f"Practice passages: {len(checked)} question{'' if len(checked) == 1 else 's'} checked, {right} right "
            "(they are not in the table above)."]


def exercise_progress(notebook: str | None = None, *, ds: Dataset | None = None) -> Progress:
    """Each question (of one notebook, e.g. ``"ex01"``, or all) with the status of the saved answer."""
    try:
        data = ds or load()
        answers = store.current()
        wanted = None if notebook is None else _question_id(notebook).split(".")[0]
        rows = []
        for qid, q in _questions(data).items():
            if wanted and q.get("notebook") != wanted:
                continue
            saved = answers.exercise(qid) or {}
            status = saved.get("status") if saved.get("status") in STATUSES else "not checked yet"
            rows.append((qid, _fill(str(q.get("prompt", "")), data), status))
        title = "Exercise progress"
        if wanted:
            info = data.exercises.get("notebooks", {}).get(wanted)
            title = f"Progress in {wanted}" + (f" ({info['title']})" if info else "")
            if not rows:
                return Progress((), title, (f"There are no questions for {_describe(notebook)}; "
                                            f"notebooks: {', '.join(data.exercises.get('notebooks', {}))}.",))
        notes = tuple(answers.messages[-1:]) if not answers.writable else ()
        if wanted is None or wanted == settings(data).get("practice_notebook"):
            notes = (*_practice_note(data, answers), *notes)
        return Progress(tuple(rows), title, notes)
    except Exception as exc:
        return Progress((), "Exercise progress", (f"Claim Lab could not read the progress ({exc.__class__.__name__}).",))


# --------------------------------------------------------------------------- checking the key itself
