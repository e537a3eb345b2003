"""Every operation of a service's OpenAPI document, driven with generated requests."""

from __future__ import annotations


def fuzz_openapi(app, headers: dict[str, str], *, max_examples: int = 25) -> list[str]:
    """Drive every operation of the app's /openapi.json with schemathesis.

    Returns one entry per operation that produced a 5xx, a response breaking its documented
    schema, accepted invalid data or ignored missing auth. Runs through hypothesis directly:
    schemathesis' pytest plugin does not work with pytest 9 yet.
    """
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import positive_data_acceptance
    from schemathesis.core.failures import FailureGroup

    schema = schemathesis.openapi.from_wsgi("/openapi.json", app)
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=max_examples,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def exercise(case):
            # Every check but "schema-valid data is accepted": a syntactically valid cursor or
            # an id of nothing is rightly refused, and no schema can say which ones exist.
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

        try:
            exercise()
        except (AssertionError, FailureGroup) as exc:
            failures.append(f"{operation.label}: {exc}")
    return failures
