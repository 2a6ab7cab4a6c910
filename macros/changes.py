"""What changed, for readers: the entries of content/changes.toml, newest first.

An entry is a fact, ``facts.changes.ID`` (its ``day`` and the ``commits`` that made it),
and a text, ``changes.ID``, in every language. The page "What changed" (docs/pages/
changes.md) lists them by day; an entry without its text, a text without its entry, or a
day not written as one fails the build.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from content import Content, ContentError
from macros.dated import day_of

FACTS = "facts.changes."
TEXTS = "changes."


@dataclass(frozen=True)
class Change:
    id: str
    day: datetime.date
    commits: tuple[str, ...]

    @property
    def text_key(self) -> str:
        return TEXTS + self.id


def changes(content: Content) -> list[Change]:
    """Every entry, the newest day first; within a day, the last written first."""
    ids = list(dict.fromkeys(key[len(FACTS) :].split(".")[0] for key in _facts(content)))
    entries = [_entry(content, position, entry) for position, entry in enumerate(ids)]
    texts = {key[len(TEXTS) :] for key in content.texts if key.startswith(TEXTS)}
    if texts - set(ids):
        raise ContentError(
            "content/changes.toml: texts without their entry (facts.changes.ID: day, commits): "
            + ", ".join(sorted(texts - set(ids)))
        )
    entries.sort(key=lambda pair: (pair[1].day, pair[0]), reverse=True)
    return [change for _, change in entries]


def _facts(content: Content) -> list[str]:
    return [key for key in content.facts if key.startswith(FACTS)]


def _entry(content: Content, position: int, entry: str) -> tuple[int, Change]:
    name = f"changes.{entry}"
    try:
        written = content.fact(f"{name}.day")
        commits = content.fact(f"{name}.commits")
    except ContentError:
        raise ContentError(f"facts.{name}: an entry needs its day and its commits") from None
    day = day_of(written, f"facts.{name}.day")
    if not content.has_text(TEXTS + entry):
        raise ContentError(f"facts.{name}: the entry has no text {TEXTS}{entry}")
    if not commits or not all(isinstance(commit, str) and commit for commit in commits):
        raise ContentError(f"facts.{name}.commits: name the commits that made the change")
    return position, Change(entry, day, tuple(commits))
