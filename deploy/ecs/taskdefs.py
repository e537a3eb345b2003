"""Render the Fargate task definitions: one per service and the gateway, plus, for each
service with a database, a one-off migration task and its events worker (the same image,
`flask worker`). One table, no pasted blocks.

    python3 deploy/ecs/taskdefs.py OUT_DIR      # writes OUT_DIR/<family>.json

Reads AWS_ACCOUNT_ID, AWS_REGION, TAG, DEPLOY_ENV (production|staging),
EXECUTION_ROLE_ARN, TASK_ROLE_ARN, ALB_SUBNET_CIDRS (the load balancer's subnets, whose
X-Forwarded-For the gateway believes) and CORS_ORIGINS from the environment. Secrets are never
values here: each is an SSM Parameter Store ARN under /jobsight/<DEPLOY_ENV>/ that ECS
resolves when the task starts.

Traces: every web and worker task has an AWS Distro for OpenTelemetry collector beside its
process, which sends its spans (OTLP on 127.0.0.1:4318) to X-Ray (TRACES_DESTINATION=xray,
the default) or to the OTLP/HTTP endpoint TRACES_OTLP_ENDPOINT (TRACES_DESTINATION=otlp);
TRACE_SAMPLE_RATIO (0.1 unless set) is the share of new traces kept.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

PORT = 8000
# service -> (cpu units, memory MiB, secret names, plain settings)
SERVICES = {
    "users": (512, 1024, ["SECRET_KEY", "DATABASE_URL", "JWT_PRIVATE_KEY"], {}),
    "jobs": (512, 1024, ["SECRET_KEY", "DATABASE_URL"], {}),
    "reviews": (512, 1024, ["SECRET_KEY", "DATABASE_URL"], {}),
    "gateway": (512, 1024, ["REDIS_URL"], {}),
}
HEALTH_PROBE = (
    f"import urllib.request; urllib.request.urlopen('http://127.0.0.1:{PORT}/healthz', timeout=2)"
)
# The worker serves no HTTP: it touches this file while its relay and consumer run.
HEARTBEAT_FILE = "/tmp/jobsight-worker.alive"  # noqa: S108 - the container's own /tmp
HEARTBEAT_PROBE = (
    f"import os, sys, time; sys.exit(time.time() - os.path.getmtime('{HEARTBEAT_FILE}') > 30)"
)
# The worker's broker (Amazon MQ for RabbitMQ, amqps://): one for every service.
WORKER_SECRETS = ["EVENT_BROKER_URL"]
KINDS = ("web", "migrate", "worker")
# The tracing sidecar: its collector configuration per destination, from deploy/observability.
ADOT_IMAGE = "public.ecr.aws/aws-observability/aws-otel-collector:v0.41.2"
ADOT_CONFIGS = {
    "xray": Path(__file__).resolve().parents[1] / "observability" / "adot-xray.yaml",
    "otlp": Path(__file__).resolve().parents[1] / "observability" / "adot-otlp.yaml",
}
COLLECTOR = "otel-collector"


def _settings(env: dict[str, str]) -> dict[str, str]:
    # Services find each other through ECS Service Connect names (see README).
    return {
        "APP_ENV": env["DEPLOY_ENV"],
        "JWKS_URL": f"http://users:{PORT}/.well-known/jwks.json",
        "USERS_URL": f"http://users:{PORT}",
        "JOBS_URL": f"http://jobs:{PORT}",
        "REVIEWS_URL": f"http://reviews:{PORT}",
        "CORS_ORIGINS": env.get("CORS_ORIGINS", ""),
        "LOG_LEVEL": "info",
    }


def _gateway_settings(env: dict[str, str]) -> dict[str, str]:
    # The ALB stands in front of the gateway: X-Forwarded-For entries count only as far as
    # they were appended by a machine in the ALB's subnets.
    return {"TRUSTED_PROXY_CIDRS": env["ALB_SUBNET_CIDRS"]}


def _extra(env: dict[str, str], service: str) -> dict[str, str]:
    return _gateway_settings(env) if service == "gateway" else {}


def _tracing_settings(env: dict[str, str]) -> dict[str, str]:
    return {
        "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318",  # the task's own collector
        "OTEL_TRACES_SAMPLER_ARG": env.get("TRACE_SAMPLE_RATIO", "0.1"),
    }


def _log_configuration(env: dict[str, str], stream_prefix: str) -> dict:
    return {
        "logDriver": "awslogs",
        "options": {
            "awslogs-group": f"/ecs/jobsight-{env['DEPLOY_ENV']}",
            "awslogs-region": env["AWS_REGION"],
            "awslogs-stream-prefix": stream_prefix,
            "awslogs-create-group": "true",
        },
    }


def _collector(env: dict[str, str], service: str, kind: str) -> dict:
    """The ADOT sidecar: not essential (a task serves on without its traces)."""
    destination = env.get("TRACES_DESTINATION", "xray")
    if destination not in ADOT_CONFIGS:
        raise ValueError(f"TRACES_DESTINATION must be xray or otlp, not {destination!r}")
    settings = {"AOT_CONFIG_CONTENT": ADOT_CONFIGS[destination].read_text()}
    if destination == "otlp":
        if not env.get("TRACES_OTLP_ENDPOINT"):
            raise ValueError("TRACES_DESTINATION=otlp needs TRACES_OTLP_ENDPOINT")
        settings["TRACES_OTLP_ENDPOINT"] = env["TRACES_OTLP_ENDPOINT"]
    prefix = f"{service}-otel" if kind == "web" else f"{service}-{kind}-otel"
    return {
        "name": COLLECTOR,
        "image": ADOT_IMAGE,
        "essential": False,
        "memoryReservation": 64,
        "environment": [{"name": k, "value": v} for k, v in sorted(settings.items())],
        "logConfiguration": _log_configuration(env, prefix),
    }


def _secret_arn(env: dict[str, str], service: str, name: str) -> str:
    shared = name in ("SECRET_KEY", "EVENT_BROKER_URL")
    path = (
        f"jobsight/{env['DEPLOY_ENV']}/{name}"
        if shared
        else f"jobsight/{env['DEPLOY_ENV']}/{service}/{name}"
    )
    return f"arn:aws:ssm:{env['AWS_REGION']}:{env['AWS_ACCOUNT_ID']}:parameter/{path}"


def _container(env, service, *, kind: str) -> dict:
    _, _, secrets, plain = SERVICES[service]
    if kind == "worker":
        secrets, plain = (
            secrets + WORKER_SECRETS,
            {**plain, "WORKER_HEARTBEAT_FILE": HEARTBEAT_FILE},
        )
    if kind != "migrate":
        plain = {**plain, **_tracing_settings(env)}
    registry = f"{env['AWS_ACCOUNT_ID']}.dkr.ecr.{env['AWS_REGION']}.amazonaws.com"
    container = {
        "name": service,
        "image": f"{registry}/jobsight-{service}:{env['TAG']}",
        "essential": True,
        "environment": [
            {"name": k, "value": v}
            for k, v in sorted({**_settings(env), **plain, **_extra(env, service)}.items())
        ],
        "secrets": [
            {"name": name, "valueFrom": _secret_arn(env, service, name)} for name in secrets
        ],
        "logConfiguration": _log_configuration(
            env, service if kind == "web" else f"{service}-{kind}"
        ),
        "stopTimeout": 25,  # gunicorn's graceful timeout is 20 s
    }
    health = {"interval": 15, "timeout": 5, "retries": 3, "startPeriod": 20}
    if kind == "migrate":
        container["command"] = ["flask", "--app", service, "db", "upgrade"]
    elif kind == "worker":
        container["command"] = ["flask", "--app", service, "worker"]
        container["healthCheck"] = {"command": ["CMD", "python", "-c", HEARTBEAT_PROBE], **health}
    else:
        container["portMappings"] = [{"containerPort": PORT, "protocol": "tcp"}]
        container["healthCheck"] = {"command": ["CMD", "python", "-c", HEALTH_PROBE], **health}
    if kind != "migrate":
        container["dependsOn"] = [{"containerName": COLLECTOR, "condition": "START"}]
    return container


def task_definitions(env: dict[str, str]) -> dict[str, dict]:
    """Every task definition by family, as `aws ecs register-task-definition` takes it."""
    definitions = {}
    for service, (cpu, memory, secrets, _) in SERVICES.items():
        kinds = KINDS if "DATABASE_URL" in secrets else ("web",)
        for kind in kinds:
            family = f"jobsight-{service}" + ("" if kind == "web" else f"-{kind}")
            definitions[family] = {
                "family": family,
                "networkMode": "awsvpc",
                "requiresCompatibilities": ["FARGATE"],
                "cpu": str(cpu),
                "memory": str(memory),
                "executionRoleArn": env["EXECUTION_ROLE_ARN"],
                "taskRoleArn": env["TASK_ROLE_ARN"],
                "runtimePlatform": {"cpuArchitecture": "X86_64", "operatingSystemFamily": "LINUX"},
                "containerDefinitions": [_container(env, service, kind=kind)]
                + ([] if kind == "migrate" else [_collector(env, service, kind)]),
            }
    return definitions


def main(out_dir: str) -> None:
    required = [
        "AWS_ACCOUNT_ID",
        "AWS_REGION",
        "TAG",
        "DEPLOY_ENV",
        "EXECUTION_ROLE_ARN",
        "TASK_ROLE_ARN",
        "ALB_SUBNET_CIDRS",
    ]
    missing = [name for name in required if not os.environ.get(name)]
    if missing:
        sys.exit(f"taskdefs.py: set {', '.join(missing)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for family, definition in task_definitions(dict(os.environ)).items():
        (out / f"{family}.json").write_text(json.dumps(definition, indent=2) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
