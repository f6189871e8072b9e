"""The files a static site serves beside its pages: plotly.js, require.js and the widget manager (npm
tarballs checked against their pinned integrity), and Claim Lab's own page scripts.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import tarfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

DEFAULT_FOLDERS = ("notebooks", "solutions", "exercises")
STATIC_DIR = "_static"
PLOTLY_MIME = "application/vnd.plotly.v1+json"
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json"
CONFIG_MARK = "@@CLAIMLAB_PAGE_CONFIG@@"
ASSETS = Path(__file__).resolve().parent.parent / "assets"  # page scripts (JavaScript)
STYLES = Path(__file__).resolve().parents[2] / "ui" / "assets"  # style sheets: CSS lives in claimlab/ui only
STYLE_SHEET = "claimlab-static.css"
CORE_SCRIPT = "claimlab-static.js"
REGISTRY = "https://registry.npmjs.org"


def banner(ds=None) -> str:
    """The note at the top of every page: what works on a static copy (data/interface.yaml, static.banner)."""
    from claimlab.core.words import word
    return word("static.banner", ds)


@dataclass(frozen=True)
class NpmPackage:
    """One pinned npm tarball and the files Claim Lab copies out of it."""

    name: str
    version: str
    integrity: str  # the registry's sha512 "integrity" value for this exact tarball
    files: str  # regular expression matched against paths inside the tarball
    licence: str

    @property
    def url(self) -> str:
        return f"{REGISTRY}/{self.name}/-/{self.name.rsplit('/', 1)[-1]}-{self.version}.tgz"

    @property
    def tarball_name(self) -> str:
        return f"{self.name.replace('/', '__').lstrip('@')}-{self.version}.tgz"


# html-manager 1.0.15 is the release built against the same @jupyter-widgets/base 6 and
# controls 5 as ipywidgets 8.1.8's JupyterLab extension (jupyterlab_widgets 3.0.x).
NPM_PACKAGES = (
    NpmPackage(
        name="@jupyter-widgets/html-manager", version="1.0.15",
        integrity="sha512-5thBIV6ymNgmPVOHvzx+gGy8ZSKmSazhtGw4/c4xJDVzRhG9PTeQsRjF3FUTopvFi//SABeNz1yp47bCrJ3CQA==",
        files=r"package/dist/(embed-amd\.js|[0-9a-f]+\.(eot|svg|ttf|woff2?))",
        licence="BSD-3-Clause (Project Jupyter); includes Font Awesome Free (SIL OFL 1.1 fonts)",
    ),
    NpmPackage(
        name="requirejs", version="2.3.7",
        integrity="sha512-DouTG8T1WanGok6Qjg2SXuCMzszOo0eHeH9hDZ5Y4x8Je+9JB38HdTLT4/VA8OaUhBa0JPVHJ0pyBkM1z+pDsw==",
        files=r"package/require\.js",
        licence="MIT (the jQuery Foundation and other contributors)",
    ),
)


class AssetError(RuntimeError):
    """A script the static pages need could not be downloaded, checked or found."""


class StaticBuildError(RuntimeError):
    """Some pages could not be built as asked (the others were); the message lists them."""


def _integrity_ok(data: bytes, integrity: str) -> bool:
    algorithm, _, expected = integrity.partition("-")
    return base64.b64encode(hashlib.new(algorithm, data).digest()).decode() == expected


def fetch_assets(cache_dir: Path, packages: tuple[NpmPackage, ...] = NPM_PACKAGES) -> dict[NpmPackage, Path]:
    """Each pinned tarball in ``cache_dir``, downloaded first if missing; checked every time."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    found: dict[NpmPackage, Path] = {}
    for package in packages:
        target = cache_dir / package.tarball_name
        if target.is_file() and _integrity_ok(target.read_bytes(), package.integrity):
            found[package] = target
            continue
        print(f"downloading {package.name} {package.version} (once; kept in {cache_dir})", flush=True)
        try:
            with urllib.request.urlopen(package.url, timeout=120) as response:
                data = response.read()
        except (urllib.error.URLError, OSError) as exc:
            raise AssetError(
                f"Could not download {package.name} {package.version} from {package.url} ({exc}). "
                "Static pages need it to show widgets. Connect to the internet once and build again: "
                f"the file is then kept in {cache_dir} and later builds work offline.") from None
        if not _integrity_ok(data, package.integrity):
            raise AssetError(f"The download of {package.name} {package.version} from {package.url} does not "
                             "match its pinned sha512 checksum, so it was not used. Try again later.")
        partial = target.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(target)
        found[package] = target
    return found


def _plotly_js() -> Path:
    import plotly
    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    if not path.is_file():
        raise AssetError(f"The installed plotly package is incomplete: {path} is missing. "
                         "Delete the .venv/ folder and run python3 run.py html again to reinstall it.")
    return path


def judge_scripts() -> list[str]:
    """The page scripts the registered question types need (``assets/judges/<name>.js``), once each."""
    from claimlab.core import questions
    return sorted({f"{kind.page_script}.js" for kind in questions.TYPES.values()})


def part_scripts() -> list[str]:
    """The page scripts of the other widgets' stand-ins (``assets/parts/<name>.js``; see static.parts)."""
    return sorted(path.name for path in (ASSETS / "parts").glob("*.js"))


def page_scripts() -> list[str]:
    """Every page script, relative to the static folder: question types, parts, then the core script,
    which sets up every question and part once the others have registered."""
    return [*(f"judges/{n}" for n in judge_scripts()), *(f"parts/{n}" for n in part_scripts()), CORE_SCRIPT]


def script_tags(static_url: str) -> str:
    """The ``<script>`` elements of a page."""
    return "\n".join(f'<script src="{static_url}/{name}"></script>' for name in page_scripts())


def install_assets(static_dir: Path, cache_dir: Path) -> list[str]:
    """Copy plotly.js, require.js and the widget manager into ``static_dir``; return the file names."""
    import plotly
    static_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_plotly_js(), static_dir / "plotly.min.js")
    names = ["plotly.min.js"]
    sources = [f"plotly.min.js: plotly.py {plotly.__version__} (MIT), from its package_data"]
    for package, tarball in fetch_assets(cache_dir).items():
        pattern = re.compile(package.files)
        with tarfile.open(tarball, "r:gz") as archive:
            for member in archive.getmembers():
                if not (member.isfile() and pattern.fullmatch(member.name)):
                    continue
                name = PurePosixPath(member.name).name
                with archive.extractfile(member) as source, open(static_dir / name, "wb") as out:
                    shutil.copyfileobj(source, out)
                names.append(name)
        sources.append(f"{package.name} {package.version} ({package.licence}): {package.url}")
    shutil.copyfile(STYLES / STYLE_SHEET, static_dir / STYLE_SHEET)
    names.append(STYLE_SHEET)
    for name in page_scripts():
        (static_dir / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ASSETS / name, static_dir / name)
        names.append(name)
    sources.append("claimlab-static.js, judges/*.js, parts/*.js: Claim Lab (MIT), src/claimlab/authoring/assets/; "
                   "claimlab-static.css: Claim Lab (MIT), src/claimlab/ui/assets/")
    (static_dir / "SOURCES.txt").write_text(
        "Scripts and fonts served next to Claim Lab's static pages, so the pages work offline.\n\n"
        + "\n".join(sources) + "\n", encoding="utf-8")
    return names


def script_json(value) -> str:
    """JSON that is safe inside a ``<script>`` element."""
    return json.dumps(value, separators=(",", ":")).replace("</", "<\\/")
