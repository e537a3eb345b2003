from __future__ import annotations

import shutil
import urllib.parse
import uuid

import pytest
from devstack.compose import ComposeStack
from devstack.testing import ONE_ADDRESS, Visitor, running_stack, state_directory
from servicekit.testing import CuttableProxy, OtlpReceiver, rabbitmq_url_or_skip
from servicekit.testing.brokers import delete_namespace


@pytest.fixture
def var_dir():
    directory = state_directory("jobsight-e2e-")
    yield directory / "var"
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="session")
def collector():
    """A stand-in OpenTelemetry collector the session's stack exports its spans to."""
    receiver = OtlpReceiver()
    yield receiver
    receiver.close()


# Spans leave in batches every 100 ms instead of every 5 s: the tests wait for them.
def traced_by(collector: OtlpReceiver) -> dict[str, str]:
    return {"OTEL_EXPORTER_OTLP_ENDPOINT": collector.url, "OTEL_BSP_SCHEDULE_DELAY": "100"}


@pytest.fixture(scope="session")
def stack(collector):
    """Every service, worker and the gateway as separate processes on real PostgreSQL,
    started exactly as `make dev` starts them (without the demo data), on free ports; the
    events travel on the embedded transport, as in `make dev`, and every process exports
    its spans to `collector`. With E2E_COMPOSE_PROJECT set, the compose stack that
    scripts/containers.sh started instead (devstack.compose)."""
    composed = ComposeStack.from_environment()
    if composed is not None:
        yield composed
        return
    yield from running_stack("jobsight-e2e-stack-", {**ONE_ADDRESS, **traced_by(collector)})


@pytest.fixture(scope="session")
def broker_link():
    """The RabbitMQ that CI runs (RABBITMQ_URL), reached through a link a test can cut."""
    url = rabbitmq_url_or_skip()
    parts = urllib.parse.urlsplit(url)
    proxy = CuttableProxy((parts.hostname or "127.0.0.1", parts.port or 5672))
    credentials = f"{parts.username or 'guest'}:{parts.password or 'guest'}"
    yield proxy, f"amqp://{credentials}@127.0.0.1:{proxy.port}{parts.path or '//'}"
    proxy.close()


@pytest.fixture(scope="session")
def rabbitmq_stack(broker_link, collector):
    """The same stack with its events on RabbitMQ, under a namespace of its own."""
    url = broker_link[1]
    namespace = f"e2e-{uuid.uuid4().hex[:8]}"
    env = {
        **ONE_ADDRESS,
        **traced_by(collector),
        "EVENT_BROKER_URL": url,
        "EVENTS_NAMESPACE": namespace,
    }
    yield from running_stack("jobsight-e2e-rabbitmq-", env)
    delete_namespace(rabbitmq_url_or_skip(), namespace)


@pytest.fixture
def visitor(stack):
    """A new person using the API through the stack's gateway: `visitor()`."""
    return lambda: Visitor(stack.url("gateway"))


@pytest.fixture
def rabbitmq_visitor(rabbitmq_stack):
    """A new person using the RabbitMQ stack's gateway."""
    return lambda: Visitor(rabbitmq_stack.url("gateway"))
