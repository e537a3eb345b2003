"""Output schemas dump through a compiled plan (servicekit.dumping): the same output as
marshmallow's own path, for every kind of field and object the services hand them."""

from __future__ import annotations

import uuid
from collections import namedtuple
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from types import SimpleNamespace

import marshmallow as ma
import pytest
from servicekit.db import read_row
from servicekit.fields import Money, OutputSchema, String, Timestamp, one_of, optional
from sqlalchemy.engine import Row

WHEN = datetime(2026, 11, 22, 10, 15, 7, 123456, tzinfo=timezone(timedelta(hours=-5)))


class Ref(OutputSchema):
    id = ma.fields.UUID()
    name = String()


class Counted(OutputSchema):
    calls = 0

    value = ma.fields.Integer()

    @ma.post_dump(pass_collection=True)
    def count(self, data, many, **kwargs):
        Counted.calls += 1
        return data


class Everything(OutputSchema):
    id = ma.fields.UUID()
    name = String()
    kind = one_of(("a", "b"), allow_none=True)
    count = ma.fields.Integer()
    count_text = ma.fields.Integer(as_string=True)
    flag = ma.fields.Boolean()
    score = ma.fields.Float(allow_none=True)
    amount = Money(allow_none=True)
    at = Timestamp()
    day = ma.fields.Date(allow_none=True)
    ref = ma.fields.Nested(Ref, allow_none=True)
    refs = ma.fields.List(ma.fields.Nested(Ref))
    tags = ma.fields.List(String())
    renamed = String(data_key="renamedKey", attribute="label")
    with_default = String(dump_default="none given")
    maybe = optional(ma.fields.Boolean(), "sometimes")
    counted = ma.fields.List(ma.fields.Nested(Counted))


def sample(**changes):
    values = {
        "id": uuid.UUID("e2183d76-eabc-4fee-2843-82bfbe9b6300"),
        "name": "Maple Ledger",
        "label": "written as renamedKey",
        "kind": None,
        "count": 3,
        "count_text": 4,
        "flag": True,
        "score": 4.5,
        "amount": Decimal("1234.56"),
        "at": WHEN,
        "day": WHEN.date(),
        "ref": SimpleNamespace(id=uuid.uuid4(), name="Ref"),
        "refs": [{"id": str(uuid.uuid4()), "name": "as text"}],
        "tags": ["x", "y"],
        "counted": [SimpleNamespace(value=1), SimpleNamespace(value=2)],
    }
    values.update(changes)
    return values


def marshmallows_own(schema: ma.Schema, obj, many=False):
    """The dump as plain marshmallow does it, nested schemas included."""

    def plain(cls):
        return type(cls.__name__, (ma.Schema,), dict(cls._declared_fields))

    copy = plain(type(schema))()
    for field in copy.dump_fields.values():
        inner = getattr(field, "inner", field)
        if isinstance(inner, ma.fields.Nested) and inner.nested is not Counted:
            inner.nested, inner._schema = plain(inner.nested), None
    return copy.dump(obj, many=many)


@pytest.mark.parametrize(
    "obj",
    [
        pytest.param(SimpleNamespace(**sample()), id="object"),
        pytest.param(sample(), id="dict"),
        pytest.param(SimpleNamespace(**sample(maybe=False, with_default="given")), id="present"),
        pytest.param(
            SimpleNamespace(**sample(ref=None, amount=None, day=None, score=None)), id="nulls"
        ),
        pytest.param(SimpleNamespace(**sample(id=str(uuid.uuid4()), count=True)), id="odd types"),
        pytest.param(
            namedtuple("Row", list(sample()))(**sample()),
            id="row",
        ),
    ],
)
def test_the_compiled_dump_writes_what_marshmallow_writes(obj):
    assert Everything().dump(obj) == marshmallows_own(Everything(), obj)
    assert Everything().dump([obj, obj], many=True) == marshmallows_own(
        Everything(), [obj, obj], many=True
    )


def test_timestamps_are_utc_with_a_z_and_whole_seconds():
    assert Everything().dump(sample())["at"] == "2026-11-22T15:15:07Z"
    assert Everything().dump(sample(at=WHEN.astimezone(UTC)))["at"] == "2026-11-22T15:15:07Z"


def test_only_and_exclude_are_kept_and_hooks_still_run():
    Counted.calls = 0
    assert Everything(only=("name", "counted")).dump(sample()) == {
        "name": "Maple Ledger",
        "counted": [{"value": 1}, {"value": 2}],
    }
    assert Counted.calls == 2  # once per nested item, as marshmallow calls it
    assert "name" not in Everything(exclude=("name",)).dump(sample())


def test_a_dotted_attribute_takes_marshmallows_path():
    class Dotted(OutputSchema):
        title = String(attribute="job.title", allow_none=True)
        name = String()

    obj = SimpleNamespace(job=SimpleNamespace(title="Analyst"), name="n")
    assert Dotted().dump(obj) == {"title": "Analyst", "name": "n"}
    without_job = SimpleNamespace(job=None, name="n")
    assert Dotted().dump(without_job) == marshmallows_own(Dotted(), without_job)


class NoteOut(OutputSchema):
    id = ma.fields.UUID()
    text = String()
    created_at = Timestamp()
    updated_at = Timestamp()


def test_orm_instances_dump_loaded_and_expired_attributes_alike(app):
    db = app.extensions["sqlalchemy"]
    Note = next(m.class_ for m in db.Model.registry.mappers if m.class_.__name__ == "Note")
    with app.app_context():
        note = Note(text="loaded")
        db.session.add(note)
        db.session.commit()  # expires every attribute: the dump must load them again
        expired = NoteOut().dump(note)
        assert expired == marshmallows_own(NoteOut(), note)
        assert expired["text"] == "loaded"
        note.text = "changed, not flushed"
        assert NoteOut().dump(note)["text"] == "changed, not flushed"
        db.session.rollback()


def test_a_database_row_dumps_as_marshmallow_reads_it(app):
    db = app.extensions["sqlalchemy"]
    Note = next(m.class_ for m in db.Model.registry.mappers if m.class_.__name__ == "Note")
    with app.app_context():
        db.session.add(Note(text="as a row"))
        db.session.commit()
        row = read_row(db.session, Note, Note.text == "as a row")
        assert isinstance(row, Row)
        dumped = NoteOut().dump(row)
        assert dumped == marshmallows_own(NoteOut(), row)
        assert dumped["text"] == "as a row" and dumped["created_at"].endswith("Z")
        db.session.rollback()
