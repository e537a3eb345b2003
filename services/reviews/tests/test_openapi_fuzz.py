"""Schema fuzzing: no generated input makes the service answer 5xx or break its own schema."""

from servicekit.testing import (
    assert_no_host_built_redirects,
    fuzz_openapi,
    loose_response_properties,
    probe_hostile_inputs,
    unsafe_string_fields,
)


def test_no_input_breaks_the_service_or_its_schema(app, token_issuer):
    failures = fuzz_openapi(app, token_issuer.headers())
    assert not failures, "\n\n".join(failures)


def test_nul_surrogates_deep_nesting_and_oversized_lists_are_refused_cleanly(app, token_issuer):
    for role in ("user", "admin"):
        failures = probe_hostile_inputs(app, token_issuer.headers(role=role))
        assert not failures, "\n".join(failures)


def test_every_string_field_refuses_nul_and_lone_surrogates():
    assert unsafe_string_fields("reviews") == []


def test_no_route_redirects_with_a_location_built_from_the_host(app):
    assert_no_host_built_redirects(app)


def test_every_response_property_is_typed_and_required_or_documented_optional(app):
    spec = app.test_client().get("/openapi.json").json
    assert loose_response_properties(spec) == []
