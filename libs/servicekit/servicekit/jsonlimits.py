"""Bounds on the shape of a JSON body, checked without any framework.

Python's parser recurses once per level: 100,000 `[` end in a RecursionError (a 500), and
depths just short of that still cost stack and time. No request of this API nests beyond
a few levels, so anything past MAX_DEPTH is refused (400) by every service and the gateway,
before the body is parsed. An object of 78,000 unknown members costs the schema 140 ms and
the answer 78,000 error entries; no request has more than a few dozen fields, so an object
past MAX_MEMBERS is refused (422) once parsed, before any schema reads it.
"""

from __future__ import annotations

import re

MAX_DEPTH = 32
MAX_MEMBERS = 200
# A JSON string, escapes included: brackets inside one do not nest anything.
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_OPEN, _CLOSE = 1, 2
_BRACKETS = bytes.maketrans(b"[{]}", bytes([_OPEN, _OPEN, _CLOSE, _CLOSE]))
_NOT_BRACKETS = bytes(set(range(256)) - set(b"[]{}"))


def too_deeply_nested(raw: bytes, max_depth: int = MAX_DEPTH) -> bool:
    """Whether the JSON text `raw` opens more than `max_depth` containers inside each other."""
    if raw.count(b"[") + raw.count(b"{") <= max_depth:
        return False  # the common case, answered at C speed
    depth = 0
    for bracket in _STRING.sub(b"", raw).translate(_BRACKETS, _NOT_BRACKETS):
        depth += 1 if bracket == _OPEN else -1
        if depth > max_depth:
            return True
    return False


def has_oversized_object(value: object, max_members: int = MAX_MEMBERS) -> bool:
    """Whether any object in the parsed JSON `value` holds more than `max_members` members."""
    pending = [value]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            if len(node) > max_members:
                return True
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return False
