"""Faster previews: under `mkdocs serve`, rebuild only what changed.

- A page whose Markdown has not changed since the previous build reuses its HTML instead of
  being converted again: converting Markdown is about half of a build, and after a one-file
  edit nearly every page is unchanged. The cache is dropped whenever the set of files
  changes, because links are resolved against it; a reused page's links to anchors are
  pointed at the new build's files, so anchors are checked against the pages as they are now.
- The theme's Jinja templates are compiled once, not on every rebuild (Jinja's own bytecode
  cache, kept in memory).
- A page whose HTML, title, metadata, neighbours, navigation and site settings are all as in
  the previous build gets the same output: the file written last time stays, and its
  search-index entries are replayed, instead of rendering the theme template and parsing the
  page for the search index once more (both are paid by every page on every rebuild).
- The site folder is therefore not emptied before a rebuild, and a static file (theme assets)
  is copied only when its source is newer than the copy. The cost: a page whose record was
  deleted stays reachable in the preview, by its address only, until `serve` restarts.

Only `serve` uses these caches; `mkdocs build` converts and compiles everything. MkDocs loads
hook modules once per process, so the caches live as long as `serve` does.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import mkdocs.commands.build as mkdocs_build
from jinja2 import BytecodeCache
from mkdocs import utils
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

_original_render = Page.render
_original_build_page = mkdocs_build._build_page
_original_clean = utils.clean_directory
_original_copy_static = Files.copy_static_files
_outputs: dict[str, tuple[tuple, bytes, list]] = {}  # src_uri -> (key, output, search entries)
_build_key: tuple = ()
_cache: dict[tuple[str, bytes], tuple] = {}
_files_key: int | None = None
_serving = False


class _MemoryBytecodeCache(BytecodeCache):
    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


_bytecode = _MemoryBytecodeCache()


def on_startup(command: str, dirty: bool) -> None:
    """Patch MkDocs for `serve` only; any other command gets MkDocs as it is."""
    global _serving
    _serving = command == "serve"
    Page.render = _render if _serving else _original_render  # type: ignore[method-assign]
    mkdocs_build._build_page = _build_page if _serving else _original_build_page
    utils.clean_directory = _keep_directory if _serving else _original_clean
    Files.copy_static_files = _copy_newer_static_files if _serving else _original_copy_static  # type: ignore[method-assign]


def on_env(env, config, files):
    if _serving:
        env.bytecode_cache = _bytecode  # keyed by template name and source checksum
    return env


def on_nav(nav, config, files):
    """What every page's output shares: the navigation, the site's settings, the templates."""
    global _build_key
    if _serving:
        templates = [config.theme.custom_dir] if config.theme.custom_dir else []
        stamps = tuple((str(p), p.stat().st_mtime_ns)
                       for d in templates for p in sorted(Path(d).rglob("*")) if p.is_file())
        nav_items = tuple((page.title, page.url) for page in nav.pages)
        _build_key = (nav_items, stamps, config.copyright, config.site_url, config.site_name,
                      config.config_file_path and Path(config.config_file_path).stat().st_mtime_ns)
    return nav


def on_files(files, config):
    global _files_key
    key = hash((config.use_directory_urls, tuple(sorted(f.src_uri for f in files))))
    if key != _files_key:
        _cache.clear()
        _files_key = key
    return files


def _render(self: Page, config, files) -> None:
    key = (self.file.src_uri, hashlib.blake2b((self.markdown or "").encode("utf-8"), digest_size=16).digest())
    hit = _cache.get(key)
    if hit is None:
        _original_render(self, config, files)
        _cache[key] = (self.content, self.toc, self._title_from_render, self.present_anchor_ids,
                       getattr(self, "links_to_anchors", None))
        return
    self.content, self.toc, self._title_from_render, self.present_anchor_ids, links = hit
    if links is not None:
        # The cached keys are File objects of an earlier build, whose pages hold that build's
        # anchors: point them at this build's files, so that a link to an anchor an edit
        # removed is still reported.
        self.links_to_anchors = {(files.get_file_from_path(target.src_uri) or target): anchors
                                 for target, anchors in links.items()}


def _search_index(config):
    for plugin in config.plugins.values():
        if hasattr(plugin, "search_index"):
            return plugin.search_index
    return None


def _build_page(page, config, doc_files, nav, env, dirty=False, excluded=False) -> None:
    neighbours = tuple(getattr(p, "url", None) or getattr(p, "title", None)
                       for p in (page.previous_page, page.next_page, page.parent))
    key = (_build_key, page.url, page.title, repr(page.meta), page.edit_url, neighbours, excluded,
           hashlib.blake2b((page.content or "").encode("utf-8"), digest_size=16).digest())
    index = _search_index(config)
    entries = index.entries if index is not None else []
    hit = _outputs.get(page.file.src_uri)
    if hit is not None and hit[0] == key:
        entries.extend(hit[2])
        if not Path(page.file.abs_dest_path).is_file():
            utils.write_file(hit[1], page.file.abs_dest_path)
        return
    before = len(entries)
    _original_build_page(page, config, doc_files, nav, env, dirty=dirty, excluded=excluded)
    output = Path(page.file.abs_dest_path)
    if output.is_file():
        _outputs[page.file.src_uri] = (key, output.read_bytes(), entries[before:])


def _keep_directory(directory: str) -> None:
    """Under serve the site folder is kept between rebuilds (see the module's docstring)."""


def _copy_newer_static_files(self, dirty: bool = False, **kwargs) -> None:
    _original_copy_static(self, True, **kwargs)
