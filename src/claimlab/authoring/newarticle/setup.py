"""Starting a new article's module: its data folder, with the article's own sides and measures.

See :mod:`claimlab.authoring.newarticle` for the whole workflow.
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

from claimlab.core.dataset import OTHER_SIDES, find_root

# tables whose contents do not depend on the article (copied as they are into a new module): the glossary,
# and the passage bank of the skill (fresh passages for the trust checks and practice, about another conflict)
ARTICLE_FREE = ("glossary", "bank")
NOTEBOOKS = ("00_start_here.ipynb", "00a_pre_test.ipynb", "01_who_says_what.ipynb", "02_judging_sources.ipynb", "03_the_numbers.ipynb",
             "04_counting_the_dead_and_lost.ipynb", "05_where_did_this_text_come_from.ipynb", "06_wrap_up.ipynb")
# what a notebook needs from the data to be included (see :func:`plan`); the others are always included
NOTEBOOK_NEEDS = {"00a_pre_test.ipynb": "bank", "03_the_numbers.ipynb": "numbers", "04_counting_the_dead_and_lost.ipynb": "counts",
                  "05_where_did_this_text_come_from.ipynb": "text_sources"}
NEEDS_WORDS = {
    "bank": "data/bank.csv has no passages for the two trust forms (used_in form_a and form_b)",
    "numbers": "no claim in data/claims.csv has a number (value)",
    "counts": "no claim is a count of the dead, wounded or lost (is_casualty_or_loss_count), nor a party's own "
              "tally (kind belligerent_tally in data/key.csv)",
    "text_sources": "no claim is linked to a copy of the article's text (relation 'origin' in data/claim_links.csv) "
                    "and data/markers.csv is empty",
}
CELL_NEEDS = ("unattributed", "compared_worked", "compared", "series", "mirror", "loss_pair", "markers", "origin",
              "exercises")  # parts of notebooks left out, with a note, when the data has nothing for them
PART_WORDS = {
    "00a_pre_test.ipynb": "before the lessons: a trust check on short real passages (the before/after measure)",
    "00_start_here.ipynb": "why it matters, how notebooks work, the article, a first impression",
    "01_who_says_what.ipynb": "claims and claimants, the outlet's own voice, unattributed figures",
    "02_judging_sources.ipynb": "the rubric, a worked example, judging claims with feedback",
    "03_the_numbers.ipynb": "charts of the article's numbers and what others reported",
    "04_counting_the_dead_and_lost.ipynb": "a party's counts (of the dead and lost, where there are any), one "
                                           "standard for both sides",
    "05_where_did_this_text_come_from.ipynb": "where the text came from, wording markers, SIFT",
    "06_wrap_up.ipynb": "a summary, the first impression revisited, a checklist, handing in answers",
}
NO_FIGURE = "no_figure"  # the measure of a reference row with no number (a date, a copy of a text)
CLASS_NOTEBOOK = Path("instructors") / "class_results.ipynb"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
QUALIFIED_UNITS = (("", "exact"), (" (about)", "about"), (" (nearly)", "nearly"), (" (more than)", "more_than"),
                   (" (at least)", "at_least"), (" (at most)", "at_most"), (" (up to)", "up_to"))
SIDE_RE = re.compile(r"^[A-Za-z][A-Za-z .'-]*$")


class ArticleSetupError(ValueError):
    """The command was given something it cannot use (the message says what)."""


# --------------------------------------------------------------------------- helpers
def template(name: str) -> str:
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
UNOFFICIAL_ID = "unofficial_source"  # the rubric option for it (templates/side_options.yaml)
ARTICLE_PROSE = {
    "reported_figures": "Figures about the article's events read from stored copies of public pages, with every "
                        "provenance column: who claimed it, when, where it was read (source_url) and the source's "
                        "own words (snippet). A row whose caution starts with UNVERIFIED is never shown to learners.",
    "measures": "Classifies every reference row by what it counts, so that charts and comparisons put like with "
                "like (for example, soldiers killed are not soldiers wounded; people to be evacuated are not "
                "people evacuated).",
}
FIGURE_ID_PATTERN = "[A-Z]\\d{2}"
# how the charts title each topic of a new module (its own words, never Claim Lab's article's: "Territory in
# Kursk region" would be wrong for any other article); a topic added with --topics is titled by its name
TOPIC_LABELS = {"civilians": "Civilian casualties", "territory": "Territory", "evacuees": "People evacuated or fled",
                "pows": "Prisoners of war", "troops": "Troops", "losses": "Losses", "battlefield": "The fighting",
                "diplomacy": "Diplomacy", "negotiations": "Negotiations", "history": "History",
                "war_aims": "War aims", "time": "Time", "context_dates": "Dates", "article_origin": "The article"}  # a capital letter and two digits, as the exercises schema already allows
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
    if any(r["name"] == "bank" for r in new["resources"]):  # the shared bank's own sides stay; a local passage
        bank_side = _field(new, "bank", "claimant_side")["constraints"]  # may be about this article's sides
        bank_side["enum"] = _extend(bank_side["enum"], [slug(s) for s in sides])
        bank_who = _field(new, "bank", "who")["constraints"]
        bank_who["enum"] = _extend(bank_who["enum"], [f"{slug(s)}_official" for s in sides] + [UNOFFICIAL_ID])
    new.setdefault("claimlab", {})["topic_labels"] = dict(TOPIC_LABELS)
    return new


def _officials_in(values: list[str], old: set[str], new: list[str]) -> list[str]:
    """A ``when`` list with the old sides' official options replaced by the new sides' ones."""
    out: list[str] = []
    for value in values:
        for item in (new if value in old or value == "@OFFICIALS@" else [value]):
            if item not in out:
                out.append(item)
    return out


def _filled(value: Any, fields: dict[str, str], officials: list[str], others: list[str]) -> Any:
    """A template value with {side}/{id} filled and @OFFICIALS@ / @OTHER_OFFICIALS@ expanded in lists."""
    if isinstance(value, str):
        for name, filled in fields.items():
            value = value.replace("{" + name + "}", filled)
        return value
    if isinstance(value, list):
        out: list[Any] = []
        for item in value:
            if item == "@OFFICIALS@":
                out += officials
            elif item == "@OTHER_OFFICIALS@":
                out += others
            else:
                out.append(_filled(item, fields, officials, others))
        return out
    if isinstance(value, dict):
        return {k: _filled(v, fields, officials, others) for k, v in value.items()}
    return value


def rubric_for(rubric_text: str, sides: list[str]) -> str:
    """The current rubric for another article: the "official of a side" options of its first question
    replaced, one per side, and an "unofficial source" option (military bloggers, Telegram channels)
    added, with their feedback from templates/side_options.yaml; every feedback variant's ``when`` and
    every feedback fact that named the old sides' officials names the new ones."""
    rubric = yaml.safe_load(rubric_text)
    spec = yaml.safe_load(template("side_options.yaml"))
    first = rubric["dimensions"][0]
    old = {str(o["id"]) for o in first["options"] if str(o["id"]).endswith("_official")}
    officials = [f"{slug(s)}_official" for s in sides]
    for dim in rubric["dimensions"]:
        for option in dim["options"]:
            if isinstance(option.get("if_wrong"), list):
                for variant in option["if_wrong"]:
                    when = variant.get("when") or {}
                    for column in list(when):
                        if (column or dim["id"]) == first["id"]:
                            when[column] = _officials_in([str(v) for v in when[column]], old, officials)
    kept = [o for o in first["options"] if str(o["id"]) not in old]
    unofficial = _filled(spec["unofficial"], {}, officials, [])
    if not any(o["id"] == unofficial["id"] for o in kept):
        at = next((i for i, o in enumerate(kept) if o["id"] == "no_one_named"), len(kept))
        kept.insert(at, unofficial)
    first["options"] = [{"id": oid, **_filled(spec["official"], {"side": side}, officials,
                                              [o for o in officials if o != oid])}
                        for side, oid in zip(sides, officials)] + kept
    facts = [f for f in rubric.get("feedback_facts", [])
             if not any(str(v) in old for rule in ("needs", "denies") for v in (f.get(rule) or {}).get(first["id"], []))]
    for side, oid in zip(sides, officials):
        facts += _filled(spec["side_facts"], {"side": side, "id": oid}, officials, [])
    rubric["feedback_facts"] = facts + _filled(spec["facts"], {}, officials, [])
    header = ("# Claim Lab sourcing rubric, copied from Claim Lab by `python -m claimlab new-article`.\n"
              "# You can reword any label, question, help text or feedback. Keep the `id` values:\n"
              "# data/key.csv refers to them. The first question's options name the sides of this article.\n"
              "# Feedback variants show under a claim only when the key has the values in their `when`;\n"
              "# `python -m claimlab validate` checks every text against feedback_facts at the end.\n")
    return header + yaml.safe_dump(rubric, sort_keys=False, allow_unicode=True, width=100)


def interface_for(interface_text: str, sides: list[str]) -> str:
    """The interface words for another article: its own sides under ``sides`` and ``claimants`` (a side's
    officials, as the charts' key names them), the rest as it is. Comments are kept."""
    current = yaml.safe_load(interface_text) or {}
    old = [k for k in (current.get("sides") or {}) if k not in OTHER_SIDES]
    words = {"sides": {s: s for s in sides},  # keyed as claims.csv's claimant_side values are
             "claimants": {s: f"{s} official" for s in sides}}
    out, section = [], None
    for line in interface_text.splitlines():
        top = re.match(r"^([a-z_]+):\s*$", line)
        if top:
            section = top.group(1)
            out.append(line)
            if section in words:
                out += [f"  {json.dumps(key, ensure_ascii=False)}: {json.dumps(value, ensure_ascii=False)}"
                        for key, value in words[section].items()]
            continue
        entry = re.match(r"^  ([a-z_]+):", line)
        if section in words and entry and entry.group(1) in old:
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def concepts_for(concepts_text: str, sides: list[str]) -> str:
    """The judge's concepts (data/concepts.yaml) for another article: its own sides, no people yet.

    Everything else (claim verbs, caveats, what a figure counts ...) is the same for any article. The
    header says where to add the article's claimants' names and titles.
    """
    header = ("# The words the judge of written answers reads, copied from Claim Lab by `python -m claimlab\n"
              "# new-article`. The sides are this article's; add under `people` every person your written\n"
              "# questions name as a claimant (their side and the ways learners spell them), and under each\n"
              "# side's `words` its adjectives (e.g. aldorian) and capital.\n")
    kept = "\n".join(line for line in concepts_text.splitlines() if not line.startswith("#"))
    data = yaml.safe_load(kept)
    data["sides"] = {slug(s): {"name": s, "words": [s.lower(), f"{s.lower()}'s"], "capitals": [s.lower()]}
                     for s in sides}
    data["people"] = {}
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


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


def bank_questions_for(source: dict, rubric: dict) -> dict:
    """Claim Lab's questions about the shared bank's passages, for a module whose rubric names other sides.

    The bank's passages are keyed with Claim Lab's own rubric (a Ukrainian or a Russian official ...), so the
    ``who`` question gives its own options: Claim Lab's, with their labels and feedback, then this module's
    side options (for passages a teacher adds about this article). The other questions are the rubric's.
    """
    questions = dict(source.get("bank_questions") or {})
    claimlab_who = next((d for d in rubric.get("dimensions", []) if d.get("id") == "who"), None)
    if "who" in questions and claimlab_who is not None:
        options = []
        for option in claimlab_who["options"]:
            why_right = option.get("why_right", "")
            if not isinstance(why_right, str):  # variants: the one with no condition says what the option means
                why_right = next((v.get("text", "") for v in why_right if not v.get("when")), "")
            entry = {"id": str(option["id"]), "label": str(option["label"]), "why_right": str(why_right)}
            if option.get("if_wrong"):
                entry["if_wrong"] = option["if_wrong"]  # chosen by each passage's key, as in the rubric
            options.append(entry)
        questions["who"] = dict(questions["who"], options=options)
    return questions


def _exercisestemplate(source: Path, rubric_source: Path, new_rubric: str) -> str:
    loaded = yaml.safe_load(source.read_text(encoding="utf-8"))
    messages = loaded.get("messages", {})
    dumped = yaml.safe_dump({"messages": messages}, sort_keys=False, allow_unicode=True, width=100)
    settings = {k: v for k, v in (loaded.get("settings") or {}).items() if k != "practice_notebook"}
    questions = bank_questions_for(loaded, yaml.safe_load(rubric_source.read_text(encoding="utf-8")))
    if questions.get("who", {}).get("options"):
        ids = {o["id"] for o in questions["who"]["options"]}
        for option in yaml.safe_load(new_rubric)["dimensions"][0]["options"]:
            if option["id"] not in ids:  # this module's own sides and unofficial sources, for passages it adds
                entry = {"id": option["id"], "label": option["label"], "why_right": option.get("why_right", "")}
                if option.get("if_wrong"):
                    entry["if_wrong"] = option["if_wrong"]  # variants, chosen by each passage's key
                questions["who"]["options"].append(entry)
    bank = yaml.safe_dump({"settings": settings, "bank_questions": questions} if questions else {"settings": settings},
                          sort_keys=False, allow_unicode=True, width=100)
    return (template("exercises.yaml").replace("@@MESSAGES@@\n", dumped)
            .replace("@@BANK@@\n", bank))


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
    new_rubric = rubric_for((src / yaml_specs["rubric"]["path"]).read_text(encoding="utf-8"), sides)
    (data / yaml_specs["rubric"]["path"]).write_text(new_rubric, encoding="utf-8")
    (data / yaml_specs["exercises"]["path"]).write_text(
        _exercisestemplate(src / yaml_specs["exercises"]["path"], src / yaml_specs["rubric"]["path"], new_rubric),
        encoding="utf-8")
    for name, spec in yaml_specs.items():  # the same for any article (interface words ...): copied as they are
        if name == "interface":
            (data / spec["path"]).write_text(interface_for((src / spec["path"]).read_text(encoding="utf-8"), sides),
                                             encoding="utf-8")
        elif name == "concepts":
            (data / spec["path"]).write_text(concepts_for((src / spec["path"]).read_text(encoding="utf-8"), sides),
                                             encoding="utf-8")
        elif name not in ("rubric", "exercises"):
            shutil.copyfile(src / spec["path"], data / spec["path"])
    (data / extra.get("article", "article.md")).write_text(template("article.md"), encoding="utf-8")
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
    readme = (template("README.md").replace("@@TITLE@@", title)
              .replace("@@SIDES@@", ", ".join(f"`{s}`" for s in sides))
              .replace("@@MEASURES@@", ", ".join(f"`{m}`" for m in [*measures, NO_FIGURE])))
    (target / "README.md").write_text(readme, encoding="utf-8")
    (target / ".gitignore").write_text("my_answers/\ninstructors/class_answers/\n.ipynb_checkpoints/\n",
                                       encoding="utf-8")
    return target


