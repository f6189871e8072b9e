"""Every word a learner reads comes from data/ (issue 27): no learner-facing English in the code of ui/.

Each module of ``src/claimlab/ui/`` is parsed with :mod:`ast` and its string literals are flagged when a
learner could read them:

1. any literal with a word in it where a learner reads it: a widget's ``description=``, ``tooltip=`` or
   ``placeholder=``; the message of ``notice()``, ``say()``, ``heading()`` or ``show()``; a value assigned to
   ``.description``, ``.tooltip``, ``.placeholder``, ``.value`` or ``.text_repr``; a panel's text form
   (``super().__init__(...)``);
2. any other literal with two or more English words, module-level UPPERCASE names included (``ui/`` shows
   the messages of errors as plain text too, so those count).

HTML tags and the ``{...}`` of f-strings are not words. Docstrings (and ``doc=``) and logging calls are
skipped. What is left and is not learner-facing is in :data:`ALLOWED`, with the reason; an entry that
no longer matches anything fails, so the list stays short. Interface words are read with
``claimlab.core.words.word(name)``, which shows a missing name as itself: the last tests check that every
name the code and the page scripts ask for is in data/interface.yaml.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from claimlab.core.words import words

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "claimlab"
UI = PACKAGE / "ui"

# Modules not checked yet, with the reason. An entry fails once the module is clean: remove it then.
NOT_YET: dict[str, str] = {}

# (module, literal) -> why it is not learner-facing
ALLOWED = {
    ("ui/html.py", "WIDGET_CSS"): "CSS selectors (label, input ...), not words",
    ("ui/widgets/base.py", "row wrap"): "a CSS flex-flow value",
    ("ui/widgets/controls.py", "row wrap"): "a CSS flex-flow value",
}

WIDGET_WORDS = {"description", "tooltip", "placeholder"}  # keywords and attributes a learner reads
SHOWN_ATTRS = WIDGET_WORDS | {"value", "text_repr"}
MESSAGE_CALLS = {"notice", "say", "heading", "show"}  # their first argument is shown as it is
LOG_NAMES = {"_log", "log", "logger", "logging"}
LOG_METHODS = {"debug", "info", "warning", "error", "exception", "critical"}
WORD = re.compile(r"^[(“\"'‘]*(?:[A-Za-z][a-z]+|[aAI])(?:['’][a-z]+)?[)”\"'’,.:;?!]*$")


def english_words(text: str) -> list[str]:
    """The English words of a literal: HTML tags and f-string fields ({...}) removed, then every
    whitespace-separated token that is a word (letters, with its punctuation)."""
    text = re.sub(r"<[^<>]*>|<[a-zA-Z/][^<>]*$|^[^<>]*>(?=.*<)", " ", text)
    text = re.sub(r"\{[^{}]*\}", " ", text)
    return [token for token in text.split() if WORD.match(token)]


def literal_text(node: ast.AST) -> str | None:
    """The text of a string literal (an f-string with its fields as {}), or None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def literals_in(node: ast.AST, into_calls: bool = True) -> list[tuple[ast.AST, str]]:
    """Every string literal under ``node`` (an f-string counts once, as a whole); with ``into_calls=False``
    only the literals the value itself is made of (not the arguments of calls in it, nor subscripts)."""
    found, stack = [], [node]
    while stack:
        current = stack.pop()
        text = literal_text(current)
        if text is not None:
            found.append((current, text))
        elif into_calls or not isinstance(current, (ast.Call, ast.Subscript)):
            stack.extend(ast.iter_child_nodes(current))
    return found


def _docstrings(tree: ast.Module) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and literal_text(first.value) is not None:
                ids.add(id(first.value))
        if isinstance(node, ast.keyword) and node.arg == "doc":
            ids.update(id(n) for n, _ in literals_in(node.value))
    return ids


def _call_name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _is_log(call: ast.Call) -> bool:
    func = call.func
    return (isinstance(func, ast.Attribute) and func.attr in LOG_METHODS
            and isinstance(func.value, ast.Name) and func.value.id in LOG_NAMES)


def _is_panel_init(call: ast.Call) -> bool:
    func = call.func
    return (isinstance(func, ast.Attribute) and func.attr == "__init__" and isinstance(func.value, ast.Call)
            and _call_name(func.value) == "super")


def learner_literals(source: str) -> list[tuple[int, str, str]]:
    """(line, literal, rule) for each learner-facing English literal of a module's source.

    ``literal`` is the module-level name instead when the literal is the value of an UPPERCASE name
    (so :data:`ALLOWED` can name it)."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _is_log(node):
            skip.update(id(n) for n, _ in literals_in(node))
    shown: set[int] = set()  # literals in a place a learner reads: one word is enough
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            places = [k.value for k in node.keywords if k.arg in WIDGET_WORDS]
            if (_call_name(node) in MESSAGE_CALLS or _is_panel_init(node)) and node.args:
                places.append(node.args[0])
            for place in places:
                shown.update(id(n) for n, _ in literals_in(place, into_calls=False))
        elif isinstance(node, (ast.Assign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Attribute) and t.attr in SHOWN_ATTRS for t in targets):
                shown.update(id(n) for n, _ in literals_in(node.value, into_calls=False))
    module_names = {}
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name) and target.id.isupper() and node.value is not None:
                    module_names.update({id(n): target.id for n, _ in literals_in(node.value)})
    flagged = []
    for node, text in literals_in(tree):
        if id(node) in skip:
            continue
        found = english_words(text)
        if id(node) in shown and found:
            flagged.append((node.lineno, text, "shown to learners"))
        elif len(found) >= 2:
            name = module_names.get(id(node))
            flagged.append((node.lineno, name or text,
                            f"English in module-level {name}" if name else "two or more English words"))
    return flagged


def _ui_modules() -> list[Path]:
    return sorted(UI.rglob("*.py"))


@pytest.mark.parametrize("path", _ui_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_learner_facing_english_in_ui_code(path):
    module = str(path.relative_to(PACKAGE))
    found = learner_literals(path.read_text(encoding="utf-8"))
    if module in NOT_YET:
        assert found, f"{module} has no learner-facing English any more: remove it from NOT_YET"
        return
    bad = [(line, text, rule) for line, text, rule in found if (module, text) not in ALLOWED]
    assert not bad, (f"learner-facing English in src/claimlab/{module}; put it in data/interface.yaml and read it "
                     f"with claimlab.core.words.word(name):\n"
                     + "\n".join(f"  line {line} ({rule}): {text!r}" for line, text, rule in bad))


def test_every_allowed_literal_is_still_there():
    """An allowance that matches nothing any more is removed, so the list never hides new text."""
    seen = {(str(p.relative_to(PACKAGE)), text) for p in _ui_modules()
            for _line, text, _rule in learner_literals(p.read_text(encoding="utf-8"))}
    stale = [entry for entry in ALLOWED if entry not in seen]
    assert not stale, f"remove these from ALLOWED (they match nothing): {stale}"


def test_the_check_finds_learner_facing_english():
    """The check above can fail: each place a learner reads English is caught, and what is not is left."""
    source = '''
"""A module docstring with many words in it."""
import logging
_log = logging.getLogger(__name__)
GREETING = "Hello there, learner"
SCALE = [(1, "Not at all"), (2, "A little")]
CSS = "padding:0.5em 0.8em;border-left:4px solid #E69F00;"

def build(w, word, notice, n):
    """A docstring."""
    _log.info("Claim Lab widget error while %s", n)
    button = w.Button(description="Save", tooltip=f"Help for question {n}")
    box = w.Text(placeholder=word("note.placeholder"))
    box.value = notice("Your answers are saved.", "saved")
    shown = f'<div style="{CSS}font-weight:bold;">{n}</div>'
    problem = f"There is no claim {n}; try again."
    raise KeyError(f"'{n}' is not a claim of the article")

class Box:
    def __init__(self):
        super().__init__("Claim card.")
        self.text_repr = "Sourcing"
'''
    flagged = {text: rule for _line, text, rule in learner_literals(source)}
    assert flagged == {
        "GREETING": "English in module-level GREETING", "SCALE": "English in module-level SCALE",
        "Save": "shown to learners", "Help for question {}": "shown to learners",
        "Your answers are saved.": "shown to learners", "There is no claim {}; try again.": "two or more English words",
        "'{}' is not a claim of the article": "two or more English words",
        "Claim card.": "shown to learners", "Sourcing": "shown to learners",
    }


def _names_in_python() -> list[tuple[str, str]]:
    """(module, name) for every interface name the package's code asks for as a literal: ``word("x.y")``,
    and the ``"section.name"`` given to ``guarded()`` and ``Panel.fail()`` (which read it with word())."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args and _call_name(node) in ("word", "guarded", "fail")):
                continue
            name = literal_text(node.args[0])
            if name and re.fullmatch(r"[a-z_]+\.[a-z_]+", name) and "{}" not in name:
                found.append((str(path.relative_to(PACKAGE)), name))
    return found


def test_every_interface_name_the_code_asks_for_is_in_the_data(ds):
    names = _names_in_python()
    assert len({n for _m, n in names}) > 100, "the scan found too few names: is it still looking at word() calls?"
    have = words(ds)
    missing = sorted({(module, name) for module, name in names if name not in have})
    assert not missing, f"names not in data/interface.yaml (a learner would read the name itself): {missing}"


def test_every_interface_name_a_page_script_asks_for_is_in_the_data(ds):
    have = words(ds)
    scripts = sorted((PACKAGE / "authoring" / "assets").rglob("*.js"))
    asked = {(str(s.relative_to(PACKAGE)), name) for s in scripts
             for name in re.findall(r"""\bW\(\s*["']([a-z_]+\.[a-z_]+)["']""", s.read_text(encoding="utf-8"))}
    assert asked, "the scan found no W(...) calls in the page scripts"
    missing = sorted((script, name) for script, name in asked if name not in have)
    assert not missing, f"names not in data/interface.yaml: {missing}"
