"""The answer controls of exercise questions, as ipywidgets: one class per kind of
:class:`~claimlab.core.questions.base.Control` (radio buttons, tick boxes, a number box, a text area,
one menu per row). A question type says which kind it needs; nothing here knows the types.

Order and match questions use one drop-down menu per row rather than drag and drop: ipywidgets has no
sortable list, and menus work with a keyboard and a screen reader.
"""
from __future__ import annotations

from typing import Any

import ipywidgets as w

from claimlab.core.questions import Control
from claimlab.core.text import escape
from claimlab.ui.html import CHOICES_CLASS, TEXT_CSS, style

__all__ = ["AnswerControl", "make_control", "KINDS"]

WIDE = {"width": "auto", "max_width": "640px"}


class AnswerControl:
    """A control's widget (:attr:`widget`), its value as the question type reads it, and a setter."""

    def __init__(self, spec: Control, prompt: str, choose: str = ""):
        self.spec = spec
        self.widget = self.build(prompt, choose)
        self.widget.add_class(CHOICES_CLASS)  # long options wrap without overlapping (see ui/html.py)

    def build(self, prompt: str, choose: str) -> w.Widget:
        raise NotImplementedError

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError


class Radio(AnswerControl):
    def build(self, prompt: str, choose: str) -> w.Widget:
        self.radio = w.RadioButtons(options=[(label, value) for value, label in self.spec.choices], value=None,
                                    description="", tooltip=prompt, layout=w.Layout(**WIDE))
        return self.radio

    def value(self) -> Any:
        return self.radio.value

    def set_value(self, value: Any) -> None:
        if value in [v for v, _label in self.spec.choices]:
            self.radio.value = value


class Ticks(AnswerControl):
    def build(self, prompt: str, choose: str) -> w.Widget:
        self.ticks = {value: w.Checkbox(value=False, description=label, indent=False, layout=w.Layout(**WIDE))
                      for value, label in self.spec.choices}
        return w.VBox(list(self.ticks.values()))

    def value(self) -> Any:
        return [value for value, box in self.ticks.items() if box.value]

    def set_value(self, value: Any) -> None:
        if isinstance(value, list):
            for option, box in self.ticks.items():
                box.value = option in value


class Number(AnswerControl):
    def build(self, prompt: str, choose: str) -> w.Widget:
        self.box = w.Text(value="", placeholder=self.spec.placeholder, description="", tooltip=prompt,
                          layout=w.Layout(width="14em"))
        unit = w.HTML(f'<span style="{TEXT_CSS}{style("unit")}">{escape(self.spec.unit)}</span>')
        return w.HBox([self.box, unit], layout=w.Layout(flex_flow="row wrap", align_items="flex-start"))

    def value(self) -> Any:
        return self.box.value

    def set_value(self, value: Any) -> None:
        if value is not None:
            self.box.value = str(value)


class Text(AnswerControl):
    def build(self, prompt: str, choose: str) -> w.Widget:
        self.area = w.Textarea(value="", placeholder=self.spec.placeholder, description="", tooltip=prompt,
                               layout=w.Layout(width="100%", max_width="640px", height="6em"))
        return self.area

    def value(self) -> Any:
        return self.area.value

    def set_value(self, value: Any) -> None:
        if isinstance(value, str):
            self.area.value = value


class Menus(AnswerControl):
    """One menu per row: the row's label beside it (or as the menu's description when it is short)."""

    def build(self, prompt: str, choose: str) -> w.Widget:
        choices = [(choose, None)] + [(label, value) for value, label in self.spec.choices]
        self.menus: dict[str, w.Dropdown] = {}
        rows = []
        for row, label in self.spec.rows:
            menu = w.Dropdown(options=choices, value=None, description="", layout=w.Layout(width="auto"))
            self.menus[row] = menu
            rows.append(w.HBox([w.HTML(f'<span style="{TEXT_CSS}{style("row_label")}">{escape(label)}</span>'),
                                menu], layout=w.Layout(flex_flow="row wrap", align_items="flex-start")))
        return w.VBox(rows)

    def value(self) -> Any:
        return {row: menu.value for row, menu in self.menus.items() if menu.value is not None}

    def set_value(self, value: Any) -> None:
        if isinstance(value, dict):
            for row, menu in self.menus.items():
                wanted = value.get(row)
                menu.value = wanted if wanted in [v for _l, v in menu.options] else None


KINDS: dict[str, type[AnswerControl]] = {"radio": Radio, "ticks": Ticks, "number": Number, "text": Text,
                                         "menus": Menus}


def make_control(spec: Control, prompt: str, choose: str = "") -> AnswerControl:
    """The widget control for a question's :class:`Control` (``choose`` is an empty menu's words)."""
    return KINDS[spec.kind](spec, prompt, choose)
