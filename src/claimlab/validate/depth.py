"""The same standard in depth, not only in grades: checks that both sides' claims were researched alike.

Grades that look symmetric can still hide a double standard: one side's claim checked against five
outside sources, the other's against none. These checks make the depth of checking part of the data:

* ``checked_against`` (data/key.csv) lists every reference row consulted for a claim, and, where
  research found nothing from outside the claimant's side, a last part ``none found: <why>``. Rows the
  rationale cites must be listed; rows listed must be cited in the rationale or linked to the claim in
  data/claim_links.csv, so a learner can see them.
* Comparable claims (same ``kind``, from opposite sides) must be checked to the same depth: when
  one was checked against a source outside its side, a claim of the other side with no such source
  fails unless it says ``none found: <why>``.
* One outlet, one source type: data/reference/outlets.csv gives the type of every site rows were read
  on (by web address) and of named organisations that make claims; a row that disagrees fails.
* claims.csv's attribution (the form of the words) and the key's (is the speaker named?) agree.
* :func:`doc_count_problems` compares counts written in README.md and the docs with the data (used by
  the tests, since docs are not data).

Both checks are skipped for a dataset whose package does not declare the column or table (an article
built from older templates); Claim Lab's own data declares both as required.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

from claimlab.core.dataset import Dataset, read_table, split_list
from claimlab.core.problems import Problem

KEY = "data/key.csv"
OUTLETS = "data/reference/outlets.csv"
FIGURES = "data/reference/reported_figures.csv"
NONE_FOUND = "none found"
ID_RE = re.compile(r"\b([A-Z]{1,2}\d{2})\b")
PLACEHOLDER_ID_RE = re.compile(r"\{[a-z0-9]+:([A-Z]{1,2}\d{2})(?:\.\.([A-Z]{1,2}\d{2}))?\}")
# claimant_side values that are not a side of the conflict
NOT_A_SIDE = ("neither", "no_one_named")
SITE_TYPES = ("news_outlet_or_publisher", "state_media", "republication_or_aggregator")


def site_of(url: str) -> str:
    """The web address a row was read on, as outlets.csv keys it: 'https://www.tass.com/x' -> 'tass.com'.

    A port in the address ('https://example.org:443/x') is not part of the site: one outlet, whichever port."""
    try:
        host = urlparse(str(url)).hostname or ""
    except ValueError:  # e.g. a malformed port: keep what there is before it
        host = urlparse(str(url)).netloc.rsplit("@", 1)[-1].split(":", 1)[0].lower()
    return host[4:] if host.startswith("www.") else host


def site_key(match: str) -> str:
    """An outlets.csv site entry as it is compared: lower case, no 'www.', no port ('uawire.org:443' ->
    'uawire.org'), so an entry written with or without the port matches the page either way."""
    host, slash, path = str(match).strip().partition("/")
    host = re.sub(r":\d*$", "", host.lower())
    host = host[4:] if host.startswith("www.") else host
    return host + slash + path


def site_entry(url: str, sites: dict) -> str | None:
    """The outlets.csv site entry for a page: its web address, or the longest listed address-and-path
    prefix ('example.org/fictional/repost'), so that one host serving several outlets can be told apart."""
    parsed = urlparse(str(url))
    full = (site_of(url) + parsed.path).rstrip("/")
    best = None
    for match in sites:
        if (full == match or full.startswith(match.rstrip("/") + "/")) and (best is None or len(match) > len(best)):
            best = match
    return best


def own_government(side: str) -> str:
    """The claimant_affiliation of a side's own government: 'ukraine' -> 'ukraine_government'."""
    return re.sub(r"\W+", "_", str(side).strip().lower()) + "_government"


def sides_of(ds: Dataset) -> list[str]:
    return sorted({str(s) for s in ds.claims["claimant_side"].dropna()} - set(NOT_A_SIDE))


def parse_checked(value: object) -> tuple[list[str], str | None]:
    """'D01;K17; none found: why' -> (['D01', 'K17'], 'why'). The reason is None when absent."""
    ids, reason = [], None
    for part in split_list(value):
        if part.lower().startswith(NONE_FOUND):
            reason = part[len(NONE_FOUND):].lstrip(" :").strip()
        else:
            ids.append(part)
    return ids, reason


def cited_ids(text: object, known: set[str]) -> set[str]:
    """Reference rows a rationale names, bare ('(K17)') or in a placeholder ('{date:D01}')."""
    if text is None or pd.isna(text):
        return set()
    found = {m for m in ID_RE.findall(str(text)) if m in known}
    for first, second in PLACEHOLDER_ID_RE.findall(str(text)):
        found |= {i for i in (first, second) if i in known}
    return found


def outside_rows(ds: Dataset, claim_id: str, ids: list[str]) -> list[str]:
    """The checked rows that come from outside the claimant's own side (and are not the article itself)."""
    side = str(ds.claims.loc[claim_id, "claimant_side"])
    own = None if side in NOT_A_SIDE else own_government(side)
    out = []
    for fid in ids:
        if fid not in ds.figures.index:
            continue
        row = ds.figures.loc[fid]
        if str(row["topic"]) == "article_origin" or (own and str(row["claimant_affiliation"]) == own):
            continue
        out.append(fid)
    return out


# --------------------------------------------------------------------------- checked_against
def checked_problems(ds: Dataset) -> list[Problem]:
    if "checked_against" not in ds.key.columns:
        return []
    problems: list[Problem] = []
    known = set(ds.figures.index)
    linked = ds.links.groupby("claim_id")["figure_id"].agg(set).to_dict() if len(ds.links) else {}
    for pos, (cid, row) in enumerate(ds.key.iterrows(), 2):
        def bad(message: str, column: str = "checked_against", pos: int = pos, cid: str = cid) -> None:
            problems.append(Problem(KEY, message, row=pos, column=column, row_id=cid))

        raw = row["checked_against"]
        ids, reason = parse_checked(raw)
        parts = split_list(raw)
        if not parts:
            bad("say which reference rows were consulted (figure_ids separated by ';'), or write "
                "'none found: <why>' if research found none")
            continue
        if reason is not None and not reason:
            bad("'none found' needs a reason after it, e.g. 'none found: no independent count was found'")
        if reason is not None and not parts[-1].lower().startswith(NONE_FOUND):
            bad("put 'none found: <why>' last, after the figure_ids")
        for fid in ids:
            if fid not in known:
                bad(f"'{fid}' is not a figure_id in {FIGURES} (or, if it is a reason, start it with 'none found:')")
        listed = set(ids)
        for fid in sorted((set(split_list(row["reference_ids"])) | cited_ids(row["rationale"], known)) - listed):
            bad(f"the rationale or reference_ids cite {fid}, which is not listed as consulted; add it")
        shown = cited_ids(row["rationale"], known) | set(split_list(row["reference_ids"])) | linked.get(cid, set())
        for fid in [f for f in ids if f in known and f not in shown]:
            bad(f"{fid} is listed as consulted, but the rationale does not cite it and data/claim_links.csv does "
                "not link it to this claim, so a learner cannot see it; cite it or add a link")
    return problems


def depth_problems(ds: Dataset) -> list[Problem]:
    """Comparable claims of the two sides checked to different depths, with no stated reason."""
    if "checked_against" not in ds.key.columns:
        return []
    problems: list[Problem] = []
    positions = {cid: pos for pos, cid in enumerate(ds.key.index, 2)}
    joined = ds.key.join(ds.claims[["claimant_side"]], how="inner")
    sides = sides_of(ds)
    for kind, group in joined.groupby("kind"):
        group = group[group["claimant_side"].isin(sides)]
        if group["claimant_side"].nunique() < 2:
            continue
        depth = {}
        for cid, row in group.iterrows():
            ids, reason = parse_checked(row["checked_against"])
            depth[cid] = (outside_rows(ds, cid, ids), reason)
        for side in sorted(set(group["claimant_side"])):
            checked = [cid for cid, (rows, _) in depth.items() if rows and group.loc[cid, "claimant_side"] == side]
            if not checked:
                continue
            for cid, (rows, reason) in depth.items():
                if group.loc[cid, "claimant_side"] == side or rows or reason:
                    continue
                problems.append(Problem(
                    KEY, f"claims of kind '{kind}' were checked to different depths: {', '.join(checked)} "
                         f"({side}) against sources outside its side, {cid} ({group.loc[cid, 'claimant_side']}) "
                         "against none. Research it the same way, or end checked_against with "
                         "'none found: <why>'", row=positions.get(cid), column="checked_against", row_id=cid))
    return problems


# --------------------------------------------------------------------------- one source type per outlet
def outlets_table(ds: Dataset) -> pd.DataFrame | None:
    resource = next((r for r in ds.package.get("resources", []) if r.get("name") == "outlets"), None)
    if resource is None:
        return None
    return read_table(ds.data_dir, resource)


def outlet_problems(ds: Dataset, outlets: pd.DataFrame | None = None) -> list[Problem]:
    outlets = outlets_table(ds) if outlets is None else outlets
    if outlets is None:
        return []
    problems: list[Problem] = []
    known = set(ds.figures.index)
    sites: dict[str, tuple[str, int]] = {}
    claimants: list[tuple[re.Pattern, str, str, int]] = []
    for pos, row in enumerate(outlets.itertuples(index=False), 2):
        def bad(message: str, column: str, pos: int = pos, name: str = str(row.outlet)) -> None:
            problems.append(Problem(OUTLETS, message, row=pos, column=column, row_id=name))

        for fid in split_list(row.evidence):
            if fid not in known:
                bad(f"'{fid}' is not a figure_id in {FIGURES}", "evidence")
        if row.role == "site":
            if str(row.source_type) not in SITE_TYPES:
                bad(f"a site's type must be one of {', '.join(SITE_TYPES)}", "source_type")
            if site_key(row.match) in sites:
                bad(f"the site {row.match} is listed twice", "match")
            sites[site_key(row.match)] = (str(row.source_type), pos)
        else:
            if str(row.source_type) in SITE_TYPES:
                bad("a claimant's type must be a claimant_affiliation value, not a kind of site", "source_type")
            try:
                claimants.append((re.compile(str(row.match), re.IGNORECASE), str(row.source_type), str(row.outlet), pos))
            except re.error as exc:
                bad(f"the pattern is not a valid regular expression ({exc})", "match")
    used = set()
    for pos, (fid, row) in enumerate(ds.figures.iterrows(), 2):
        site = site_entry(row["source_url"], sites) or site_of(row["source_url"])
        if site not in sites:
            problems.append(Problem(FIGURES, f"the site {site} is not in {OUTLETS}; add it with its source type, "
                                             "so every row read there gets the same one", row=pos,
                                    column="source_url", row_id=fid))
        elif str(row["outlet_kind"]) != sites[site][0]:
            problems.append(Problem(FIGURES, f"outlet_kind is '{row['outlet_kind']}', but {OUTLETS} (row "
                                             f"{sites[site][1]}) says {site} is '{sites[site][0]}': one outlet, "
                                             "one source type", row=pos, column="outlet_kind", row_id=fid))
        for pattern, kind, name, opos in claimants:
            if pattern.search(str(row["claimant"])):
                used.add(opos)
                if str(row["claimant_affiliation"]) != kind:
                    problems.append(Problem(
                        FIGURES, f"claimant_affiliation is '{row['claimant_affiliation']}', but {OUTLETS} (row "
                                 f"{opos}) says {name} is '{kind}': one outlet, one source type", row=pos,
                        column="claimant_affiliation", row_id=fid))
    for _pattern, _kind, name, opos in claimants:
        if opos not in used:
            problems.append(Problem(OUTLETS, "this pattern matches no claimant in reported_figures.csv; "
                                             "fix or remove it", row=opos, column="match", row_id=name))
    return problems


# --------------------------------------------------------------------------- claims.csv and the key agree
# claims.csv records the FORM of the words (quotation marks, paraphrase, nothing); the key's attribution
# question also asks whether the paragraph names the speaker, so 'vague' goes with any form.
KEY_ATTRIBUTION = {"direct_quote": {"named_direct_quote", "vague"},
                   "named_paraphrase": {"named_paraphrase", "vague"},
                   "unattributed": {"none", "vague"}}


def attribution_problems(ds: Dataset) -> list[Problem]:
    problems: list[Problem] = []
    if "attribution" not in ds.key.columns:
        return problems
    for pos, (cid, row) in enumerate(ds.key.iterrows(), 2):
        form = str(ds.claims.loc[cid, "attribution"]) if cid in ds.claims.index else ""
        allowed = KEY_ATTRIBUTION.get(form)
        if allowed and str(row["attribution"]) not in allowed:
            problems.append(Problem(KEY, f"data/claims.csv says the words are '{form}', so the key's attribution "
                                         f"must be one of {', '.join(sorted(allowed))}, not '{row['attribution']}'",
                                    row=pos, column="attribution", row_id=cid))
    return problems


def check_depth(ds: Dataset) -> list[Problem]:
    """Every check in this module that runs on data (``python -m claimlab validate`` calls it)."""
    return checked_problems(ds) + depth_problems(ds) + outlet_problems(ds) + attribution_problems(ds)


# --------------------------------------------------------------------------- counts written in the docs
def data_counts(ds: Dataset) -> dict[str, int]:
    return {"claims": len(ds.claims), "reference rows": len(ds.figures), "key rows": len(ds.key),
            "questions": len(ds.rubric.get("dimensions", []))}


NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
# (what is counted, a pattern whose group 1 is the count as written)
COUNT_PATTERNS = (
    ("reference rows", re.compile(r"(?<!of )\b(\d+) (?:sourced figures|reference (?:rows|figures)|figures about)")),
    ("claims", re.compile(r"\b(\d+) (?:checkable )?claims\b")),
    ("questions", re.compile(r"\b(\w+)[- ]question rubric")),
)


def doc_count_problems(ds: Dataset, files: list[Path] | None = None) -> list[Problem]:
    """Counts typed into README.md and docs that disagree with the data."""
    root = ds.root
    files = files or [root / "README.md", root / "data" / "reference" / "README.md", *sorted((root / "docs").glob("*.md"))]
    counts = data_counts(ds)
    problems: list[Problem] = []
    for path in files:
        if not path.is_file():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for what, pattern in COUNT_PATTERNS:
                for m in pattern.finditer(line):
                    raw = m.group(1).lower()
                    written = int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw)
                    if written is not None and written != counts[what]:
                        problems.append(Problem(path.relative_to(root).as_posix(),
                                                f"line {number} says {m.group(0)!r}, but the data has "
                                                f"{counts[what]} {what}"))
    return problems
