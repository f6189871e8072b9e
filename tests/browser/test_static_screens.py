"""The static pages for everyone (issue 25): accessible (axe-core, WCAG 2.1 AA) and readable on a phone
(390 px wide), a small laptop (1024 px) and a school laptop (1366 px).

* axe-core, the npm package (pinned, checked against its sha512 like the site's own npm files, kept in
  build/static-assets/), is put into each page from this machine and run on every page of the site,
  and again once questions show their feedback, hints and answers: no serious or critical finding.
* Charts: at 390 and 1024 px no title, key or label is cut off or covers another, the plot is wide
  enough to read (at least 240 px, two thirds of a phone's width), and there is no toolbar to cover the titles.
* Tables wrap sensibly at 1024 px (no column squeezed under 110 px so that a cell of several words shows
  one word per line; a table too wide for the page scrolls in its own box); a phone page does
  not scroll sideways; every option, button and menu is at least 24 px tall (WCAG 2.2's target size).
"""
from __future__ import annotations

import pytest

from claimlab.authoring.static import AssetError, NpmPackage, fetch_assets

pytestmark = pytest.mark.browser

AXE = NpmPackage(
    name="axe-core", version="4.14.1",
    integrity="sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==",
    files=r"package/axe\.min\.js", licence="MPL-2.0 (Deque Systems)")
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENS = {"phone": 390, "small laptop": 1024, "laptop": 1366}


@pytest.fixture(scope="module")
def axe_source(skip_or_fail) -> str:
    import tarfile
    from pathlib import Path
    cache = Path(__file__).resolve().parents[2] / "build" / "static-assets"
    try:
        tarball = fetch_assets(cache, (AXE,))[AXE]
    except AssetError as exc:
        skip_or_fail(str(exc))
    with tarfile.open(tarball, "r:gz") as archive:
        return archive.extractfile("package/axe.min.js").read().decode("utf-8")


def all_pages(out):
    return [out / "index.html", out / "expert_key.html", *sorted(out.glob("*/*.html"))]


def serious_findings(page, axe_source: str) -> list[str]:
    """axe-core's serious and critical WCAG 2.1 A/AA findings on the page as it is now."""
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(content=axe_source)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
                           WCAG_AA)
    found = []
    for violation in result["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
            found.append(f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])} elements): "
                         f"{violation['help']}; e.g. {targets}")
    return found


def settle(page) -> None:
    """Wait for the page's charts (drawn and laid out by charts.js) and scripts."""
    page.wait_for_load_state("load")
    page.wait_for_function("() => !window.claimlabCharts || window.claimlabCharts.every(c => c.div.dataset.layout && "
                           "c.div.querySelector('.main-svg'))")
    page.wait_for_timeout(600)  # charts.js measures and lays out the titles once drawn


def test_every_page_has_no_serious_accessibility_finding(static_site, watched_page, axe_source):
    out, _pages = static_site
    page = watched_page.page
    problems = {}
    for html in all_pages(out):
        page.goto(html.as_uri())
        settle(page)
        found = serious_findings(page, axe_source)
        if found:
            problems[str(html.relative_to(out))] = found
    # and with feedback, hints, an expert answer and a trust change on show
    page.goto((out / "exercises" / "ex01_who_is_counting.html").as_uri())
    box = page.locator('.claimlab-q[data-kind="exercise"]').first
    box.locator("input").first.check()
    for _ in range(2):
        box.locator(".claimlab-check").click()
    box.locator(".claimlab-hint").click()
    box.locator(".claimlab-reveal").click()
    found = serious_findings(page, axe_source)
    if found:
        problems["ex01, answered"] = found
    page.goto((out / "notebooks" / "02_judging_sources.html").as_uri())
    rater = page.locator(".claimlab-rater:not([hidden])").first
    for fieldset in rater.locator("fieldset").all():
        fieldset.locator("input").first.check()
    rater.locator(".claimlab-check").click()
    found = serious_findings(page, axe_source)
    if found:
        problems["02, rated"] = found
    assert not problems, "axe-core (WCAG 2.1 AA) finds:\n" + "\n".join(f"{p}: {f}" for p, f in problems.items())


@pytest.mark.parametrize("screen", ["phone", "small laptop"])
def test_charts_are_readable_on_narrow_screens(static_site, chromium, screen):
    out, _pages = static_site
    width = SCREENS[screen]
    context = chromium.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        checked = 0
        for html in sorted((out / "notebooks").glob("*.html")):
            page.goto(html.as_uri())
            if not page.locator(".claimlab-chart").count():
                continue
            settle(page)
            charts = page.evaluate("""() => window.claimlabCharts.map(({div}) => {
                const box = div.getBoundingClientRect();
                const rect = el => { const b = el.getBoundingClientRect();
                  return {top: b.top - box.top, bottom: b.bottom - box.top, left: b.left - box.left, right: b.right - box.left}; };
                const title = div.querySelector('.g-gtitle'), legend = div.querySelector('.legend');
                const first = Array.from(div.querySelectorAll('.annotation')).map(rect).sort((a, b) => a.top - b.top)[0];
                const texts = Array.from(div.querySelectorAll('.g-gtitle text, .legend text, .annotation text, .xtitle, .ytitle'))
                  .map(rect);
                return {id: div.id, width: box.width, plot: div._fullLayout._size.w, top: div._fullLayout._size.t,
                        title: title && rect(title), legend: legend && rect(legend), first: first, texts: texts,
                        toolbar: !!div.querySelector('.modebar')}; })""")
            for chart in charts:
                where = f"{html.name} {chart['id']} at {width} px"
                assert chart["plot"] >= 240, f"{where}: the plot is {chart['plot']:.0f} px wide"
                assert not chart["toolbar"], f"{where}: the toolbar is shown"
                for text in chart["texts"]:
                    assert text["left"] >= -1 and text["right"] <= chart["width"] + 1, f"{where}: a text is cut off"
                assert chart["title"]["top"] >= 0, f"{where}: the title is cut at the top"
                if chart["legend"]:
                    assert chart["legend"]["top"] >= chart["title"]["bottom"] - 1, f"{where}: the key covers the title"
                    lowest = min(chart["top"], chart["first"]["top"] if chart["first"] else chart["top"])
                    assert chart["legend"]["bottom"] <= lowest + 1, f"{where}: the key covers the plot or a panel title"
                checked += 1
        assert checked >= 4, "the lessons' charts were not found"
    finally:
        context.close()


def test_pages_fit_small_screens_and_targets_are_big_enough(static_site, chromium):
    out, _pages = static_site
    pages = [out / "notebooks" / "02_judging_sources.html", out / "notebooks" / "03_the_numbers.html",
             out / "notebooks" / "00a_pre_test.html", out / "exercises" / "ex04_fresh_cases.html"]
    for screen, width in (("phone", 390), ("small laptop", 1024)):
        context = chromium.new_context(viewport={"width": width, "height": 900})
        try:
            page = context.new_page()
            for html in pages:
                page.goto(html.as_uri())
                settle(page)
                where = f"{html.name} on a {screen} ({width} px)"
                sideways = page.evaluate("() => document.documentElement.scrollWidth")
                assert sideways <= width + 1, f"{where}: the page scrolls sideways ({sideways} px)"
                small = page.evaluate("""() => Array.from(document.querySelectorAll(
                    '.claimlab-option, .claimlab-scale label, .claimlab-q button:not([hidden]), .claimlab-part button:not([hidden]), '
                    + '.claimlab-export, .claimlab-q select, .claimlab-picker select'))
                  .filter(e => e.offsetParent !== null)
                  .map(e => [e.textContent.trim().slice(0, 30), e.getBoundingClientRect().height])
                  .filter(([, h]) => h < 24)""")
                assert not small, f"{where}: targets under 24 px tall: {small[:5]}"
                squeezed = page.evaluate("""() => Array.from(document.querySelectorAll('.jp-RenderedHTMLCommon td'))
                  .filter(td => td.offsetParent !== null)
                  .map(td => { const words = td.innerText.trim().split(/\\s+/).filter(w => w.length > 2).length;
                               const line = parseFloat(getComputedStyle(td).lineHeight) || 18;
                               const range = document.createRange(); range.selectNodeContents(td);
                               const lines = Math.round(range.getBoundingClientRect().height / line);
                               return [td.innerText.trim().slice(0, 40), words, lines, td.clientWidth]; })
                  .filter(([, words, lines, width]) => words >= 3 && lines >= words && width < 110)""")
                if width >= 1024:
                    assert not squeezed, f"{where}: table cells with one word per line: {squeezed[:5]}"
        finally:
            context.close()
