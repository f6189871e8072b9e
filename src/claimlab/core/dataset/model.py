"""The data read from ``data/``: the :class:`Article` and the :class:`Dataset` (tables as typed pandas
DataFrames, the rubric, the exercise keys and every other YAML file datapackage.json names).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

OTHER_SIDES = ("neither", "no_one_named")  # claimant_side values that are not a side of the conflict

__all__ = ["Article", "Dataset", "OTHER_SIDES"]


@dataclass
class Article:
    meta: dict[str, Any]
    paragraphs: dict[int, str]

    @property
    def text(self) -> str:
        """The article as published: paragraphs separated by blank lines, no numbers."""
        return "\n\n".join(self.paragraphs[i] for i in sorted(self.paragraphs))



@dataclass
class Dataset:
    root: Path
    article: Article
    claims: pd.DataFrame
    links: pd.DataFrame
    key: pd.DataFrame
    key_notes: pd.DataFrame
    figures: pd.DataFrame
    unit_map: pd.DataFrame
    audit: pd.DataFrame
    markers: pd.DataFrame
    glossary: pd.DataFrame
    docs: dict[str, Any] = field(repr=False, default_factory=dict)  # every YAML file, by its name in datapackage.json
    package: dict[str, Any] = field(repr=False, default_factory=dict)
    # values worked out from this data and asked for again and again (filled-in texts, key notes): kept
    # with the dataset, so they are forgotten with it and never outlive a change to data/
    memo: dict[Any, Any] = field(repr=False, compare=False, default_factory=dict)

    @property
    def rubric(self) -> dict[str, Any]:
        """data/rubric.yaml: the rubric's questions, options and feedback."""
        return self.docs.get("rubric") or {}

    @property
    def exercises(self) -> dict[str, Any]:
        """data/exercises.yaml: the exercise keys and the words of feedback."""
        return self.docs.get("exercises") or {}

    @property
    def interface(self) -> dict[str, Any]:
        """data/interface.yaml: the words of buttons, prompts and notices."""
        return self.docs.get("interface") or {}

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    def claim(self, claim_id: str) -> pd.Series:
        return self.claims.loc[claim_id]

    def figure(self, figure_id: str) -> pd.Series:
        return self.figures.loc[figure_id]

    def claim_ids(self) -> list[str]:
        return list(self.claims.index)

    def links_for(self, claim_id: str) -> pd.DataFrame:
        return self.links[self.links["claim_id"] == claim_id]

    def dimensions(self) -> list[dict[str, Any]]:
        return self.rubric["dimensions"]

    def sides(self) -> list[str]:
        """The article's sides, in the order data/datapackage.json lists them (claims.claimant_side)."""
        for resource in self.package.get("resources", []):
            if resource.get("name") == "claims":
                for spec in resource["schema"]["fields"]:
                    if spec["name"] == "claimant_side":
                        return [s for s in spec.get("constraints", {}).get("enum", []) if s not in OTHER_SIDES]
        return [s for s in dict.fromkeys(self.claims["claimant_side"]) if s not in OTHER_SIDES]

