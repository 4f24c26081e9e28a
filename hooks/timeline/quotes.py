"""Quotes: checked word for word against the archived sources, or, where the archive is
absent (CI, a contributor's fork), against the quote lock that a maintainer wrote with it.

The lock, ``data/quotes.lock``, holds one line per quote: the source id, the SHA-256 of the
normalised quote and the SHA-256 of the archive file it was verified against. It proves that
a quote was found in the archive without publishing the archive. ``validate.py --lock`` writes
it, and only after every quote has been found verbatim.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem

LOCK_NAME = "quotes.lock"
LOCK_HEADER = (
    "# Quotes verified against the archived sources; see CONTRIBUTING.md, \"Quotes and the lock\".\n"
    "# One line per quote: source id, SHA-256 of the normalised quote, SHA-256 of the archive file.\n"
    "# Written by `python3 scripts/dev.py refresh` (validate.py --lock) with the archive; do not edit.\n"
)
REFRESH = "python3 scripts/dev.py refresh"
_QUOTE_MARKS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
                              "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"'})
_HEADER = re.compile(r"\A(?:[a-z]+:[^\n]*\n)+---\n")
_LOCK_LINE = re.compile(r"([a-z0-9]+(?:-[a-z0-9]+)*) ([0-9a-f]{64}) ([0-9a-f]{64})")
_INVISIBLE = {"Cf", "Cc", "Co", "Cn", "Cs", "Zl", "Zp"}
_SHOWN_WORDS = 4  # words shown on each side of a difference


def excerpt(text: str) -> str:
    """The source's own text: an archive file's header (``url: …`` lines down to ``---``) is ours,
    written for the archive, so a quote matched there would prove nothing."""
    header = _HEADER.match(text)
    return text[header.end():] if header else text


def normalise(text: str) -> str:
    """Quote comparison: typographic quotes made straight, runs of whitespace made one space."""
    return " ".join(text.translate(_QUOTE_MARKS).split())


def quote_hash(quote: str) -> str:
    return _sha256(normalise(quote))


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class LockEntry:
    source: str
    quote: str  # SHA-256 of the normalised quote
    archive: str  # SHA-256 of the archive file
    line: int = 0


def read_lock(path: Path, shown: str) -> tuple[dict[tuple[str, str], LockEntry], list[Problem]]:
    """The lock's entries by (source id, quote hash); a missing lock is an empty one."""
    entries: dict[tuple[str, str], LockEntry] = {}
    problems: list[Problem] = []
    if not path.is_file():
        return entries, problems
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        match = _LOCK_LINE.fullmatch(line.strip())
        if not match:
            problems.append(Problem(shown, number, "(file)", "is not 'SOURCE-ID QUOTE-SHA256 ARCHIVE-SHA256'; "
                                    f"expected the lock as `{REFRESH}` writes it"))
            continue
        entry = LockEntry(match[1], match[2], match[3], number)
        entries.setdefault((entry.source, entry.quote), entry)
    return entries, problems


def lock_text(entries) -> str:
    """The lock file for (source id, quote hash, archive hash) triples: sorted, one per line,
    so that two branches adding quotes rarely touch the same lines."""
    return LOCK_HEADER + "".join(f"{s} {q} {a}\n" for s, q, a in sorted(set(entries)))


@dataclass
class QuoteCheck:
    """Checks every quote of a load: verbatim where the archive is present, else by the lock."""

    sources_dir: Path | None
    lock_path: Path
    lock_shown: str
    texts: dict[str, str] = field(default_factory=dict)  # source id -> normalised excerpt
    archives: dict[str, str] = field(default_factory=dict)  # source id -> archive file name
    hashes: dict[str, str] = field(default_factory=dict)  # source id -> SHA-256 of its file
    unverified: list[Problem] = field(default_factory=list)  # quotes without a lock entry
    _used: dict[str, list[LockEntry]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.lock, self.lock_problems = read_lock(self.lock_path, self.lock_shown)

    def read(self, source_id: str, archive: str) -> bool:
        """Read a source's archived copy; False when the file is not there (or there is no archive)."""
        path = self.sources_dir / archive if self.sources_dir else None
        if path is None or not path.is_file():
            return False
        raw = path.read_bytes()
        self.hashes[source_id] = hashlib.sha256(raw).hexdigest()
        self.texts[source_id] = normalise(excerpt(raw.decode("utf-8", errors="replace")))
        self.archives[source_id] = archive
        return True

    def check(self, problem, source_id: str, quote: str) -> list[Problem]:
        """``problem(message)`` makes a Problem at the quote's line."""
        normalised = normalise(quote)
        if self.sources_dir is None:
            entry = self.lock.get((source_id, _sha256(normalised)))
            if entry is None:
                self.unverified.append(problem(
                    f"is not yet verified against the archive (data/{LOCK_NAME} has no entry for this quote "
                    f"from '{source_id}'); expected a verified quote: copy it exactly from the source, and a "
                    f"maintainer with the archive runs `{REFRESH}` and commits data/{LOCK_NAME}"))
            return []
        if source_id not in self.texts:
            return []  # its archive file is missing: reported on the source
        if self.lock:  # hashing is needed only to find stale entries
            entry = self.lock.get((source_id, _sha256(normalised)))
            if entry is not None:
                self._used.setdefault(source_id, []).append(entry)
        if normalised in self.texts[source_id]:
            return []
        return [problem(f"is not in source '{source_id}' ({self.archives[source_id]}){self.explain(quote, source_id)}; "
                        "expected the source's exact words (whitespace and curly quotes may differ)")]

    def finish(self) -> list[Problem]:
        """With the archive present: lock entries in use that were verified against another
        copy of their archive file. Always: lines of the lock that cannot be read."""
        problems = list(self.lock_problems)
        for source_id, entries in sorted(self._used.items()):
            stale = sorted({e.line: e for e in entries if e.archive != self.hashes[source_id]}.values(),
                           key=lambda e: e.line)
            if stale:
                problems.append(Problem(
                    self.lock_shown, stale[0].line, source_id,
                    f"{len(stale)} entr{'ies were' if len(stale) > 1 else 'y was'} verified against another copy of "
                    f"{self.archives[source_id]} (SHA-256 {stale[0].archive[:12]}…, the file now has "
                    f"{self.hashes[source_id][:12]}…); expected entries for the archive as it is: run `{REFRESH}` "
                    "to verify the quotes again and rewrite the lock"))
        return problems

    def entries(self, quotes) -> list[tuple[str, str, str]]:
        """Lock lines for (source id, quote) pairs, against the archive files as they are."""
        return [(s, quote_hash(q), self.hashes[s]) for s, q in quotes if s in self.hashes]

    def explain(self, quote: str, source_id: str) -> str:
        """What differs, for a quote not found in its source: the first differing words,
        characters a reader cannot see or the source does not use, another source that has it."""
        text = self.texts[source_id]
        parts = []
        odd = unusual_characters(quote, text)
        if odd:
            parts.append("it contains " + ", ".join(odd))
        cleaned = normalise("".join(c for c in quote if unicodedata.category(c) not in _INVISIBLE))
        inner = cleaned[1:-1].strip() if len(cleaned) > 2 and cleaned[0] == cleaned[-1] and cleaned[0] in "\"'" else ""
        if odd and cleaned in text:
            parts.append("without them it matches")
        elif inner and inner in text:
            parts.append("it is wrapped in quote marks that the source does not have; remove them "
                         "(`validate.py --fix` does, for typographic ones)")
        else:
            parts.append(first_difference(normalise(quote), text))
        elsewhere = [f"'{other}' ({self.archives[other]})" for other, t in self.texts.items()
                     if other != source_id and normalise(quote) in t]
        if elsewhere:
            parts.append(f"the passage is found in another source: {', '.join(elsewhere[:3])}")
        return "".join(f": {p}" if i == 0 else f"; {p}" for i, p in enumerate(p for p in parts if p))


def unusual_characters(quote: str, text: str) -> list[str]:
    """Characters named by code point: invisible ones (zero-width space, soft hyphen, control
    characters), and any other non-ASCII character that the source's text never uses."""
    found: dict[str, str] = {}
    for i, char in enumerate(quote):
        invisible = unicodedata.category(char) in _INVISIBLE and char not in "\n\t"
        if char in found or not (invisible or (ord(char) > 127 and not char.isspace()
                                                and char not in text and char.translate(_QUOTE_MARKS) == char)):
            continue
        name = unicodedata.name(char, "unnamed character")
        if invisible:
            before = quote[:i].split()
            where = f"after '{before[-1]}'" if before else "at the start"
            found[char] = f"U+{ord(char):04X} {name} (invisible) {where}"
        else:
            word = next((w for w in quote.split() if char in w), char)
            found[char] = f"U+{ord(char):04X} {name} in '{word}', which the source does not use"
    return list(found.values())


def first_difference(quote: str, text: str) -> str:
    """'from word N yours reads '…' where the source reads '…'', found from the longest start
    (or else end) of the quote that the text contains. Both are normalised."""
    words = quote.split(" ")
    n = _longest(lambda k: " ".join(words[:k]) in text, len(words))
    if n:
        at = text.find(" ".join(words[:n]))
        source = text[at:].split(" ")[n - 1:n - 1 + _SHOWN_WORDS]
        yours = words[n - 1:n - 1 + _SHOWN_WORDS]
        return f"from word {n + 1} yours reads '{_show(yours, n > 1)}' where the source reads '{_show(source, n > 1)}'"
    n = _longest(lambda k: " ".join(words[len(words) - k:]) in text, len(words))
    if n:
        at = text.find(" ".join(words[len(words) - n:]))
        source = text[:at].split()[-(_SHOWN_WORDS - 1):] + [words[len(words) - n]]
        yours = words[max(0, len(words) - n - _SHOWN_WORDS + 1):len(words) - n + 1]
        return (f"up to word {len(words) - n} yours reads '{_show(yours, len(words) - n >= _SHOWN_WORDS)}' "
                f"where the source reads '{_show(source, True)}'")
    return "no passage of the source starts or ends like it"


def _longest(found, most: int) -> int:
    """The largest k in 0..most for which found(k) holds (found is monotonic)."""
    lo, hi = 0, most
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if found(mid):
            lo = mid
        else:
            hi = mid - 1
    return lo


def _show(words: list[str], cut: bool) -> str:
    return ("… " if cut else "") + " ".join(words) + " …"
