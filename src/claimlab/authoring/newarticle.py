"""Build the same module around another article, by editing data alone.

    python -m claimlab new-article DIR --sides "Northland,Southland" [--measures "island area,..."] [--title "..."]
    python -m claimlab new-article --check DIR     # list every problem, with file, row and column
    python -m claimlab new-article --build DIR     # check, then write solutions/, exercises/, sample answers

Starting (``new-article DIR``) creates DIR with:

* ``data/``: the files to fill in (article.md, claims.csv, claim_links.csv, key.csv,
  key_notes.csv, markers.csv, reference/reported_figures.csv, reference/audit_of_30_rows.csv,
  exercises.yaml), each CSV with its header row only; ``reference/unit_map.csv`` with the
  usual spellings of every unit; and, copied from the current Claim Lab folder so that the
  same schema validates, ``datapackage.json``, ``schemas/`` and ``rubric.yaml``. Only the
  article's own vocabulary changes (see :func:`datapackage_for`): the names of the sides (the
  allowed ``claimant_side`` and ``claimant_affiliation`` values, and the "official of a side"
  options of the rubric's first question) and what the reference figures measure;
* ``notebooks/``: notebooks that read everything (claim ids included) from ``data/``, so they
  run unchanged on any valid data; ``instructors/class_results.ipynb``; ``docs/data_dictionary.md``;
* ``README.md``: what to fill in, and in what order.

Building (``--build``) validates the data with :func:`claimlab.load` and, if it is valid,
writes one solution notebook per exercise notebook in ``data/exercises.yaml`` (the answers
taken from that file), the learner copies in ``exercises/`` (with
:mod:`claimlab.build_exercises`, as for Claim Lab's own exercises) and made-up answers
files in ``instructors/sample_answers/``.
"""
from __future__ import annotations

import copy
import json
import re
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from claimlab.core.dataset import Dataset, find_root, load

__all__ = ["create", "check", "build", "datapackage_for", "rubric_for", "solution_notebook", "add_kind",
           "parse_sides", "parse_measures", "parse_names", "parse_units", "slug", "summary", "plan", "ArticleSetupError", "NOTEBOOKS", "OTHER_SIDES", "NO_FIGURE"]

# tables whose contents do not depend on the article (copied as they are into a new module)
ARTICLE_FREE = ("glossary",)
NOTEBOOKS = ("00_start_here.ipynb", "01_who_says_what.ipynb", "02_judging_sources.ipynb", "03_the_numbers.ipynb",
             "04_counting_the_dead_and_lost.ipynb", "05_where_did_this_text_come_from.ipynb", "06_wrap_up.ipynb")
# what a notebook needs from the data to be included (see :func:`plan`); the others are always included
NOTEBOOK_NEEDS = {"03_the_numbers.ipynb": "numbers", "04_counting_the_dead_and_lost.ipynb": "counts",
                  "05_where_did_this_text_come_from.ipynb": "text_sources"}
NEEDS_WORDS = {
    "numbers": "no claim in data/claims.csv has a number (value)",
    "counts": "no claim is a count of the dead, wounded or lost (is_casualty_or_loss_count), nor a party's own "
              "tally (kind belligerent_tally in data/key.csv)",
    "text_sources": "no claim is linked to a copy of the article's text (relation 'origin' in data/claim_links.csv) "
                    "and data/markers.csv is empty",
}
CELL_NEEDS = ("unattributed", "compared_worked", "compared", "series", "mirror", "loss_pair", "markers", "origin",
              "exercises")  # parts of notebooks left out, with a note, when the data has nothing for them
PART_WORDS = {
    "00_start_here.ipynb": "why it matters, how notebooks work, the article, a first impression",
    "01_who_says_what.ipynb": "claims and claimants, the outlet's own voice, unattributed figures",
    "02_judging_sources.ipynb": "the rubric, a worked example, judging claims with feedback",
    "03_the_numbers.ipynb": "charts of the article's numbers and what others reported",
    "04_counting_the_dead_and_lost.ipynb": "a party's counts (of the dead and lost, where there are any), one "
                                           "standard for both sides",
    "05_where_did_this_text_come_from.ipynb": "where the text came from, wording markers, SIFT",
    "06_wrap_up.ipynb": "a summary, the first impression revisited, a checklist, handing in answers",
}
OTHER_SIDES = ("neither", "no_one_named")  # claimant_side values that are not a side of the conflict
NO_FIGURE = "no_figure"  # the measure of a reference row with no number (a date, a copy of a text)
DATA_TEMPLATES = {"article.md": "article.md", "exercises.yaml": "exercises.yaml"}
CLASS_NOTEBOOK = Path("instructors") / "class_results.ipynb"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
QUALIFIED_UNITS = (("", "exact"), (" (about)", "about"), (" (nearly)", "nearly"), (" (more than)", "more_than"),
                   (" (at least)", "at_least"), (" (at most)", "at_most"), (" (up to)", "up_to"))
SIDE_RE = re.compile(r"^[A-Za-z][A-Za-z .'-]*$")


class ArticleSetupError(ValueError):
    """The command was given something it cannot use (the message says what)."""


# --------------------------------------------------------------------------- helpers
def _template(name: str) -> str:
    return resources.files("claimlab.authoring").joinpath("templates", name).read_text(encoding="utf-8")


def slug(name: str) -> str:
    """'Republic of Northland' -> 'republic_of_northland'."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def parse_sides(text: str) -> list[str]:
    """'Northland, Southland' -> ['Northland', 'Southland']; at least two distinct names of letters and spaces."""
    sides = [part.strip() for part in str(text).split(",") if part.strip()]
    if len(sides) < 2:
        raise ArticleSetupError("give at least two sides, separated by a comma, like --sides \"Northland,Southland\"")
    for side in sides:
        if slug(side) in OTHER_SIDES:
            raise ArticleSetupError(f"'{side}' is reserved (it means a claim from no side); choose another name")
        if not SIDE_RE.match(side):
            raise ArticleSetupError(f"'{side}' is not a usable side name: use letters, spaces, hyphens or apostrophes")
    if len({slug(s) for s in sides}) != len(sides):
        raise ArticleSetupError("two sides have the same name")
    return sides


def _field(package: dict, resource: str, name: str) -> dict:
    res = next(r for r in package["resources"] if r["name"] == resource)
    return next(f for f in res["schema"]["fields"] if f["name"] == name)


def _current_sides(package: dict) -> list[str]:
    enum = _field(package, "claims", "claimant_side").get("constraints", {}).get("enum", [])
    return [s for s in enum if s not in OTHER_SIDES]


def parse_measures(text: str) -> list[str]:
    """'guards counted, island area' -> ['guards_counted', 'island_area'] (NO_FIGURE is always allowed too)."""
    measures = [slug(part) for part in str(text).split(",") if slug(part)]
    if len(set(measures)) != len(measures):
        raise ArticleSetupError("two measures have the same name")
    return [m for m in measures if m != NO_FIGURE]


# Common wire wording that every new article may use without editing the data dictionary or the
# rubric: floors and ceilings ("at least 126", "nearly", "up to"), which the reference unit map
# already allows; figures from unofficial channels (military bloggers, Telegram channels). Vague
# words such as "dozens" and fractions such as "about a fifth" need no new option: see
# data/README (a figure claim may give "dozens" in number_as_printed with no value; "about a fifth"
# is value 20, unit percent, qualifier about).
WIRE_QUALIFIERS = ("at_least", "nearly", "up_to", "at_most")
UNOFFICIAL = "unofficial_channel"
UNOFFICIAL_WHO = {"id": "unofficial_source", "label": "An unofficial source (a military blogger, a Telegram channel)",
                  "why_right": "The claim comes from an account that speaks for no government or armed force and "
                               "names no method: a military blogger, a Telegram channel or a social media post."}
ARTICLE_PROSE = {
    "reported_figures": "Figures about the article's events read from stored copies of public pages, with every "
                        "provenance column: who claimed it, when, where it was read (source_url) and the source's "
                        "own words (snippet). A row whose caution starts with UNVERIFIED is never shown to learners.",
    "measures": "Classifies every reference row by what it counts, so that charts and comparisons put like with "
                "like (for example, soldiers killed are not soldiers wounded; people to be evacuated are not "
                "people evacuated).",
}
FIGURE_ID_PATTERN = "[A-Z]\\d{2}"  # a capital letter and two digits, as the exercises schema already allows
# topics that every article may use for its reference rows (besides those of its claims)
GENERIC_FIGURE_TOPICS = ("article_origin", "context_dates", "civilians")


def _extend(enum: list[str], extra) -> list[str]:
    return [*enum, *(e for e in extra if e not in enum)]


def datapackage_for(package: dict, sides: list[str], title: str, measures: list[str] = (),
                    topics: list[str] = (), units: list[str] = ()) -> dict:
    """The current datapackage.json with only the article's own vocabulary changed.

    That is: the allowed ``claimant_side`` values (``sides`` plus neither / no_one_named), the
    governments among the ``claimant_affiliation`` values (``<side>_government``, plus
    ``unofficial_channel``), the allowed ``measure`` values of reference/measures.csv
    (``measures`` plus ``no_figure``), the topics (the claims' topics plus ``topics``; the
    reference rows' topics are the same list, with article_origin, context_dates and civilians,
    instead of the current article's own), the units of reference/unit_map.csv (plus ``units``),
    the claims' qualifiers (plus at_least, nearly, up_to, at_most), and the package's own name
    and title. Every column, type and rule stays as it is.
    """
    new = copy.deepcopy(package)
    old_sides = _current_sides(package)
    new["name"] = f"claimlab-{slug(title) or 'article'}"
    new["title"] = f"Claim Lab: {title}"
    new["version"] = "0.1.0"
    _field(new, "claims", "claimant_side")["constraints"]["enum"] = [*sides, *OTHER_SIDES]
    affiliation = _field(new, "reported_figures", "claimant_affiliation")["constraints"]
    old_governments = {f"{slug(s)}_government" for s in old_sides}
    others = [v for v in affiliation["enum"] if v not in old_governments]
    affiliation["enum"] = _extend([f"{slug(s)}_government" for s in sides] + others, [UNOFFICIAL])
    if any(r["name"] == "outlets" for r in new["resources"]):  # one source type per outlet: the same values
        source_type = _field(new, "outlets", "source_type")["constraints"]
        kept = [v for v in source_type["enum"] if v not in old_governments]
        source_type["enum"] = _extend([f"{slug(s)}_government" for s in sides] + kept, [UNOFFICIAL])
    if any(r["name"] == "measures" for r in new["resources"]):
        _field(new, "measures", "measure")["constraints"]["enum"] = [*measures, NO_FIGURE]
    claim_topics = _field(new, "claims", "topic")["constraints"]
    claim_topics["enum"] = _extend(claim_topics["enum"], topics)
    _field(new, "reported_figures", "topic")["constraints"]["enum"] = _extend(
        list(GENERIC_FIGURE_TOPICS), claim_topics["enum"])
    qualifier = _field(new, "claims", "qualifier")["constraints"]
    qualifier["enum"] = _extend(qualifier["enum"], WIRE_QUALIFIERS)
    # the current article's own prose in the data dictionary is not carried into another article
    for resource in new["resources"]:
        if resource["name"] in ARTICLE_PROSE:
            resource["description"] = ARTICLE_PROSE[resource["name"]]
    _field(new, "reported_figures", "figure_id")["description"] = (
        "Stable id: a capital letter and two digits (A01 for the article's own origin, D01 for dates of "
        "statements; choose a letter for each topic, e.g. T for territory). Text refers to it through "
        "placeholders such as {fig:T01}.")
    figure_id = _field(new, "reported_figures", "figure_id").get("constraints", {})
    if "pattern" in figure_id:  # any capital letter may start a reference id (the current one lists its own)
        figure_id["pattern"] = FIGURE_ID_PATTERN
        new.setdefault("claimlab", {})["figure_id_pattern"] = FIGURE_ID_PATTERN
    if any(r["name"] == "unit_map" for r in new["resources"]):
        unit = _field(new, "unit_map", "unit")["constraints"]
        unit["enum"] = _extend([u for u in unit["enum"] if u != "none"], units) + ["none"]
    return new


def rubric_for(rubric_text: str, sides: list[str]) -> str:
    """The current rubric with the "official of a side" options of its first question replaced, one per side,
    and an "unofficial source" option (military bloggers, Telegram channels) added to it."""
    rubric = yaml.safe_load(rubric_text)
    first = rubric["dimensions"][0]
    kept = [o for o in first["options"] if not str(o["id"]).endswith("_official")]
    if not any(o["id"] == UNOFFICIAL_WHO["id"] for o in kept):
        at = next((i for i, o in enumerate(kept) if o["id"] == "no_one_named"), len(kept))
        kept.insert(at, dict(UNOFFICIAL_WHO))
    first["options"] = [{"id": f"{slug(s)}_official", "label": f"An official of {s}",
                         "why_right": f"The claim comes from someone speaking for {s}'s government or armed forces."}
                        for s in sides] + kept
    header = ("# Claim Lab sourcing rubric, copied from Claim Lab by `python -m claimlab new-article`.\n"
              "# You can reword any label, question, help text or feedback. Keep the `id` values:\n"
              "# data/key.csv refers to them. The first question's options name the sides of this article.\n")
    return header + yaml.safe_dump(rubric, sort_keys=False, allow_unicode=True, width=100)


def add_kind(root: str | Path, kind: str, label: str) -> None:
    """Add a kind of claim in both places it must be: data/rubric.yaml's kinds and data/key.csv's allowed kinds."""
    root = Path(root)
    kind = slug(kind)
    if not kind:
        raise ArticleSetupError("give the new kind a name of letters, digits and underscores")
    pkg_path, rubric_path = root / "data" / "datapackage.json", root / "data" / "rubric.yaml"
    if not pkg_path.is_file() or not rubric_path.is_file():
        raise ArticleSetupError(f"{root} has no data/datapackage.json and data/rubric.yaml; start it with "
                                f"python -m claimlab new-article {root}")
    package = json.loads(pkg_path.read_text(encoding="utf-8"))
    enum = _field(package, "key", "kind")["constraints"]["enum"]
    text = rubric_path.read_text(encoding="utf-8")
    rubric = yaml.safe_load(text)
    if kind in enum and kind in rubric.get("kinds", {}):
        raise ArticleSetupError(f"the kind '{kind}' is already there")
    if kind not in enum:
        enum.append(kind)
    if kind not in rubric.get("kinds", {}):
        rubric.setdefault("kinds", {})[kind] = label.strip() or kind.replace("_", " ")
    pkg_path.write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    header = "".join(line + "\n" for line in text.splitlines() if line.startswith("#"))
    rubric_path.write_text(header + yaml.safe_dump(rubric, sort_keys=False, allow_unicode=True, width=100),
                           encoding="utf-8")


def parse_names(text: str) -> list[str]:
    """'military losses, armed clashes' -> ['military_losses', 'armed_clashes'] (topics)."""
    return list(dict.fromkeys(slug(part) for part in str(text).split(",") if slug(part)))


def parse_units(text: str) -> list[str]:
    """'armed clashes, armed groups' -> ['armed clashes', 'armed groups'] (units keep their spaces)."""
    found = [re.sub(r"\s+", " ", part.strip().lower()) for part in str(text).split(",") if part.strip()]
    for unit in found:
        if not re.match(r"^[a-z][a-z0-9 %²-]*$", unit):
            raise ArticleSetupError(f"'{unit}' is not a usable unit: use letters, digits, spaces and hyphens")
    return list(dict.fromkeys(found))


def _unit_map(package: dict) -> str:
    """Every unit the data dictionary allows, in its usual spellings (exact, about, more than ...)."""
    units = _field(package, "unit_map", "unit")["constraints"]["enum"]
    lines = ["raw_unit,unit,qualifier,note", ",none,none,A row with no figure (a date or a copy of a text)."]
    for unit in units:
        if unit != "none":
            lines += [f"{unit}{suffix},{unit},{qualifier}," for suffix, qualifier in QUALIFIED_UNITS]
    return "\n".join(lines) + "\n"


def _header(resource: dict) -> str:
    return ",".join(f["name"] for f in resource["schema"]["fields"]) + "\n"


def _exercises_template(source: Path) -> str:
    messages = yaml.safe_load(source.read_text(encoding="utf-8")).get("messages", {})
    dumped = yaml.safe_dump({"messages": messages}, sort_keys=False, allow_unicode=True, width=100)
    return _template("exercises.yaml").replace("@@MESSAGES@@\n", dumped)


def _clear_outputs(notebook_text: str) -> str:
    nb = json.loads(notebook_text)
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None
    nb.get("metadata", {}).pop("widgets", None)
    return json.dumps(nb, ensure_ascii=False, indent=1) + "\n"


# --------------------------------------------------------------------------- create
def create(target: str | Path, sides: list[str], title: str = "", measures: list[str] = (),
           source: str | Path | None = None, *, topics: list[str] = (), units: list[str] = ()) -> Path:
    """Create a new article folder at ``target`` from the Claim Lab folder ``source`` (found from here by default)."""
    target = Path(target).resolve()
    if target.exists() and any(target.iterdir()):
        raise ArticleSetupError(f"{target} already exists and is not empty; choose a new folder")
    source_root = Path(source).resolve() if source else find_root()
    src = source_root / "data"
    package = json.loads((src / "datapackage.json").read_text(encoding="utf-8"))
    title = title.strip() or target.name.replace("_", " ").replace("-", " ")
    data = target / "data"
    (data / "reference").mkdir(parents=True)
    new_package = datapackage_for(package, sides, title, measures, topics, units)
    (data / "datapackage.json").write_text(json.dumps(new_package, ensure_ascii=False, indent=2) + "\n",
                                           encoding="utf-8")
    extra = package.get("claimlab", {})
    for spec in extra.get("yaml", {}).values():
        schema = data / spec["schema"]
        schema.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src / spec["schema"], schema)
    for resource in package["resources"]:
        path = data / resource["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        if resource["name"] in ARTICLE_FREE:  # the same for any article: start from the current module's
            shutil.copyfile(src / resource["path"], path)
            continue
        path.write_text(_unit_map(new_package) if resource["name"] == "unit_map" else _header(resource),
                        encoding="utf-8")
    yaml_specs = extra.get("yaml", {})
    (data / yaml_specs["rubric"]["path"]).write_text(
        rubric_for((src / yaml_specs["rubric"]["path"]).read_text(encoding="utf-8"), sides), encoding="utf-8")
    (data / yaml_specs["exercises"]["path"]).write_text(
        _exercises_template(src / yaml_specs["exercises"]["path"]), encoding="utf-8")
    for name, spec in yaml_specs.items():  # the same for any article (interface words ...): copied as they are
        if name not in ("rubric", "exercises"):
            shutil.copyfile(src / spec["path"], data / spec["path"])
    (data / extra.get("article", "article.md")).write_text(_template("article.md"), encoding="utf-8")
    (target / "notebooks").mkdir()
    (target / "notebooks" / "README.md").write_text(
        "The notebooks are written here from your data by `python -m claimlab new-article --build .`:\n"
        "each part of the series is included when the data supports it, and left out with a note when not.\n",
        encoding="utf-8")
    class_notebook = source_root / CLASS_NOTEBOOK
    if class_notebook.is_file():
        (target / "instructors").mkdir()
        (target / CLASS_NOTEBOOK).write_text(_clear_outputs(class_notebook.read_text(encoding="utf-8")),
                                             encoding="utf-8")
    (target / "docs").mkdir()
    from claimlab.authoring.dictionary import render as render_dictionary
    (target / "docs" / "data_dictionary.md").write_text(render_dictionary(target), encoding="utf-8")
    readme = (_template("README.md").replace("@@TITLE@@", title)
              .replace("@@SIDES@@", ", ".join(f"`{s}`" for s in sides))
              .replace("@@MEASURES@@", ", ".join(f"`{m}`" for m in [*measures, NO_FIGURE])))
    (target / "README.md").write_text(readme, encoding="utf-8")
    (target / ".gitignore").write_text("my_answers/\ninstructors/class_answers/\n.ipynb_checkpoints/\n",
                                       encoding="utf-8")
    return target


# --------------------------------------------------------------------------- the series, from the data
def _first(ids) -> str | None:
    return next(iter(ids), None)


def plan(ds: Dataset) -> dict[str, Any]:
    """What the data supports: which notebooks and cells to include, and the claims they use.

    Returns ``{"needs": {condition: bool}, "notebooks": {name: None or the reason it is left out},
    "fill": {placeholder: text}}``. The claims are picked by rule, never by position alone: the
    worked example is a claim whose kind a claim of another side shares (so the same standard can
    be shown), the loss pair one count from each side of the same kind, and so on.
    """
    from claimlab.charts.compare import claim_panels
    from claimlab.charts.mirror import mirror_topics
    from claimlab.charts.points import sides_of
    from claimlab.charts.series import chartable_topics

    claims, key, links = ds.claims, ds.key, ds.links
    sides = sides_of(ds)
    sided = [c for c in claims.index if claims.loc[c, "claimant_side"] in sides]
    valued = list(claims.index[claims["value"].notna()])
    casualty = list(claims.index[claims["is_casualty_or_loss_count"].fillna(False).astype(bool)])
    tallies = [c for c in claims.index if c in key.index and key.loc[c, "kind"] == "belligerent_tally"
               and c in valued]
    counted = casualty or tallies

    def paired(ids: list[str]) -> tuple[str, str] | None:
        for a in ids:
            for b in ids:
                if (a in key.index and b in key.index and key.loc[a, "kind"] == key.loc[b, "kind"]
                        and claims.loc[a, "claimant_side"] in sides and claims.loc[b, "claimant_side"] in sides
                        and claims.loc[a, "claimant_side"] != claims.loc[b, "claimant_side"]):
                    return a, b
        return None

    # claims with the most reference rows beyond the article's own source come first: the worked
    # example's comparison then shows what other sources said, not only copies of the article
    evidence = links[links["relation"] != "origin"].groupby("claim_id").size()

    def richest_first(ids: list[str]) -> list[str]:
        return sorted(ids, key=lambda c: -int(evidence.get(c, 0)))  # stable: ties keep the article's order

    compared = {p.claim["claim_id"] for p in claim_panels(ds, None)}
    pair = paired(richest_first(sided))
    worked = (pair[0] if pair else None) or _first(c for c in sided if c in compared) or _first(sided) \
        or _first(claims.index)
    # notebook 04 rates a pair of counts: another pair than the worked example's claim, if there is one
    loss_pair = paired([c for c in casualty if c != worked]) or paired(casualty) \
        or paired([c for c in tallies if c != worked]) or paired(tallies)
    origin_links = links[links["relation"] == "origin"]
    origin_ids = [f for f in dict.fromkeys(origin_links["figure_id"]) if bool(ds.figures.loc[f, "teachable"])]
    needs = {
        "numbers": bool(valued),
        "compared": bool(compared),
        "compared_worked": worked in compared or bool(len(links[links["claim_id"] == worked])),
        "series": bool(chartable_topics(ds)),
        "casualties": bool(casualty),
        "counts": bool(counted),
        "loss_pair": loss_pair is not None,
        "mirror": mirror_topics(ds) is not None,
        "origin": bool(origin_ids),
        "markers": len(ds.markers) > 0,
        "text_sources": bool(origin_ids) or len(ds.markers) > 0,
        "unattributed": bool((claims["attribution"] == "unattributed").any()),
        "exercises": bool(ds.exercises.get("questions")),
    }
    notebooks = {name: (None if needs.get(NOTEBOOK_NEEDS.get(name, ""), True) else NEEDS_WORDS[NOTEBOOK_NEEDS[name]])
                 for name in NOTEBOOKS}
    loss_a = (loss_pair[0] if loss_pair else None) or _first(counted) or worked
    figure_claim = _first(c for c in valued if c in compared) or _first(valued) or worked
    origin_claim = _first(c for c in origin_links["claim_id"] if c in claims.index) or worked
    names = [str(s) for s in sides] + ["the other side", "another side"]
    fill = {
        "WORKED": worked, "FIRST_SIDED": _first(sided) or worked, "FIGURE_CLAIM": figure_claim,
        "LOSS_A": loss_a, "LOSS_B": loss_pair[1] if loss_pair else loss_a, "ORIGIN_CLAIM": origin_claim,
        "ORIGIN_IDS": '", "'.join(origin_ids[:4]), "SIDE_A": names[0], "SIDE_B": names[1],
        "COUNT_TITLE": "Counting the dead and lost" if casualty else "Counting: a party's tally",
        "COUNTED": "casualty and loss counts" if casualty else "a party's own counts",
        "COUNTED_WHAT": "the dead or lost" if casualty else "its own or the other side's numbers",
        "ARTICLE_INTRO": f"“{ds.article.meta.get('title', '')}”, published {ds.article.meta.get('published_on', '')}."
        + (f"\n\n**Some background.** {str(ds.article.meta['background']).strip()}\n\n"
           if ds.article.meta.get("background") else ""),
    }
    return {"needs": needs, "notebooks": notebooks, "fill": fill}


def _parts(notebooks: dict[str, str | None]) -> str:
    lines = []
    for name, reason in notebooks.items():
        stem = name.removesuffix(".ipynb")
        if reason is None:
            lines.append(f"- `{stem}`: {PART_WORDS[name]}")
        else:
            lines.append(f"- ~~`{stem}`~~ left out for this article: {reason}.")
    lines.append("\nPractice exercises are in the `exercises/` folder; worked solutions are in `solutions/`.")
    return "\n".join(lines)


def render_notebook(name: str, the_plan: dict[str, Any]) -> dict:
    """A template notebook filled in from the plan: cells whose data is missing replaced by their note."""
    nb = json.loads(_template(name))
    included = [n for n, reason in the_plan["notebooks"].items() if reason is None]
    fill = dict(the_plan["fill"])
    later = included[included.index(name) + 1:] if name in included else []
    fill["NEXT"] = f"`{later[0].removesuffix('.ipynb')}`" if later else "the exercises"
    fill["PARTS"] = _parts(the_plan["notebooks"])
    cells = []
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).pop("claimlab", None)
        if meta and not the_plan["needs"].get(meta["needs"], False):
            if meta.get("note"):
                cells.append({"cell_type": "markdown", "id": cell["id"], "metadata": {},
                              "source": f"*Left out for this article:* {meta['note']}"})
            continue
        source = "".join(cell["source"])
        for placeholder, value in fill.items():
            source = source.replace(f"@@{placeholder}@@", str(value))
        cell["source"] = source
        cells.append(cell)
    nb["cells"] = cells
    return nb


def write_notebooks(ds: Dataset, folder: Path) -> list[Path]:
    """Write the series into ``folder`` from the data: included notebooks (re)written, left-out ones removed.

    Only notebooks Claim Lab wrote (``"claimlab": {"generated": true}`` in their metadata) are rewritten
    or removed; a notebook you edited and marked as yours (delete that entry) is kept as it is.
    """
    the_plan = plan(ds)
    written = []
    for name, reason in the_plan["notebooks"].items():
        path = folder / name
        if path.exists():
            try:
                mine = not json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get(
                    "claimlab", {}).get("generated", False)
            except ValueError:
                mine = False
            if mine:
                continue
        if reason is not None:
            if path.exists():
                path.unlink()
            continue
        path.write_text(json.dumps(render_notebook(name, the_plan), ensure_ascii=False, indent=1) + "\n",
                        encoding="utf-8")
        written.append(path)
    (folder / "README.md").write_text(
        "# The notebooks of this module\n\nWritten from the data by `python -m claimlab new-article --build .` "
        "(run it again after editing data/, then `python -m claimlab execute`).\n\n"
        + _parts(the_plan["notebooks"]) + "\n", encoding="utf-8")
    return written


def summary(ds: Dataset) -> str:
    """What the module will contain, so an instructor sees gaps before building (``new-article --check``)."""
    from collections import Counter

    from claimlab.charts.points import sides_of
    the_plan = plan(ds)
    lines = [f"Notebooks ({sum(r is None for r in the_plan['notebooks'].values())} of {len(NOTEBOOKS)}):"]
    for name, reason in the_plan["notebooks"].items():
        lines.append(f"  {'+' if reason is None else '-'} {name.removesuffix('.ipynb')}"
                     + ("" if reason is None else f": left out, because {reason}"))
    left_cells = [need for need, ok in the_plan["needs"].items() if not ok and need in CELL_NEEDS]
    if left_cells:
        lines.append("  Parts left out with a note: " + ", ".join(left_cells))
    kinds = Counter(str(k) for k in ds.key["kind"])
    lines.append("Claims per kind: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    sides = Counter(str(s) for s in ds.claims["claimant_side"])
    lines.append("Claims per side: " + ", ".join(f"{s} {sides.get(s, 0)}" for s in [*sides_of(ds), *OTHER_SIDES]))
    taught = ds.figures[ds.figures["teachable"].astype(bool)]
    numbered = taught[taught["value"].notna() | taught["value_low"].notna()]
    by_side = Counter(str(a) for a in numbered["claimant_affiliation"])
    lines.append(f"Reference figures with a number, per claimant ({len(numbered)} of {len(ds.figures)} rows; "
                 f"{int((~ds.figures['teachable'].astype(bool)).sum())} UNVERIFIED, never shown): "
                 + ", ".join(f"{a} {n}" for a, n in by_side.most_common()))
    one_side = [s for s in sides_of(ds) if not by_side.get(f"{slug(s)}_government")]
    if one_side:
        lines.append("  Note: no reference figure comes from " + " or ".join(one_side)
                     + "; the comparisons will show one side's figures only.")
    questions = ds.exercises.get("questions") or {}
    types = Counter(str(q.get("type")) for q in questions.values())
    lines.append(f"Exercises: {len(questions)} question(s) in {len(ds.exercises.get('notebooks') or {})} "
                 "notebook(s)" + (f" ({', '.join(f'{t} {n}' for t, n in types.items())})" if types else ""))
    bank = ds.exercises.get("bank") or ds.exercises.get("passages") or {}
    lines.append(f"Bank passages (fresh cases for the exercises): {len(bank)}"
                 + ("" if bank else " (none: the exercises use this article's own claims, and the module has no "
                                    "pre-test 00a_pre_test and no before/after trust check, which rate bank "
                                    "passages; Claim Lab's data/bank.csv shows the format)"))
    if not ds.article.meta.get("background"):
        lines.append("  Note: data/article.md has no 'background:' entry; notebook 00 then gives learners no "
                     "context on the conflict (who the sides are, where, since when).")
    lines.append(f"Worked example: {the_plan['fill']['WORKED']}; a count from each side: "
                 + (f"{the_plan['fill']['LOSS_A']} and {the_plan['fill']['LOSS_B']}"
                    if the_plan["needs"]["loss_pair"] else "none"))
    return "\n".join(lines)


# --------------------------------------------------------------------------- check and build
def check(root: str | Path) -> Dataset:
    """Validate the data under ``root``; raises :class:`claimlab.DataError` listing every problem."""
    return load(Path(root), revalidate=True)


HOW_QUESTIONS_WORK = (
    "**How the questions work.** Each question is a small form: choose or type your answer, then press "
    "**Check**. The feedback says what is right, what is missing and why. **Hint** gives a hint, and after "
    "a few tries **Show the answer** appears. Your answers, and every try, are saved as you go. You never "
    "need to type code.")
MINUTES_PER_QUESTION = 5  # the time a new article's exercise notebook states, per question
MAX_PARAGRAPHS_SHOWN = 2  # a question about claims in more paragraphs than this relies on its prompt's labels


def _paragraphs_cell(ds: Dataset, q: dict[str, Any]) -> str | None:
    """``cl.show_paragraphs(highlight=...)`` for the claims a question is about, if they sit in one or two
    paragraphs (the learner reads the words the question asks about just above it)."""
    claims = [str(c) for c in q.get("claims", []) if str(c) in ds.claims.index]
    paragraphs = {int(ds.claims.loc[c, "paragraph"]) for c in claims}
    if not claims or len(paragraphs) > MAX_PARAGRAPHS_SHOWN:
        return None
    return f"cl.show_paragraphs(highlight={json.dumps(claims[0] if len(claims) == 1 else claims)})"


def solution_notebook(ds: Dataset, short: str) -> Any:
    """The solution notebook for one exercise notebook of data/exercises.yaml (e.g. ``"ex01"``).

    Each question is ``cl.exercise_with_answer(...)`` in a cell tagged ``solution``, under the paragraph
    it is about: the instructor sees the widget and the expert answer from data; the learner copy
    (:mod:`claimlab.authoring.build_exercises`) asks ``cl.exercise(...)``, answered with widgets.
    """
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    from claimlab.authoring.build_exercises import EXPLANATION_TAG, SOLUTION_TAG

    info = ds.exercises["notebooks"][short]
    questions = [(qid, q) for qid, q in ds.exercises["questions"].items() if q.get("notebook") == short]
    cells = [
        new_markdown_cell(
            f"# Exercises · {info['title']}\n\n"
            "Questions on the article's claims, one at a time.\n\n"
            f"**Time:** about {MINUTES_PER_QUESTION * max(len(questions), 1)} minutes.  \n"
            "**You need:** only this notebook; run the cells in order (Shift+Enter). Notebook "
            "`02_judging_sources` first helps.  \n"
            "**By the end of this notebook you can:**\n"
            "- say who stands behind a figure in the article and how they could know it;\n"
            "- explain, with the feedback's reasons, why an answer does or does not fit a claim.\n\n"
            + HOW_QUESTIONS_WORK),
        new_markdown_cell(
            "**Instructor copy.** Each question is shown with the expert answer and its reasoning under it, "
            "read from `data/exercises.yaml` (so an answer is changed by editing that file, never this "
            "notebook). Learners work in the copy in `exercises/`, made from this notebook by "
            "`python -m claimlab new-article --build .` (or `python -m claimlab exercises`), which asks the "
            "same questions without the answers and leaves out cells like this one.",
            metadata={"tags": [EXPLANATION_TAG]}),
        new_code_cell("import claimlab as cl")]
    last_shown = None
    for number, (qid, q) in enumerate(questions, 1):
        shown = _paragraphs_cell(ds, q)
        many = len([c for c in q.get("claims", []) if str(c) in ds.claims.index]) > 1
        lead = ("Read the highlighted words, then answer." if shown and shown != last_shown else
                "The same words as above." if shown else
                "It is about claims in several paragraphs; the whole article is in notebook 00."
                if many else "")
        cells.append(new_markdown_cell(f"## Question {number}" + (f"\n\n{lead}" if lead else "")))
        if shown and shown != last_shown:  # the same paragraph as the question before stays where it is
            cells.append(new_code_cell(shown))
        last_shown = shown
        cells.append(new_code_cell(f'cl.exercise_with_answer("{qid}")', metadata={"tags": [SOLUTION_TAG]}))
    cells += [new_markdown_cell("## Your progress\n\nHow many questions you have answered, and how well:"),
              new_code_cell(f'cl.exercise_progress("{short}")'),
              new_markdown_cell(
                  "## Key points\n\n"
                  "- A figure is only as good as the source behind it: ask who says so, and how they could know.\n"
                  "- Every answer and reason here comes from the data in `data/`, checked against the sources "
                  "listed there.\n\n"
                  "**Discuss in class:** Which question was hardest, and why?")]
    nb = new_notebook(cells=cells, metadata={"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}})
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"{short}-{index:03d}"
    nbformat.validate(nb)
    return nb


def build(root: str | Path, *, sample_learners: int = 12) -> list[Path]:
    """Validate ``root``'s data, then write solutions/, exercises/ and instructors/sample_answers/.

    Missing notebooks in notebooks/ are restored from the templates; existing ones are kept.
    Returns the files written. Raises :class:`claimlab.DataError` if the data is not valid.
    """
    import nbformat

    from claimlab.authoring.build_exercises import build as build_exercises
    from claimlab.classroom import write_sample_answers

    root = Path(root).resolve()
    ds = check(root)
    written: list[Path] = []
    notebooks = root / "notebooks"
    notebooks.mkdir(exist_ok=True)
    written += write_notebooks(ds, notebooks)
    solutions, exercises = root / "solutions", root / "exercises"
    solutions.mkdir(exist_ok=True)
    exercises.mkdir(exist_ok=True)
    for short, info in ds.exercises["notebooks"].items():
        if any(q.get("notebook") == short for q in ds.exercises["questions"].values()):
            path = solutions / info["file"]
            nbformat.write(solution_notebook(ds, short), path)
            written.append(path)
    for name, body in build_exercises(solutions).items():
        (exercises / name).write_text(body, encoding="utf-8")
        written.append(exercises / name)
    samples = root / "instructors" / "sample_answers"
    if samples.is_dir():
        for old in samples.glob("*.json"):
            old.unlink()
    written += write_sample_answers(samples, ds, learners=sample_learners)
    return written


# --------------------------------------------------------------------------- command line
