#!/usr/bin/env python3
"""Look at the built site as a reader would: screenshots and an axe-core check per page type.

    python scripts/screenshots.py SITE_DIR [OUT_DIR]

serves SITE_DIR on a loopback port, opens one page of each type in Debian's headless
Chromium (/usr/bin/chromium) at 390 px and 1280 px wide, writes full-page PNGs to OUT_DIR
(default: tests/artifacts/) and prints axe-core's violations. Exit 1 if there are any.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import sys
import threading
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
WIDTHS = {"phone": 390, "desktop": 1280}


def page_types(site: Path) -> dict[str, str]:
    """One URL path per page type, picked from what the build produced."""
    def first(folder: str) -> str:
        names = sorted(p.parent.name for p in (site / folder).glob("*/index.html"))
        return f"{folder}/{names[0]}/" if names else f"{folder}/"

    return {
        "home": "", "timeline": "timeline/", "decade": first("timeline"), "event": first("events"),
        "kind": "kinds/summit/", "topic": first("topics"), "actor": first("actors"), "era": first("eras"),
        "source": first("sources"), "reference": "about/data-reference/", "coverage": "about/coverage/",
        "membership": "membership/", "data": "about/data/",
    }


@contextlib.contextmanager
def serve(folder: Path):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def check(site: Path, out: Path | None, widths=WIDTHS) -> dict[str, list]:
    """Screenshots (when ``out`` is given) and axe violations per page type."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    violations: dict[str, list] = {}
    axe = Axe()
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, path in page_types(site).items():
            for label, width in widths.items():
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.goto(base + path)
                if out is not None:
                    out.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(out / f"{name}-{label}.png"), full_page=True)
                if label == "desktop" or name == "event":
                    result = axe.run(page)
                    found = result.response["violations"]
                    if found:
                        violations[f"{name} ({label})"] = found
                page.close()
        browser.close()
    return violations


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    site = Path(argv[0])
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / "tests" / "artifacts"
    violations = check(site, out)
    for where, found in violations.items():
        for v in found:
            print(f"{where}: {v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} node(s): "
                  f"{v['nodes'][0]['target']}")
    print(f"screenshots in {out}; {sum(len(v) for v in violations.values())} axe violation(s)")
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
