"""The one place for Claim Lab's HTML look: CSS, message boxes, headings and tables.

Every style uses JupyterLab's theme variables (with plain fallbacks), so text stays readable in light
and dark themes; a message always carries a symbol and words, never colour alone. Text is escaped
with :func:`claimlab.core.text.escape`, the one escape helper.
"""
from __future__ import annotations

from collections.abc import Iterable

from claimlab.core.text import escape

__all__ = ["TEXT_CSS", "TABLE_CSS", "CELL_CSS", "HEAD_CSS", "MARK_CSS", "LIST_CSS", "WIDE_CSS", "STATUS_COLOURS",
           "SYMBOLS", "EDGES", "CHOICES_CLASS", "WIDGET_CSS", "widget_css", "notice", "heading", "table", "show",
           "escape", "box_css", "style"]

TEXT_CSS = "color:var(--jp-content-font-color1);line-height:1.45;max-width:600px;"
TABLE_CSS = "border-collapse:collapse;margin:0.5em 0;font-size:0.95em;color:var(--jp-content-font-color1,inherit);"
CELL_CSS = "border:1px solid var(--jp-border-color2,#ccc);padding:4px 8px;text-align:left;vertical-align:top;"
HEAD_CSS = CELL_CSS + "background:var(--jp-layout-color2,transparent);font-weight:600;"
MARK_CSS = ("background:var(--jp-warn-color3,#fff3c4);color:var(--jp-content-font-color0,inherit);"
            "padding:0 2px;border-bottom:2px solid var(--jp-warn-color1,#c90);")
LIST_CSS = "margin:0.3em 0 0 0;padding-left:1.3em;"
WIDE_CSS = "max-width:46em;"
# a checked answer's edge colour, by status (JupyterLab theme variables, with plain fallbacks)
STATUS_COLOURS = {"correct": "var(--jp-success-color1,#2e7d32)", "partial": "var(--jp-warn-color1,#b26a00)",
                  "incorrect": "var(--jp-error-color1,#c62828)", "unsure": "var(--jp-info-color1,#0277bd)",
                  "hint": "var(--jp-info-color1,#0277bd)", "question": "var(--jp-brand-color1,#1976d2)"}
# named looks used across ui/, classroom/ and charts/ (one place to change them)
STYLES = {
    "message": "padding:0.5em 0.8em;border-left:4px solid #E69F00;",
    "chart_description": "max-width:46em;",
    "report": "max-width:60em;",
    "compare_table": "border-collapse:collapse;margin:0.4em 0;width:100%;",
    "compare_cell": "border:1px solid var(--jp-border-color2,#ccc);padding:4px 8px;vertical-align:top;width:50%;",
    "pre_wrap": "white-space:pre-wrap;",
    "quote": "border-left:3px solid var(--jp-border-color1);margin:6px 0;padding:4px 10px;max-width:46em;",
    "small": "font-size:90%;",
    "bold_top": "font-weight:bold;margin-top:10px;",
    "unit": "padding:0 8px;",
    "row_label": "display:inline-block;min-width:16em;padding-right:8px;",
    "checklist": "list-style:none;padding-left:0.4em;",
    # the trust change and the progress tables, as the widgets draw them (the static pages draw them the same)
    "trust_figure": "margin:0;max-width:46em",
    "trust_stage": "font-weight:bold;margin-top:6px",
    "plain_table": "border-collapse:collapse",
    "progress_table": "border-collapse:collapse;margin:4px 0;",
    "progress_caption": "text-align:left;font-weight:bold;",
    "progress_cell": "padding:2px 8px;border-bottom:1px solid var(--jp-border-color2);",
    "align_left": "text-align:left;",
    "align_right": "text-align:right;",
    "no_wrap": "white-space:nowrap;",
    "normal_weight": "font-weight:normal;",
}


def style(*names: str) -> str:
    """The CSS of one or more named looks of :data:`STYLES`, joined, for a ``style=`` attribute."""
    return "".join(STYLES[name] for name in names)


def box_css(status: str) -> str:
    """The look of a feedback box for a checked answer of this status."""
    colour = STATUS_COLOURS.get(status, "var(--jp-border-color1,#999)")
    return (f"border-left:4px solid {colour};padding:0.3em 0.8em;margin:0.3em 0;{WIDE_CSS}"
            "color:var(--jp-content-font-color1,inherit);")


# "saved" is neutral (grey, an arrow into storage): a green tick under "Not quite" read as "right"
SYMBOLS = {"right": "✓", "near": "≈", "wrong": "✗", "unanswered": "○",
           "info": "ℹ", "saved": "↓", "warning": "⚠", "error": "⚠"}
EDGES = {"right": "var(--jp-success-color1)", "near": "var(--jp-warn-color1)",
         "wrong": "var(--jp-error-color1)", "unanswered": "var(--jp-border-color1)",
         "info": "var(--jp-brand-color1)", "saved": "var(--jp-border-color1)",
         "warning": "var(--jp-warn-color1)", "error": "var(--jp-error-color1)"}


# ipywidgets gives each radio option a fixed height and floats its button left of the words that come
# before it, so an option whose words wrap runs over the next one (and its button drops below the
# first line). Choices that carry CHOICES_CLASS grow with their words instead, button first, words
# wrapping beside it: in JupyterLab and on the static pages alike (the style travels in an HTML widget).
# Each option is at least 28 px tall: a tap target above WCAG 2.2's 24 px (ipywidgets' own rows are 20 px).
CHOICES_CLASS = "claimlab-choices"
WIDGET_CSS = (
    f".{CHOICES_CLASS} .widget-radio-box label {{display:flex;flex-direction:row-reverse;"
    "justify-content:flex-end;align-items:flex-start;height:auto;"
    "min-height:28px;line-height:1.35;white-space:normal;padding:2px 0;box-sizing:border-box;}"
    f" .{CHOICES_CLASS} .widget-radio-box label input {{flex:none;float:none;height:auto;margin-top:0.2em;}}"
    f" .{CHOICES_CLASS} .widget-checkbox, .{CHOICES_CLASS} .widget-checkbox label {{height:auto;}}"
    f" .{CHOICES_CLASS} .widget-checkbox label {{white-space:normal;line-height:1.35;}}"
    # feedback and hints inside a widget keep text spacing, not the widgets' 28-pixel line height
    " .widget-html-content .claimlab-feedback, .widget-html-content .claimlab-feedback li {line-height:1.45;}"
)


def widget_css() -> str:
    """A <style> element for the Claim Lab classes used inside widgets (safe to repeat)."""
    return f"<style>{WIDGET_CSS}</style>"


def notice(message: str, kind: str = "info", *, raw_html: bool = False, keep_lines: bool = False) -> str:
    """A message box readable in light and dark themes: a symbol and words, not colour alone."""
    body = message if raw_html else escape(message)
    lines = "white-space:pre-line;" if keep_lines else ""
    return (f'<div role="status" style="{TEXT_CSS}{lines}border-left:4px solid {EDGES[kind]};'
            f'background:var(--jp-layout-color2);padding:4px 8px;margin:4px 0;">'
            f'<span aria-hidden="true">{SYMBOLS[kind]}</span> {body}</div>')


def heading(words: str) -> str:
    return f'<div style="{TEXT_CSS}font-weight:bold;margin-top:6px;">{escape(words)}</div>'


def table(headers: list[str], rows: Iterable[list[str]], caption: str = "") -> str:
    """An HTML table; headers and cells are HTML already (escape text before passing it)."""
    head = "".join(f'<th scope="col" style="{HEAD_CSS}">{h}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f'<td style="{CELL_CSS}">{c}</td>' for c in row) + "</tr>" for row in rows)
    cap = f'<caption style="text-align:left;font-weight:600;padding:4px 0">{caption}</caption>' if caption else ""
    # a wide table scrolls sideways in its own box instead of being cut off in a narrow window
    return (f'<div style="overflow-x:auto;max-width:100%"><table style="{TABLE_CSS}">{cap}<thead><tr>{head}'
            f'</tr></thead><tbody>{body}</tbody></table></div>')


def show(html_text: str) -> None:
    """Display HTML in the notebook."""
    from IPython.display import HTML, display
    display(HTML(html_text))
