"""Links to the project's repository: a record's history, and the form that reports an error.

Only where a repository address is configured (``SITE_REPO_URL``, set by the deploy
workflow): without one the site shows no such link and makes no request to any repository.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode

REPORT_FORM = "report-error.yml"  # .github/ISSUE_TEMPLATE/; its field ids are prefilled below


@dataclass(frozen=True)
class Repository:
    url: str  # e.g. https://github.com/owner/name, without a trailing slash
    branch: str = "main"
    site_url: str = ""  # the published address, for the entry's address in a report

    @classmethod
    def from_config(cls, repo_url: str | None, edit_uri: str | None, site_url: str | None) -> Repository | None:
        if not repo_url or not re.match(r"https?://[^\s/]+/\S+", repo_url):
            return None
        parts = (edit_uri or "").strip("/").split("/")
        branch = parts[1] if len(parts) > 1 and parts[0] in ("edit", "blob", "tree") else "main"
        return cls(repo_url.rstrip("/"), branch, (site_url or "").rstrip("/"))

    def history(self, path: str | None) -> str | None:
        """The commits that changed a file of the repository (None for a file outside it)."""
        if not path or path.startswith("/") or ".." in path.split("/") or re.match(r"[A-Za-z]:", path):
            return None
        return f"{self.url}/commits/{self.branch}/{quote(path)}"

    def report(self, event_id: str, title: str) -> str:
        """The "report an error in an entry" form, with the entry's address and title filled in."""
        address = f"events/{event_id}/"
        address = f"{self.site_url}/{address}" if self.site_url else address
        query = urlencode({"template": REPORT_FORM, "title": f"Error in: {title}", "entry": address})
        return f"{self.url}/issues/new?{query}"
