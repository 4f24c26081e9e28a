"""MkDocs glue: load and check data/ once per build, then add a generated page per record.

Everything else lives in hooks/timeline/, which does not import MkDocs.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from timeline.load import default_sources_dir, load
from timeline.model import Site, build
from timeline.problems import DataError
from timeline.render import Renderer

log = logging.getLogger("mkdocs.hooks.timeline")
_site: Site | None = None
_data_dir: Path | None = None


def on_config(config):
    """Validate before anything is written: on bad data the build stops and site/ is untouched."""
    global _site, _data_dir
    root = Path(config.config_file_path).resolve().parent
    data = _data_dir = Path(os.environ.get("TIMELINE_DATA", root / "data"))
    sources = default_sources_dir(root)
    try:
        raw = load(data, sources_dir=sources, shown_from=root)
    except DataError as exc:
        for problem in exc.problems:
            log.error(str(problem))
        raise PluginError(
            f"{len(exc.problems)} problem(s) in {data.name}/; nothing was built and the site folder was left as it was."
        ) from None
    if raw.sources_dir is None:
        log.info("Quotes not checked: no archived sources at %s", sources)
    _site = build(raw)
    # Reproducible output: MkDocs stamps the sitemap with the build date unless
    # SOURCE_DATE_EPOCH is set. Default it to the newest source's publication date, so that
    # the same data gives the same bytes on any day.
    if _site.content_date is not None:
        os.environ.setdefault("SOURCE_DATE_EPOCH", str(_site.content_date))
    return config


def on_files(files: Files, config) -> Files:
    for page in Renderer(_site).pages():
        if files.get_file_from_path(page.src) is not None:
            raise PluginError(f"docs/{page.src} clashes with a generated page; move or rename it.")
        file = File.generated(
            config, page.src, content=page.content,
            inclusion=InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV,
        )
        # The edit link opens the YAML file the page is made from (edit_uri ends in docs/).
        file.edit_uri = f"../{page.data_file}" if page.data_file else None
        files.append(file)
    return files


def on_serve(server, config, builder):
    """`watch:` in mkdocs.yml names data/; a data folder given by TIMELINE_DATA is watched too."""
    if _data_dir is not None:
        server.watch(str(_data_dir))
    return server
