"""The bounds every body and string field keeps: nesting depth, object size, list length
checked before items, and no NUL or lone surrogate in any string."""

import json

import marshmallow as ma
import pytest
from servicekit.fields import BoundedList, Email, String, Text
from servicekit.jsonlimits import MAX_DEPTH, has_oversized_object, too_deeply_nested
from servicekit.testing import assert_problem

NOTES = "/api/v1/notes"


def test_nesting_up_to_the_limit_passes_and_one_more_level_does_not():
    assert not too_deeply_nested(("[" * MAX_DEPTH + "]" * MAX_DEPTH).encode())
    assert too_deeply_nested(("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)).encode())
    assert too_deeply_nested(b"[" * 100_000)


def test_brackets_inside_strings_do_not_count_as_nesting():
    text = json.dumps({"note": "[" * 1000, "escaped": '\\"[[[[' * 100})
    assert not too_deeply_nested(text.encode())


def test_many_shallow_containers_are_not_deep():
    assert not too_deeply_nested(json.dumps([[{}]] * 50_000).encode())


def test_objects_with_too_many_members_are_found_at_any_depth():
    assert not has_oversized_object({"a": [{"b": 1}] * 1000})
    assert has_oversized_object({f"k{n}": n for n in range(201)})
    assert has_oversized_object({"a": [{"b": {f"k{n}": n for n in range(201)}}]})


@pytest.mark.parametrize("field", [String(), Text(max_length=50), Email()])
@pytest.mark.parametrize("value", ["a\x00b@example.com", "a\ud800b@example.com", "\udfff"])
def test_safe_string_fields_refuse_nul_and_lone_surrogates(field, value):
    with pytest.raises(ma.ValidationError, match="NUL characters or unpaired surrogates"):
        field.deserialize(value)


def test_a_bounded_list_refuses_an_oversized_list_before_reading_its_items():
    read = []

    class Item(ma.Schema):
        name = Text(max_length=10, required=True)

        @ma.pre_load
        def count(self, data, **kwargs):
            read.append(data)
            return data

    field = BoundedList(ma.fields.Nested(Item), max_length=50)
    with pytest.raises(ma.ValidationError, match="50"):
        field.deserialize([{"name": "x"}] * 100_000)
    assert read == []  # not one item was read
    assert len(field.deserialize([{"name": "x"}] * 50)) == 50


def test_deep_nesting_is_400_and_writes_nothing(client, signed_in, count_notes):
    response = client.post(
        NOTES, data="[" * 100_000, content_type="application/json", headers=signed_in
    )
    assert_problem(response, 400)
    assert count_notes() == 0


def test_an_object_of_thousands_of_members_is_422_with_one_error(client, signed_in):
    body = {"text": "a", **{f"unknown{n}": n for n in range(5000)}}
    problem = assert_problem(client.post(NOTES, json=body, headers=signed_in), 422)
    assert len(problem["errors"]) == 1


@pytest.mark.parametrize("text", ["nul\x00", "lone\ud800"])
def test_nul_or_a_lone_surrogate_is_422_naming_the_field(client, signed_in, count_notes, text):
    response = client.post(
        NOTES, data=json.dumps({"text": text}), content_type="application/json", headers=signed_in
    )
    assert_problem(response, 422, field="text")
    assert count_notes() == 0
