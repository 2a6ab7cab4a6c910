"""The single source: every text of the site in every language, side by side, by key.

The texts and facts are the ``*.toml`` files of this folder; :mod:`content.store` loads and
checks them. Nothing else in the project holds a sentence.
"""

from content.store import CONTENT_DIR, Content, ContentError, load

__all__ = ["CONTENT_DIR", "Content", "ContentError", "load"]
