#!/usr/bin/env python3
"""Look at the built site as a reader would: screenshots and an axe-core check per page type.

    python scripts/screenshots.py SITE_DIR [OUT_DIR]

serves SITE_DIR on a loopback port, opens one page of each type in Debian's headless
Chromium (/usr/bin/chromium) at 390 px and 1280 px wide, writes full-page PNGs to OUT_DIR
(default: tests/artifacts/) and prints what it finds wrong: axe-core's violations, a page
wider than the screen, a request to any other host, a console error. Exit 1 if any.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import sys
import threading
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
WIDTHS = {"phone": 390, "desktop": 1280}


def page_types(site: Path) -> dict[str, str]:
    """One URL path per page type, picked from what the build produced: the fullest page of
    each folder (the longest list, the event with most to show), so that the worst case is seen."""
    def fullest(folder: str) -> str:
        pages = sorted((site / folder).glob("*/index.html"), key=lambda p: (-p.stat().st_size, p.parent.name))
        return f"{folder}/{pages[0].parent.name}/" if pages else f"{folder}/"

    return {
        "home": "", "timeline": "timeline/", "decade": fullest("timeline"), "event": fullest("events"),
        "kind": fullest("kinds"), "topic": fullest("topics"), "actor": fullest("actors"), "era": fullest("eras"),
        "source": fullest("sources"), "reference": "about/data-reference/", "coverage": "about/coverage/",
        "membership": "membership/", "404": "404.html", "data": "about/data/",
    }


COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml")


def _outside_request(base: str, found: list, request) -> None:
    if not (request.url.startswith(base) or request.url.startswith("data:")):
        found.append({"id": "outside-request", "impact": "critical", "help": request.url, "nodes": [{"target": []}]})


def _console_error(found: list, message) -> None:
    if message.type == "error":
        found.append({"id": "console-error", "impact": "critical", "help": message.text, "nodes": [{"target": []}]})


@contextlib.contextmanager
def serve(folder: Path, prefix: str = "/"):
    """Serve ``folder`` on a loopback port at ``prefix`` (the path of the site's published
    address, e.g. '/timeline/'), text compressed with gzip as static hosts do."""
    cache: dict[Path, bytes] = {}

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def translate_path(self, path: str) -> str:
            if prefix != "/" and path.startswith(prefix):
                path = "/" + path[len(prefix):]
            elif prefix != "/":
                path = "/nowhere" + path
            return super().translate_path(path)

        def do_GET(self) -> None:
            path = Path(self.translate_path(self.path))
            if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
                path = path / "index.html"
            if "gzip" not in self.headers.get("Accept-Encoding", "") or path.suffix not in COMPRESSED \
                    or not path.is_file():
                return super().do_GET()
            if path not in cache:
                cache[path] = gzip.compress(path.read_bytes(), 6, mtime=0)
            body = cache[path]
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()


def check(site: Path, out: Path | None, widths=WIDTHS, prefix: str = "/") -> dict[str, list]:
    """Screenshots (when ``out`` is given) and problems per page type and width: axe-core's
    violations, a page wider than the screen, a request to another host, a console error."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    problems: dict[str, list] = {}
    axe = Axe()
    with serve(site, prefix) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, path in page_types(site).items():
            for label, width in widths.items():
                page = browser.new_page(viewport={"width": width, "height": 900})
                found: list = []
                page.on("request", functools.partial(_outside_request, base, found))
                page.on("console", functools.partial(_console_error, found))
                page.route(lambda url: not url.startswith(base), lambda route: route.abort())
                page.goto(base + path, wait_until="networkidle")
                if out is not None:
                    out.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(out / f"{name}-{label}.png"), full_page=True)
                overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
                if overflow > 0:
                    found.append({"id": "horizontal-scroll", "impact": "serious", "help": f"{overflow} px too wide",
                                  "nodes": [{"target": []}]})
                found += axe.run(page).response["violations"]
                if found:
                    problems[f"{name} ({label})"] = found
                page.close()
        browser.close()
    return problems


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
    print(f"screenshots in {out}; {sum(len(v) for v in violations.values())} problem(s)")
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
