"""Schema fuzzing: no generated input makes the service answer 5xx or break its own schema."""

from servicekit.testing import fuzz_openapi


def test_no_input_breaks_the_service_or_its_schema(app, token_issuer):
    failures = fuzz_openapi(app, token_issuer.headers())
    assert not failures, "\n\n".join(failures)
