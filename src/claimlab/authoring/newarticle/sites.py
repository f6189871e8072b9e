"""The two web editions of a new article's module, one command each (``new-article --html`` / ``--lite``).

* **Static pages** (:func:`html`): :func:`claimlab.authoring.static.build_site` on the module's folder, into
  ``site/`` there (open ``site/index.html`` from the folder, or put it on any static host).
* **JupyterLite** (:func:`lite`): :func:`claimlab.authoring.lite.build` needs, beside the module's notebooks
  and data, the source of the claimlab package (it builds the wheel the browser installs) and its pinned tools.
  A module's folder has neither, so the build runs on a scratch folder that links the module's ``notebooks/``,
  ``exercises/``, ``solutions/`` and ``data/`` and Claim Lab's own ``pyproject.toml``, ``src/`` and the tools
  already installed in its ``build/lite-tools/``; the module's folder itself is not changed but for
  ``build/lite/``, where the site is written.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

SOURCE_FILES = ("pyproject.toml", "README.md", "LICENSE", "LICENSE-data", "src")
CONTENT = ("notebooks", "exercises", "solutions", "data")


class SiteError(RuntimeError):
    """A site could not be built; the message says why, in plain words."""


def claimlab_source() -> Path:
    """The Claim Lab folder this claimlab package was installed from (``python3 run.py`` installs it so)."""
    here = Path(__file__).resolve().parents[4]  # src/claimlab/authoring/newarticle/sites.py -> the folder
    if not (here / "pyproject.toml").is_file() or not (here / "src" / "claimlab").is_dir():
        raise SiteError("The JupyterLite site needs the Claim Lab folder the package was installed from (its "
                        "pyproject.toml and src/), to build the package the browser installs. Run the command with "
                        "Claim Lab's own environment: python3 CLAIMLAB/run.py claimlab new-article --lite .")
    return here


def html(module: str | Path, out: str | Path | None = None) -> tuple[Path, int]:
    """Build the static pages of ``module`` into ``out`` (default ``module/site``); returns (folder, pages)."""
    from claimlab.authoring.static import build_site
    module = Path(module).resolve()
    out = Path(out).resolve() if out else module / "site"
    pages = build_site(module, out, None, None, execute=True)
    return out, len(pages)


def lite(module: str | Path, out: str | Path | None = None) -> Path:
    """Build the JupyterLite site of ``module`` into ``out`` (default ``module/build/lite``); returns it."""
    from claimlab.authoring import lite as lite_build
    module = Path(module).resolve()
    out = Path(out).resolve() if out else module / "build" / "lite"
    source = claimlab_source()
    with tempfile.TemporaryDirectory(prefix="claimlab-module-lite-") as scratch:
        staged = Path(scratch)
        for name in CONTENT:
            if (module / name).is_dir():
                (staged / name).symlink_to(module / name, target_is_directory=True)
        for name in SOURCE_FILES:
            if (source / name).exists():
                (staged / name).symlink_to(source / name, target_is_directory=(source / name).is_dir())
        lite_build.lite_tools(source)  # the pinned tools, installed once into Claim Lab's build/lite-tools/
        (staged / "build").mkdir()
        (staged / "build" / "lite-tools").symlink_to(source / "build" / "lite-tools", target_is_directory=True)
        try:
            lite_build.build(staged, out)
        except lite_build.LiteBuildError as exc:
            raise SiteError(str(exc)) from None
    return out
