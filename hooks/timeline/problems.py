"""Errors are data: every problem found in data/ is a Problem value."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one field of one file.

    ``path`` is shown as given (relative to the project root where possible), ``line`` is
    1-based, ``field`` is a path such as ``sources[0].quote`` (``(file)`` for the file as a
    whole), ``message`` says what is wrong and what is expected.
    """

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"

    def github(self) -> str:
        """The problem as a GitHub Actions annotation."""
        message = f"{self.field}: {self.message}".replace("%", "%25").replace("\n", "%0A")
        return f"::error file={self.path},line={self.line}::{message}"


def field_name(path: tuple) -> str:
    """('sources', 0, 'quote') -> 'sources[0].quote'; () -> '(file)'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(file)"


class DataError(Exception):
    """Raised by the loader when data/ has problems; carries all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(f"{len(self.problems)} problem(s) in data")

    def report(self) -> str:
        lines = [str(p) for p in self.problems]
        n = len(self.problems)
        lines.append(f"{n} problem{'s' if n != 1 else ''} found in data; nothing was built.")
        return "\n".join(lines)


def did_you_mean(word: str, known) -> str:
    """' (did you mean 'a', 'b' or 'c'?)' with the known ids nearest to ``word``: close in
    spelling, or sharing its words ('putin' -> 'vladimir-putin'); '' when none is near."""
    import difflib  # only on the way to a problem

    known = list(known)
    parts = set(word.split("-"))
    sharing = sorted((k for k in known if parts <= set(k.split("-")) or k.startswith(word)), key=len)
    near = list(dict.fromkeys(difflib.get_close_matches(word, known, n=3, cutoff=0.6) + sharing))[:3]
    near = near or difflib.get_close_matches(word, known, n=2, cutoff=0.5)  # the nearest, if half alike
    if not near:
        return ""
    quoted = [f"'{k}'" for k in near]
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
    return f" (did you mean {listed}?)"
