"""Faster previews: under `mkdocs serve`, rebuild only what changed.

- A page whose Markdown has not changed since the previous build reuses its HTML instead of
  being converted again: converting Markdown is about half of a build, and after a one-file
  edit nearly every page is unchanged. The cache is dropped whenever the set of files
  changes, because links are resolved against it; a reused page's links to anchors are
  pointed at the new build's files, so anchors are checked against the pages as they are now.
- The theme's Jinja templates are compiled once, not on every rebuild (Jinja's own bytecode
  cache, kept in memory).

Only `serve` uses these caches; `mkdocs build` converts and compiles everything. MkDocs loads
hook modules once per process, so the caches live as long as `serve` does.
"""

from __future__ import annotations

import hashlib

from jinja2 import BytecodeCache
from mkdocs.structure.pages import Page

_original_render = Page.render
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
    global _serving
    _serving = command == "serve"
    if _serving and Page.render is _original_render:
        Page.render = _render


def on_env(env, config, files):
    if _serving:
        env.bytecode_cache = _bytecode  # keyed by template name and source checksum
    return env


def on_files(files, config):
    global _files_key
    key = hash((config.use_directory_urls, tuple(sorted(f.src_uri for f in files))))
    if key != _files_key:
        _cache.clear()
        _files_key = key
    return files


def _render(self: Page, config, files) -> None:
    key = (self.file.src_uri, hashlib.blake2b(self.markdown.encode("utf-8"), digest_size=16).digest())
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
