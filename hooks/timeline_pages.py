"""MkDocs glue: load and check data/ once per build, then add a generated page per record.

Everything else lives in hooks/timeline/, which does not import MkDocs.

`mkdocs build` stops on bad data before anything is written. Under `mkdocs serve` a failed
build would leave the browser waiting for a rebuild that never comes ("the server will
appear stuck"), so there the build goes on: every page shows the problems, FILE:LINE, and
the next save that fixes them brings the pages back.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from timeline.coverage import Coverage, footer
from timeline.export import FOLDER, Publication
from timeline.load import default_sources_dir, load
from timeline.model import Site, build
from timeline.problems import DataError, Problem
from timeline.render import Renderer, problems_page
from timeline.repository import Repository
from timeline.searchindex import HELD, first_section, slim_file

log = logging.getLogger("mkdocs.hooks.timeline")
# Under serve, problems are printed outside MkDocs' loggers: strict mode counts every error
# logged there and would abort the build that shows them.
_serve_log = logging.getLogger("timeline.serve")
if not _serve_log.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("ERROR   -  %(message)s"))
    _serve_log.addHandler(_handler)
    _serve_log.propagate = False
_site: Site | None = None
_data_dir: Path | None = None
_serving = False
_problems: list[Problem] = []  # under serve: the data's problems, shown on every page
_pages: set[str] = set()  # under serve: the generated pages of the last good build
_unsearched: set[str] = set()  # page URLs left out of the search index
_searched_whole: set[str] = set()  # page URLs indexed section by section (hand-written pages)


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_config(config):
    """Validate before anything is written: on bad data the build stops and site/ is untouched."""
    global _site, _data_dir, _problems
    root = Path(config.config_file_path).resolve().parent
    data = _data_dir = Path(os.environ.get("TIMELINE_DATA", root / "data"))
    sources = default_sources_dir(root)
    if Repository.from_config(config.repo_url, config.edit_uri, config.site_url) is None:
        config["edit_uri"] = None  # no repository: no edit links on the hand-written pages either
    try:
        raw = load(data, sources_dir=sources, shown_from=root, require_lock=not _serving)
    except DataError as exc:
        if not _serving:
            for problem in exc.problems:
                log.error(str(problem))
            raise PluginError(
                f"{len(exc.problems)} problem(s) in {data.name}/; "
                "nothing was built and the site folder was left as it was."
            ) from None
        for problem in exc.problems:
            _serve_log.error(str(problem))
        _site, _problems = None, exc.problems
        return config
    _problems = []
    if raw.sources_dir is None:
        log.info("Quotes checked against %s: no archived sources at %s", data.name + "/quotes.lock", sources)
    if raw.unverified:
        log.info("%d quote(s) not yet verified against the archive (CI will list them): %s",
                 len(raw.unverified), ", ".join(f"{p.path}:{p.line}" for p in raw.unverified[:5]))
    _site = build(raw)
    # The footer states coverage from data, not from a line in mkdocs.yml.
    coverage = Coverage.of(_site)
    config["copyright"] = footer(coverage) or config["copyright"]
    newest = coverage.newest
    config["extra"]["data_date"] = newest.display() if newest else None  # printed on every page
    # Reproducible output: MkDocs stamps the sitemap with the build date unless
    # SOURCE_DATE_EPOCH is set. Default it to the newest source's publication date, so that
    # the same data gives the same bytes on any day.
    if _site.content_date is not None:
        os.environ.setdefault("SOURCE_DATE_EPOCH", str(_site.content_date))
    return config


def on_files(files: Files, config) -> Files:
    if _problems:
        return _problem_files(files, config)
    _unsearched.clear()
    _searched_whole.clear()
    HELD.clear()  # nothing left over from a build that stopped half-way
    _searched_whole.update(f.url for f in files.documentation_pages())
    assert _site is not None  # on_config built it, or found problems
    repository = Repository.from_config(config.repo_url, config.edit_uri, config.site_url)
    publication = Publication(name=config.site_name, url=config.site_url or "", repo_url=config.repo_url or "",
                              description=config.site_description or "")
    renderer = Renderer(_site, repository=repository, publication=publication)
    for page in renderer.pages():
        _clash(files, page.src)
        file = File.generated(
            config, page.src, content=page.content,
            inclusion=InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV,
        )
        # The edit link opens the YAML file the page is made from (edit_uri ends in docs/).
        file.edit_uri = f"../{page.data_file}" if page.data_file and repository else None
        files.append(file)
        if not page.searched:
            _unsearched.add(file.url)
    # The downloads, from the same model in the same build (the Data page lists them).
    for download in renderer.downloads:
        src = f"{FOLDER}/{download.name}"
        _clash(files, src)
        files.append(File.generated(config, src, content=download.content))
    if _serving:
        _pages.clear()
        _pages.update(f.src_uri for f in files if f.generated_by and f.is_documentation_page())
    return files


def _problem_files(files: Files, config) -> Files:
    """Under serve, with bad data: the problems page at every address the browser may be on
    (the pages of the last good build, the navigation's pages)."""
    wanted = set(_pages) | set(_nav_pages(config.nav or []))
    content = problems_page(_problems)
    for src in sorted(wanted):
        if files.get_file_from_path(src) is None:
            files.append(File.generated(config, src, content=content, inclusion=InclusionLevel.NOT_IN_NAV))
    return files


def _nav_pages(nav) -> list[str]:
    if isinstance(nav, str):
        return [nav] if nav.endswith(".md") else []
    items = nav.values() if isinstance(nav, dict) else nav
    return [src for item in items for src in _nav_pages(item)]


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Hand-written pages too show the problems while there are any."""
    return problems_page(_problems) if _problems else markdown


def _clash(files: Files, src: str) -> None:
    if files.get_file_from_path(src) is not None:
        raise PluginError(f"docs/{src} clashes with a generated file; move or rename it.")


@event_priority(50)  # before Material's search plugin reads the page; hooks/search_restore.py puts it back
def on_page_context(context, page, config, nav):
    """Show search only what the slimmed index keeps of a generated page: nothing of a page
    left out of it, the first section of the others (the same index, for less parsing)."""
    if page.url not in _searched_whole:
        shown = "" if page.url in _unsearched else first_section(page.content)
        HELD.hold(page.url, page.content, shown)
        page.content = shown
    return context


@event_priority(-100)  # after the search plugin has written its index
def on_post_build(config) -> None:
    index = Path(config["site_dir"]) / "search" / "search_index.json"
    if index.is_file():
        before, after = slim_file(index, drop=_unsearched, keep_sections=_searched_whole)
        log.info("Search index: %d KB, down from %d KB", after // 1024, before // 1024)


def on_serve(server, config, builder):
    """`watch:` in mkdocs.yml names data/; a data folder given by TIMELINE_DATA is watched too."""
    if _data_dir is not None:
        server.watch(str(_data_dir))
    return server
