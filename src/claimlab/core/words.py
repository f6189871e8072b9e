"""The words of the interface (buttons, prompts, notices), from ``data/interface.yaml``.

Every word a learner reads comes from ``data/``: the feedback of the checker from data/exercises.yaml and
data/rubric.yaml, and the rest from data/interface.yaml through :func:`word`. An instructor translates or
rewords the module by editing those files. ``{name}`` fields in a text are filled from the keyword
arguments; data placeholders (``{claim:CL05}``) are not used here.
"""
from __future__ import annotations

from typing import Any

from claimlab.core.dataset import Dataset, load

__all__ = ["word", "words", "side_word", "INTERFACE_FILE"]

INTERFACE_FILE = "data/interface.yaml"


def words(ds: Dataset | None = None) -> dict[str, Any]:
    """Every interface text, by name (sections flattened as ``section.name``)."""
    data = (ds or load()).interface
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update({f"{key}.{sub}": text for sub, text in value.items()})
        else:
            flat[key] = value
    return flat


def word(name: str, ds: Dataset | None = None, **fields: Any) -> str:
    """One interface text, with its ``{fields}`` filled in. A missing name shows as itself (never raises)."""
    try:
        data = ds or load()
        section, _, key = name.partition(".")
        value = data.interface.get(section, {}).get(key) if key else data.interface.get(section)
    except Exception:  # no data to read: the name is the best there is
        value = None
    text = str(value) if value is not None else name
    for field, filled in fields.items():
        text = text.replace("{" + field + "}", str(filled))
    return text


def side_word(side: Any, ds: Dataset | None = None) -> str:
    """A claimant_side value as learners read it ("ukraine" -> "Ukraine"), from ``sides`` in
    data/interface.yaml; the value itself if the file has no word for it."""
    return word(f"sides.{side}", ds) if str(side).strip() else str(side)
