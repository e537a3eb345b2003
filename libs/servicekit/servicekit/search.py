"""Helpers for text search in queries."""


def contains_pattern(text: str) -> str:
    """A LIKE/ILIKE pattern matching `text` anywhere, with its wildcards taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
