"""The contract every question type keeps, and the one registry of types.

A question type is a class with a ``name`` (the ``type:`` of a question in data/exercises.yaml),
registered with :func:`register`. It knows everything about its questions that differs by type:

* :meth:`QuestionType.check` - judge an answer (a :class:`Result`: status, lines, and for some types a
  headline of their own or side-by-side texts);
* :meth:`QuestionType.control` - the answer control a front end shows (a :class:`Control`: one of a few
  kinds - radio buttons, tick boxes, a number box, a text area, one menu per row), with
  :meth:`from_control` / :meth:`to_control` turning the control's value into the checker's answer and
  back (restoring a saved answer);
* :meth:`QuestionType.answer_form` - how the answer is written, with its options (never the answer);
* :meth:`QuestionType.expert_words` - the key's answer in words (solutions, the key guide, "Show the
  answer");
* :meth:`QuestionType.static_pack` - what a static page needs to judge an answer without Python, and
  :attr:`page_script`, the small page script that uses it (``authoring/assets/judges/<name>.js``);
* :meth:`QuestionType.key_problems` - what is wrong with a question's key beyond its JSON Schema.

The widgets (``ui/``), the static pages, validation and the key guide ask the type; none of them
switches on a type's name. Adding a type means a module in this package (found by
``claimlab.core.questions``), an entry under ``$defs/types`` in data/schemas/exercises.schema.json and,
if no existing page script fits, a page script.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from claimlab.core.dataset import Dataset
from claimlab.core.questions import common

__all__ = ["Result", "Control", "QuestionType", "register", "TYPES", "get", "Judge"]


@dataclass(frozen=True)
class Result:
    """A type's verdict on one answer, before the shared parts (explanation, "try again") are added."""

    status: str
    lines: tuple[str, ...] = ()
    headline: str | None = None  # None: the status's own headline from data
    compare: tuple[tuple[str, str], ...] = ()
    checklist: tuple[str, ...] = ()
    detail: Any = None  # what the type found (e.g. the parts of a written answer), for reports and tests


@dataclass(frozen=True)
class Control:
    """The answer control of a question, for any front end.

    kind: ``radio`` (one of ``choices``), ``ticks`` (some of ``choices``), ``number`` (a box, with
    ``unit``), ``text`` (a text area, at most ``max_chars``) or ``menus`` (one menu of ``choices`` per
    row of ``rows``). ``choices`` and ``rows`` are (value, label) pairs. A control's value is: the
    chosen value or None (radio); a list of ticked values (ticks); the text typed (number, text);
    {row: value} for the rows chosen (menus).
    """

    kind: str
    choices: tuple[tuple[str, str], ...] = ()
    rows: tuple[tuple[str, str], ...] = ()
    unit: str = ""
    placeholder: str = ""
    max_chars: int = 0


Judge = Callable[[Any], Any]  # an answer -> the Feedback the kernel gives (used to compile static packs)


class QuestionType:
    """Base class of question types. Subclasses set ``name`` and override what differs."""

    name: ClassVar[str] = ""
    page_script: ClassVar[str] = "table"  # authoring/assets/judges/<page_script>.js judges it on static pages
    # how a page turns its control's value into the answer kept in the answers file: one | list | text | mapping
    answer_shape: ClassVar[str] = "one"
    written: ClassVar[bool] = False  # a free-text answer (the static pages offer a self-check)

    # ---------------------------------------------------------------- judging
    def check(self, ds: Dataset, q: dict[str, Any], answer: Any) -> Result:
        raise NotImplementedError

    def unanswered_lines(self, ds: Dataset, q: dict[str, Any]) -> list[str]:
        """What to show under "Not answered yet" (the options, where there are any)."""
        return []

    # ---------------------------------------------------------------- the answer control
    def control(self, ds: Dataset, q: dict[str, Any]) -> Control:
        raise NotImplementedError

    def from_control(self, q: dict[str, Any], value: Any) -> Any:
        """The checker's answer from the control's value (None when nothing is given)."""
        if isinstance(value, str):
            value = value.strip()
        return value if value not in (None, "", [], {}) else None

    def to_control(self, q: dict[str, Any], answer: Any) -> Any:
        """The control's value that shows a saved answer (None when it cannot be shown)."""
        return answer

    # ---------------------------------------------------------------- words
    def answer_form(self, ds: Dataset, q: dict[str, Any]) -> list[str]:
        """How to write the answer, with its options (never the answer itself)."""
        return []

    def expert_words(self, ds: Dataset, q: dict[str, Any]) -> str:
        """The key's answer in words."""
        return common.fill(str(q.get("model_answer", "")), ds)

    # ---------------------------------------------------------------- static pages and validation
    def static_pack(self, ds: Dataset, q: dict[str, Any], judge: Judge, entry: Callable[[Any], Any]) -> dict[str, Any]:
        """What the page script needs to judge answers of this question (``entry`` stores a Feedback)."""
        return {}

    def key_problems(self, ds: Dataset, qid: str, q: dict[str, Any]) -> list[str]:
        """Problems of this question's key that its schema cannot see."""
        return []

    def texts(self, q: dict[str, Any]) -> list[tuple[str, str]]:
        """(where, text) for the learner-facing texts particular to this type (checked for placeholders)."""
        return []


TYPES: dict[str, QuestionType] = {}


def register(cls: type[QuestionType]) -> type[QuestionType]:
    """Class decorator: make a question type known by its ``name``."""
    if not cls.name:
        raise ValueError(f"{cls.__name__} has no name")
    TYPES[cls.name] = cls()
    return cls


def get(name: Any) -> QuestionType | None:
    """The registered type called ``name``, or None."""
    return TYPES.get(str(name)) if name is not None else None
