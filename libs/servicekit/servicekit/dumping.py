"""A faster dump for output schemas, compiled from the schema itself.

marshmallow serialises a field through three or four generic calls (`Field.serialize`, the
schema's accessor, `get_value`'s dotted-path and mapping checks, then `_serialize`), which
made dumping a page of 20 jobs a quarter of the jobs service's CPU for that request
(bench/REPORT.md). A `DumpPlan` does the same work with one attribute read and one
conversion per field: it is built once per schema instance from the schema's own fields,
so the schema stays the one declaration of what goes out.

It produces exactly what marshmallow would (tests/test_dumping.py compares the two):

- a field whose value marshmallow converts with code we know (String, UUID, Integer,
  Boolean, and any field's own `_serialize`) is converted here with a shortcut for the
  common type (a str stays a str, a UUID becomes its text) and the field's own
  `_serialize` for anything else;
- a missing attribute takes the field's `dump_default`, or leaves the key out;
- a SQLAlchemy row (servicekit.db.read_row) or a named tuple is read through its
  `_asdict()`, by field name, as marshmallow reads it (its `row[name]` fails for every
  field, then `getattr` answers);
- a schema with a field the shortcut does not cover (a dotted attribute such as
  `job.company_name`, a field that reads no attribute), and any other object that is
  neither a dict nor a plain object (a sequence), take marshmallow's own path;
- the schema's pre- and post-dump hooks run as before: only `_serialize` is replaced.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import marshmallow as ma

_missing = ma.missing
Convert = Callable[[Any, str, Any], Any]


def _converter(field: ma.fields.Field) -> Convert:
    """value, attribute name, object -> the value as marshmallow would write it."""
    serialize = field._serialize
    own = type(field)._serialize

    def fast_if(kind: type) -> Convert:
        def convert(value, attr, obj):
            return value if type(value) is kind else serialize(value, attr, obj)

        return convert

    if own is ma.fields.String._serialize:
        return fast_if(str)
    if own is ma.fields.Boolean._serialize:
        return fast_if(bool)
    integer = isinstance(field, ma.fields.Integer) and not field.as_string
    if own is ma.fields.Number._serialize and integer:
        return fast_if(int)
    if own is ma.fields.UUID._serialize:

        def convert_uuid(value, attr, obj):
            return str(value) if type(value) is uuid.UUID else serialize(value, attr, obj)

        return convert_uuid
    return serialize


class DumpPlan:
    """One schema instance's fields, ready to dump: (key, attribute, conversion, default)."""

    def __init__(self, schema: ma.Schema) -> None:
        self.fields: list[tuple[str, str, Convert, Any]] = []
        self.needs_marshmallow = False  # a field the shortcut does not cover
        for name, field in schema.dump_fields.items():
            key = field.data_key if field.data_key is not None else name
            attribute = field.attribute if field.attribute is not None else name
            if "." in attribute or not field._CHECK_ATTRIBUTE:
                self.needs_marshmallow = True
            self.fields.append((key, attribute, _converter(field), field.dump_default))

    def dump(self, schema: ma.Schema, obj: Any) -> dict[str, Any]:
        if self.needs_marshmallow:
            return self._dump_as_marshmallow(schema, obj)
        if not _plain(obj):
            as_dict = getattr(obj, "_asdict", None)  # a row: one dict, not an error a field
            if as_dict is None:
                return self._dump_as_marshmallow(schema, obj)
            obj = as_dict()
        result = {}
        is_dict = type(obj) is dict
        # A loaded ORM instance keeps its column values in its __dict__: reading them there
        # skips SQLAlchemy's attribute descriptor, a sixth of the dump's time. What is not
        # loaded (expired, deferred, a relationship not yet read) is read as usual.
        loaded = {} if is_dict else _loaded_values(obj)
        for key, attribute, convert, default in self.fields:
            if is_dict:
                value = obj.get(attribute, _missing)
            else:
                value = loaded.get(attribute, _missing)
                if value is _missing:
                    value = getattr(obj, attribute, _missing)
            if value is _missing:
                value = default() if callable(default) else default
                if value is _missing:
                    continue
            result[key] = convert(value, attribute, obj)
        return result

    def _dump_as_marshmallow(self, schema: ma.Schema, obj: Any) -> dict[str, Any]:
        """marshmallow's own path, field by field (rows, dotted attributes)."""
        result = {}
        for name, field in schema.dump_fields.items():
            value = field.serialize(name, obj, accessor=schema.get_attribute)
            if value is not _missing:
                result[field.data_key if field.data_key is not None else name] = value
        return result


def _loaded_values(obj: Any) -> dict[str, Any]:
    values = getattr(obj, "__dict__", None)
    return values if values is not None and "_sa_instance_state" in values else {}


def _plain(obj: Any) -> bool:
    """A dict, or an object whose fields are attributes (no __getitem__ to try first)."""
    return type(obj) is dict or not hasattr(obj, "__getitem__")
