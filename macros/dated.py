"""The guide's two dates, from content/facts.toml: the official text it follows (the day of
the copy: the text has no date of its own) and the last review of its reading against that
text. Every page shows them with the guide's version, in its language; a review older than
the text fails the build."""

from __future__ import annotations

import datetime
from functools import cache

import babel
import babel.dates

from content import Content, ContentError

TEXT_DATE = "source.copied_on"
REVIEWED_ON = "guide.reviewed_on"


def check(content: Content) -> None:
    """Both dates are days (YYYY-MM-DD), and the review is not older than the text."""
    text, reviewed = (_day(content, fact) for fact in (TEXT_DATE, REVIEWED_ON))
    if reviewed < text:
        raise ContentError(
            f"facts.{REVIEWED_ON} ({reviewed}) is older than the official text the guide "
            f"follows (facts.{TEXT_DATE}, {text}): review the guide against that text "
            "(python -m checker source diff), then date the review"
        )


def values(content: Content, language: str) -> dict[str, str]:
    """The dates as a text cites them (``${text_date}``, ``${reviewed_on}``): each a
    ``<time>`` written as ``language`` writes a day."""
    return {
        "text_date": time_html(_day(content, TEXT_DATE), language),
        "reviewed_on": time_html(_day(content, REVIEWED_ON), language),
    }


def _day(content: Content, fact: str) -> datetime.date:
    return day_of(content.fact(fact), f"facts.{fact}")


def day_of(written: object, name: str) -> datetime.date:
    """The day a fact ``name`` writes as YYYY-MM-DD; a ContentError naming it otherwise."""
    try:
        return datetime.date.fromisoformat(str(written))
    except ValueError:
        raise ContentError(f"{name}: {written!r} is not a day (YYYY-MM-DD)") from None


def time_html(day: datetime.date, language: str) -> str:
    """``day`` as a ``<time>``, written as ``language`` writes a day."""
    shown = babel.dates.format_date(day, format="long", locale=_locale(language))
    return f'<time datetime="{day.isoformat()}">{shown}</time>'


@cache
def _locale(language: str) -> babel.Locale:
    """The language as written in Belgium where the CLDR has it (English: "22 November
    2026", not the United States' "November 22, 2026"), else the language itself."""
    try:
        return babel.Locale.parse(f"{language}_BE")
    except (babel.UnknownLocaleError, ValueError):
        return babel.Locale.parse(language)
