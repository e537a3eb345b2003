"""Test support for every service: a pytest plugin (`-p servicekit.testing`) and helpers.

One module per idea: a real PostgreSQL server and throwaway databases (postgres), access
tokens signed with a test key and served as a JWKS (tokens), signed-in callers (callers),
problem+json asserts (asserts), racing calls (concurrency), WSGI apps on 127.0.0.1
(servers), OpenAPI fuzzing (fuzzing), hostile inputs at every operation (hostile), the
brokers events travel on (brokers), a TCP link a test can cut (tcpproxy) and a stand-in
OpenTelemetry collector (otlp).
Their names are re-exported here, so a test imports `from servicekit.testing import ...`;
the fixtures are what pytest registers.
"""

from .asserts import (
    assert_no_host_built_redirects,
    assert_problem,
    assert_refused_outside_development,
)
from .brokers import broker_url, embedded_url, events_namespace, rabbitmq_url_or_skip
from .callers import ApiCaller
from .concurrency import run_concurrently
from .contract import loose_response_properties
from .events import account_event, deliver, outbox_types
from .fuzzing import fuzz_openapi
from .hostile import probe_hostile_inputs, unsafe_string_fields
from .otlp import OtlpReceiver, ReceivedSpan
from .postgres import (
    RestartablePostgres,
    assert_models_match_migrations,
    migrated_test_app,
    postgres_server_url,
    row_counter,
    temporary_database,
    truncate_all_tables,
)
from .ratelimits import clear_of_a_window_edge
from .servers import LocalServer
from .tcpproxy import CuttableProxy
from .tokens import TokenIssuer, token_issuer

__all__ = [
    "ApiCaller",
    "CuttableProxy",
    "LocalServer",
    "OtlpReceiver",
    "ReceivedSpan",
    "RestartablePostgres",
    "TokenIssuer",
    "account_event",
    "assert_models_match_migrations",
    "assert_no_host_built_redirects",
    "assert_problem",
    "assert_refused_outside_development",
    "broker_url",
    "clear_of_a_window_edge",
    "deliver",
    "embedded_url",
    "events_namespace",
    "fuzz_openapi",
    "loose_response_properties",
    "migrated_test_app",
    "outbox_types",
    "postgres_server_url",
    "probe_hostile_inputs",
    "rabbitmq_url_or_skip",
    "row_counter",
    "run_concurrently",
    "temporary_database",
    "token_issuer",
    "truncate_all_tables",
    "unsafe_string_fields",
]
