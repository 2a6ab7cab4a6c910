"""A new copy of the official page, compared with the French passages the guide rests on.

A maintainer saves the page from a browser (the HTML the portal serves, or its text). Each
passage the flow cites (the summary rows, the detailed steps, the "Attention" section) is
found in it and compared with the guide's French (content/source.toml, its facts filled
in), ignoring layout: whitespace and line breaks, the style of quotation marks, apostrophes
and ellipses, bold, spaces before punctuation. Links are compared apart from the words
(a copy saved as text keeps bare addresses, at times far from their words). Each passage is
unchanged, changed (with a word diff) or missing; text of the copy that belongs to no
passage and to none of the page's other known texts (title, headings, lead-in) is new. For
a passage that changed or is missing, the report says what rests on it: the flow's outcomes
and questions, the pages, the content keys of every language, the facts.

The guide reads the copy it follows with one correction, the service's name (facts.source):
against the guide, the copy's spelling of it is read as the guide's. Two copies compared
with each other (``--against``) are read as they are.
"""

from __future__ import annotations

import difflib
import html.parser
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from checker.decide import walk_paths
from checker.flow import FLOW, Flow
from checker.wording import PASSAGE_FACTS
from content import Content
from content.store import PLACEHOLDER

# The page's other texts, known but cited by no outcome: not "new" when found.
OTHER_TEXTS = (
    "source.title",
    "source.intro",
    "source.summary_heading",
    "source.summary_cause_heading",
    "source.summary_solution_heading",
    "source.detailed_heading",
    "source.step_3.text",
    "source.attention.heading",
)
# Under this many words, a run of text outside every passage is layout (a list number, a
# lone heading word), not a new passage.
NEW_TEXT_WORDS = 4
# A passage is found where at least this share of its words stand in order.
FOUND_SHARE = 0.5
MAX_COPY_BYTES = 5_000_000
SENTENCE_ENDS = (".", ":", "!", "?")

URL = re.compile(r"https?://[^\s<>()\"'\]]+")
MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)")
QUOTES = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2026": "...",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\t": " ",
    }
)
SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?)\]])")
SPACE_AFTER_OPENING = re.compile(r"([(\[])\s+")
GUILLEMET_SPACES = re.compile(r"«\s*|\s*»")
BOLD = re.compile(r"\*\*|__")
# A word cut after its hyphen, at a line's end or by a stray space ("co- contractant", as a
# copy extracted from a PDF has it): one word again.
SPLIT_AFTER_HYPHEN = re.compile(r"(\w-)\s+(?=[a-zà-ÿ])")


class CopyError(Exception):
    """The copy cannot be read as a page's text."""


@dataclass(frozen=True)
class Copy:
    """A copy's words (layout gone) and the addresses it links to."""

    words: tuple[str, ...]
    links: frozenset[str]
    has_links: bool  # False: saved as text without its addresses (nothing to compare)


@dataclass
class RestsOn:
    outcomes: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    facts: dict[str, str] = field(default_factory=dict)


@dataclass
class PassageReport:
    id: str
    status: str  # "unchanged", "changed", "missing"
    diff: str = ""
    facts_changed: dict[str, str] = field(default_factory=dict)
    rests_on: RestsOn | None = None


@dataclass
class Report:
    passages: list[PassageReport]
    new: list[str]
    links_only_in_baseline: list[str]
    links_only_in_copy: list[str]
    links_compared: bool

    @property
    def changed(self) -> bool:
        return (
            any(p.status != "unchanged" for p in self.passages)
            or bool(self.new)
            or bool(self.links_only_in_baseline)
        )


# --- Reading a copy ------------------------------------------------------------------------


class _PageText(html.parser.HTMLParser):
    """The visible text of a page, a line per block, and the addresses it links to."""

    SKIPPED: ClassVar = {"script", "style", "noscript", "template", "nav", "header", "footer"}
    SKIPPED |= {"svg"}
    BLOCKS: ClassVar = {"p", "div", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6"}
    BLOCKS |= {"br", "table", "ul", "ol", "section", "article", "main", "dd", "dt", "blockquote"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: set[str] = set()
        self.skipping = 0
        self.main: list[str] | None = None
        self.in_main = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self.skipping += 1
        if tag == "main":
            self.in_main += 1
            if self.main is None:
                self.main = []
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith(("http://", "https://")):
                self.links.add(href)
        if tag in self.BLOCKS:
            self._add("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIPPED and self.skipping:
            self.skipping -= 1
        if tag == "main" and self.in_main:
            self.in_main -= 1
        if tag in self.BLOCKS:
            self._add("\n")

    def handle_data(self, data):
        if not self.skipping:
            self._add(data)

    def _add(self, text: str) -> None:
        self.parts.append(text)
        if self.in_main and self.main is not None:
            self.main.append(text)

    def text(self) -> str:
        # The page's main content where it marks one: not the portal's menus around it.
        return "".join(self.main if self.main else self.parts)


def read_copy(path: Path) -> Copy:
    """A saved copy: HTML (by its markup) or text, in UTF-8 (with or without a BOM) or in
    Windows-1252, the two a browser saves a French page in."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CopyError(f"{path}: cannot be read ({error.strerror or error})") from error
    if not data.strip():
        raise CopyError(f"{path}: the file is empty")
    if len(data) > MAX_COPY_BYTES:
        raise CopyError(f"{path}: {len(data):,} bytes is not a saved page")
    if b"\x00" in data:
        raise CopyError(f"{path}: not text (a binary file?)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    links: set[str] = set()
    is_html = re.search(r"<(html|body|p|div|table|h1|h2)\b", text[:20000], re.I) is not None
    if is_html:
        page = _PageText()
        page.feed(text)
        links |= page.links
        text = page.text()
    words, found = normalized(text)
    links |= found
    if not words:
        raise CopyError(f"{path}: no text in it")
    return Copy(tuple(words), frozenset(links), has_links=bool(links))


def normalized(text: str) -> tuple[list[str], set[str]]:
    """The words of ``text`` without its layout, and the web addresses it names."""
    links: set[str] = set()

    def link_words(match: re.Match[str]) -> str:
        if match.group(2).startswith(("http://", "https://")):
            links.add(match.group(2))
        return match.group(1)

    text = unicodedata.normalize("NFC", text)
    text = SPLIT_AFTER_HYPHEN.sub(r"\1", text)
    text = MARKDOWN_LINK.sub(link_words, text)
    links |= set(URL.findall(text))
    text = URL.sub(" ", text)
    text = GUILLEMET_SPACES.sub('"', text).translate(QUOTES)
    text = BOLD.sub("", text)
    text = SPACE_BEFORE_PUNCTUATION.sub(r"\1", text)
    text = SPACE_AFTER_OPENING.sub(r"\1", text)
    return text.split(), links


# --- The guide's passages --------------------------------------------------------------------


def _passage_keys(passage: str) -> tuple[str, ...]:
    """The texts of source.toml that make a passage: a summary row is its cause and its
    solution side by side."""
    if passage.startswith("summary_"):
        return (f"source.{passage}.cause", f"source.{passage}.text")
    return (f"source.{passage}.text",)


def guide_passage_source(texts: Content, passage: str) -> str:
    """The French of a passage as the guide stores it, its facts not yet filled in."""
    language = texts.fact("source.language")
    return " ".join(texts.texts[key][language] for key in _passage_keys(passage))


def guide_passage(texts: Content, passage: str) -> tuple[list[str], set[str]]:
    language = texts.fact("source.language")
    return normalized(" ".join(texts.text(key, language) for key in _passage_keys(passage)))


def facts_of(texts: Content, passage: str) -> dict[str, str]:
    """The facts a passage cites, with their French values: ``{fact key: value}``."""
    language = texts.fact("source.language")
    found = {}
    for name in PLACEHOLDER.findall(guide_passage_source(texts, passage)):
        value = texts.text(name, language) if name in texts.texts else texts.facts[name]
        found[name.removeprefix("facts.")] = str(value)
    return found


def corrected(words: Iterable[str], texts: Content) -> list[str]:
    """The copy's words with the guide's one correction: its spelling of the service's name."""
    spellings = {texts.fact("source.name_as_copied").lower(), texts.fact("source.name").lower()}
    name = texts.fact("source.name")
    pattern = re.compile(
        "|".join(re.escape(s) for s in sorted(spellings, key=len, reverse=True)), re.I
    )
    return [pattern.sub(name, word) for word in words]


# --- Finding a passage in a copy -------------------------------------------------------------


def locate(copy: list[str], passage: list[str]) -> tuple[int, int] | None:
    """Where ``passage`` stands in ``copy`` (a slice), changed or not; None if not there.

    The longest run of the passage's words found in the copy anchors it; around it, in a
    window of the passage's length and half again, the words that match in order give the
    span, stretched over the words the passage has before its first match and after its
    last (a reworded beginning or end)."""
    if not passage or not copy:
        return None
    matcher = difflib.SequenceMatcher(None, copy, passage, autojunk=False)
    anchor = matcher.find_longest_match(0, len(copy), 0, len(passage))
    if anchor.size < min(3, len(passage)):
        return None
    slack = len(passage) // 2 + 5
    low = max(0, anchor.a - anchor.b - slack)
    high = min(len(copy), anchor.a + (len(passage) - anchor.b) + slack)
    window = difflib.SequenceMatcher(None, copy[low:high], passage, autojunk=False)
    blocks = [b for b in window.get_matching_blocks() if b.size]
    matched = sum(b.size for b in blocks)
    if matched < FOUND_SHARE * len(passage):
        return None
    first, last = blocks[0], blocks[-1]
    start, end = low + first.a, low + last.a + last.size
    # Stretched over a reworded beginning or end, no further than a sentence's end: the
    # words beyond it are the next text's.
    for _ in range(first.b):
        if start == low or copy[start - 1].endswith(SENTENCE_ENDS):
            break
        start -= 1
    for _ in range(len(passage) - last.b - last.size):
        if end == high:
            break
        end += 1
        if copy[end - 1].endswith(SENTENCE_ENDS):
            break
    return start, end


def word_diff(old: list[str], new: list[str]) -> str:
    """``old`` → ``new`` word by word: removed words in [-…-], added ones in {+…+}."""
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, old, new, autojunk=False
    ).get_opcodes():
        if tag == "equal":
            same = old[i1:i2]
            out.append(" ".join(same if len(same) <= 12 else [*same[:5], "…", *same[-5:]]))
            continue
        if i2 > i1:
            out.append("[-" + " ".join(old[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(new[j1:j2]) + "+}")
    return " ".join(out)


def changed_facts(old: list[str], new: list[str], facts: dict[str, str]) -> dict[str, str]:
    """The facts (a phone number, a menu key) whose words in ``old`` the new text changes
    or drops: ``{fact: its value in old}``. An address is a link, compared apart."""
    bare = [word.strip(".,;:!?()*\"'") for word in old]
    touched: set[int] = set()
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag != "equal":
            touched.update(range(i1, max(i2, i1 + 1)))
    changed = {}
    for name, value in facts.items():
        value_words = value.split()
        if URL.match(value) or not value_words:
            continue
        size = len(value_words)
        for start in range(len(bare) - size + 1):
            if bare[start : start + size] == value_words and touched & set(
                range(start, start + size)
            ):
                changed[name] = value
    return changed


# --- What rests on a passage -----------------------------------------------------------------


def rests_on(
    texts: Content, passage: str, flow: Flow = FLOW, states: list[dict[str, str]] | None = None
) -> RestsOn:
    """What rests on ``passage``; ``states``: the flow's complete paths (walked once by a
    caller that asks for several passages)."""
    states = states if states is not None else [answers for answers, _ in walk_paths(flow)]
    quoting = [s for s in states if passage in flow.sources_for(s)]
    outcomes = sorted({flow.outcome_for(s).id for s in quoting})
    questions = []
    for question in flow.questions:
        through = [s for s in states if question.id in s]
        if not through:
            continue
        every_path = all(passage in flow.sources_for(s) for s in through)
        if every_path or _decides(flow, states, question.id, passage):
            questions.append(question.id)
    facts = facts_of(texts, passage)
    # The texts that say it again: the passage in every language, the outcomes quoting it
    # (their words and their box in the diagram), the cause whose summary row it is.
    keys = [k for k in texts.texts if k.startswith(f"source.{passage}.")]
    for outcome in outcomes:
        keys += [k for k in texts.texts if k.startswith(f"checker.outcome.{outcome}.")]
        keys += [k for k in texts.texts if k == f"diagram.outcome.{outcome}"]
    keys += [f"checker.option.cause.{c}" for c, p in flow.summary_rows.items() if p == passage]
    # Every other text that cites one of the passage's facts: the contact page, the record.
    cited = {f"facts.{name}" for name in facts}
    for key, languages in texts.texts.items():
        if any(name in cited for text in languages.values() for name in PLACEHOLDER.findall(text)):
            keys.append(key)
    for fact_name in PASSAGE_FACTS.get(passage, ()):
        keys += [k for k in texts.texts if k.startswith(f"uncertain.{fact_name}")]
    pages = ["LANG/procedure/"]
    if quoting:
        paths = f"{len(quoting)} path" + ("" if len(quoting) == 1 else "s")
        pages.append(f"LANG/checker/ (the outcome pages of {paths})")
    pages += sorted({f"LANG/{_page_of(k)}" for k in keys if _page_of(k)})
    return RestsOn(
        outcomes=outcomes,
        questions=questions,
        pages=list(dict.fromkeys(pages)),
        keys=list(dict.fromkeys(keys)),
        facts=facts,
    )


def _page_of(key: str) -> str:
    """The page whose words a content key is (pages.toml's keys are named by page)."""
    page = key.split(".", 1)[0]
    return {"contact": "contact/", "listing": "listing/", "about": "about/"}.get(page, "")


def _decides(flow: Flow, states: list[dict[str, str]], question: str, passage: str) -> bool:
    """Whether the answer to ``question`` decides, after some same earlier answers, whether
    ``passage`` is quoted."""
    by_prefix: dict[tuple, set[bool]] = {}
    for state in states:
        if question not in state:
            continue
        order = list(state)
        prefix = tuple((q, state[q]) for q in order[: order.index(question)])
        by_prefix.setdefault(prefix, set()).add(passage in flow.sources_for(state))
    return any(len(seen) == 2 for seen in by_prefix.values())


# --- The comparison --------------------------------------------------------------------------


def compare(texts: Content, copy: Copy, against: Copy | None = None, flow: Flow = FLOW) -> Report:
    """``copy`` against the guide's French (or against another copy, ``against``)."""
    new_words = list(copy.words) if against else corrected(copy.words, texts)
    paths = [answers for answers, _ in walk_paths(flow)]
    claimed: list[tuple[int, int]] = []
    reports = []
    for passage in flow.passages:
        guide_words, _ = guide_passage(texts, passage)
        if against:
            found_old = locate(list(against.words), guide_words)
            baseline = list(against.words[slice(*found_old)]) if found_old else None
        else:
            baseline = guide_words
        if baseline is None:
            reports.append(PassageReport(passage, "missing in the baseline"))
            continue
        found = locate(new_words, baseline)
        if found is None:
            reports.append(
                PassageReport(passage, "missing", rests_on=rests_on(texts, passage, flow, paths))
            )
            continue
        claimed.append(found)
        words = new_words[slice(*found)]
        if words == baseline:
            reports.append(PassageReport(passage, "unchanged"))
            continue
        missing_facts = changed_facts(baseline, words, facts_of(texts, passage))
        reports.append(
            PassageReport(
                passage,
                "changed",
                diff=word_diff(baseline, words),
                facts_changed=missing_facts,
                rests_on=rests_on(texts, passage, flow, paths),
            )
        )
    new = _new_text(texts, new_words, claimed, bool(against))
    if against:
        old_links, new_links = set(against.links), set(copy.links)
        compared = against.has_links and copy.has_links
    else:
        old_links = {
            value
            for p in flow.passages
            for value in facts_of(texts, p).values()
            if URL.match(value)
        }
        new_links = set(copy.links)
        compared = copy.has_links
    return Report(
        passages=reports,
        new=new,
        links_only_in_baseline=sorted(old_links - new_links) if compared else [],
        links_only_in_copy=sorted(new_links - old_links) if against or compared else [],
        links_compared=compared,
    )


def _new_text(
    texts: Content, words: list[str], claimed: list[tuple[int, int]], as_is: bool
) -> list[str]:
    """Runs of the copy's words outside every passage and every other known text."""
    language = texts.fact("source.language")
    taken = [False] * len(words)
    for start, end in claimed:
        taken[start:end] = [True] * (end - start)
    for key in OTHER_TEXTS:
        known, _ = normalized(texts.text(key, language))
        if not as_is:
            known = corrected(known, texts)
        found = locate(words, known) if len(known) >= 3 else _exact(words, known, taken)
        if found:
            taken[found[0] : found[1]] = [True] * (found[1] - found[0])
    runs, current = [], []
    for word, is_taken in zip(words, taken, strict=True):
        if is_taken:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(word)
    if current:
        runs.append(current)
    return [" ".join(run) for run in runs if len(run) >= NEW_TEXT_WORDS]


def _exact(words: list[str], known: list[str], taken: list[bool]) -> tuple[int, int] | None:
    """A short known text (a heading) where it stands whole and untaken."""
    size = len(known)
    for start in range(len(words) - size + 1):
        if words[start : start + size] == known and not any(taken[start : start + size]):
            return start, start + size
    return None
