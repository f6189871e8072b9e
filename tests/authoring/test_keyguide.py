"""The expert key explained claim by claim (issue 8): generated from data/, never retyped."""
from __future__ import annotations

import re

from claimlab.authoring import keyguide
from claimlab.core import text
from claimlab.core.dataset import split_list


def test_expert_key_guide_is_current(root):
    expected = keyguide.render(root)
    current = (root / "docs" / "expert_key.md").read_text(encoding="utf-8")
    assert current == expected, ("docs/expert_key.md is out of date: run "
                                 "python -m claimlab key-guide > docs/expert_key.md")


def test_every_near_miss_in_the_key_is_listed(ds):
    listed = keyguide.near_misses(ds)
    total = sum(len(split_list(ds.key.loc[c, f"{d['id']}_accept"])) for c in ds.key.index for d in ds.dimensions())
    assert listed["count"].sum() == total
    for row in listed.itertuples():
        for claim_id in row.claims:
            assert str(ds.key.loc[claim_id, row.dimension]) == row.expected
            assert row.near in split_list(ds.key.loc[claim_id, f"{row.dimension}_accept"])


def test_every_claim_has_its_section_with_the_rendered_rationale(ds, root):
    guide = keyguide.render(root)
    for claim_id, row in ds.key.iterrows():
        assert f'<a id="{claim_id.lower()}"></a>' in guide
        assert " ".join(text.render(str(row["rationale"]), ds).split()).replace("|", "\\|") in guide
    assert "{" not in re.sub(r"`[^`]*`", "", guide), "an unfilled placeholder reached the guide"


def test_notebook_claims_are_read_from_the_notebooks(ds, root):
    found = dict(keyguide.claims_by_notebook(ds))
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        calls = set(re.findall(r'cl\.rate\(\\?"(CL\d+)', path.read_text(encoding="utf-8")))
        if calls:
            assert calls <= set(found[f"`{path.stem}`"]), path.name


def test_unverified_reference_rows_are_never_listed(ds, root):
    guide = keyguide.render(root)
    for fid in ds.figures.index[~ds.figures["teachable"]]:
        assert f"- `{fid}`:" not in guide


def test_key_guide_command(capsys):
    from claimlab.cli import main
    assert main(["key-guide"]) == 0
    assert capsys.readouterr().out.startswith("# The expert key, claim by claim")
