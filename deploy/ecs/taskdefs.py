"""Render the Fargate task definitions: one per service and the gateway, plus, for each
service with a database, a one-off migration task and its events worker (the same image,
`flask worker`), and the web client's static server. One table, no pasted blocks. Also
the load balancer's routing: `/api/*` and `/.well-known/*` to the gateway, the rest to web.

    python3 deploy/ecs/taskdefs.py OUT_DIR      # writes OUT_DIR/<family>.json
                                                # and OUT_DIR/alb-*.json when the ALB is named

Reads AWS_ACCOUNT_ID, AWS_REGION, TAG, DEPLOY_ENV (production|staging),
EXECUTION_ROLE_ARN, TASK_ROLE_ARN, ALB_SUBNET_CIDRS (the load balancer's subnets, whose
X-Forwarded-For the gateway believes) and CORS_ORIGINS from the environment. Secrets are never
values here: each is an SSM Parameter Store ARN under /jobsight/<DEPLOY_ENV>/ that ECS
resolves when the task starts.

Traces: every web and worker task has an AWS Distro for OpenTelemetry collector beside its
process, which sends its spans (OTLP on 127.0.0.1:4318) to X-Ray (TRACES_DESTINATION=xray,
the default) or to the OTLP/HTTP endpoint TRACES_OTLP_ENDPOINT (TRACES_DESTINATION=otlp);
TRACE_SAMPLE_RATIO (0.1 unless set) is the share of new traces kept. The web client's task
serves static files with nginx and sends no traces.

Routing: with ALB_LISTENER_ARN, GATEWAY_TARGET_GROUP_ARN and WEB_TARGET_GROUP_ARN set, the
listener's default action (to web) and its API rule (to the gateway) are rendered as the
inputs of `aws elbv2 modify-listener` and `create-rule`/`modify-rule`.
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
# The web client: nginx-unprivileged serving web/dist on 8080 (deploy/web/site.conf).
WEB_CLIENT = "web"
WEB_CLIENT_PORT = 8080
WEB_CLIENT_SIZE = (256, 512)  # cpu units, memory MiB: static files only
WEB_CLIENT_PROBE = [
    "CMD",
    "wget",
    "-q",
    "-O",
    "/dev/null",
    f"http://127.0.0.1:{WEB_CLIENT_PORT}/healthz",
]
# The listener rule that sends the API and the JWKS to the gateway; all else is the client's.
API_PATHS = ["/api/*", "/.well-known/*"]
API_RULE_PRIORITY = 10
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


def _image(env: dict[str, str], name: str) -> str:
    registry = f"{env['AWS_ACCOUNT_ID']}.dkr.ecr.{env['AWS_REGION']}.amazonaws.com"
    return f"{registry}/jobsight-{name}:{env['TAG']}"


def _container(env, service, *, kind: str) -> dict:
    _, _, secrets, plain = SERVICES[service]
    if kind == "worker":
        secrets, plain = (
            secrets + WORKER_SECRETS,
            {**plain, "WORKER_HEARTBEAT_FILE": HEARTBEAT_FILE},
        )
    if kind != "migrate":
        plain = {**plain, **_tracing_settings(env)}
    container = {
        "name": service,
        "image": _image(env, service),
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


def _web_client_container(env: dict[str, str]) -> dict:
    """nginx with the built client: no settings, no secrets, nothing to trace."""
    return {
        "name": WEB_CLIENT,
        "image": _image(env, WEB_CLIENT),
        "essential": True,
        "environment": [],
        "secrets": [],
        "portMappings": [{"containerPort": WEB_CLIENT_PORT, "protocol": "tcp"}],
        "healthCheck": {
            "command": WEB_CLIENT_PROBE,
            "interval": 15,
            "timeout": 5,
            "retries": 3,
            "startPeriod": 5,
        },
        "logConfiguration": _log_configuration(env, WEB_CLIENT),
        "stopTimeout": 10,
    }


def _task_definition(env: dict[str, str], family: str, size, containers: list[dict]) -> dict:
    cpu, memory = size
    return {
        "family": family,
        "networkMode": "awsvpc",
        "requiresCompatibilities": ["FARGATE"],
        "cpu": str(cpu),
        "memory": str(memory),
        "executionRoleArn": env["EXECUTION_ROLE_ARN"],
        "taskRoleArn": env["TASK_ROLE_ARN"],
        "runtimePlatform": {"cpuArchitecture": "X86_64", "operatingSystemFamily": "LINUX"},
        "containerDefinitions": containers,
    }


def task_definitions(env: dict[str, str]) -> dict[str, dict]:
    """Every task definition by family, as `aws ecs register-task-definition` takes it."""
    definitions = {}
    for service, (cpu, memory, secrets, _) in SERVICES.items():
        kinds = KINDS if "DATABASE_URL" in secrets else ("web",)
        for kind in kinds:
            family = f"jobsight-{service}" + ("" if kind == "web" else f"-{kind}")
            containers = [_container(env, service, kind=kind)]
            if kind != "migrate":
                containers.append(_collector(env, service, kind))
            definitions[family] = _task_definition(env, family, (cpu, memory), containers)
    family = f"jobsight-{WEB_CLIENT}"
    definitions[family] = _task_definition(
        env, family, WEB_CLIENT_SIZE, [_web_client_container(env)]
    )
    return definitions


ROUTING_SETTINGS = ("ALB_LISTENER_ARN", "GATEWAY_TARGET_GROUP_ARN", "WEB_TARGET_GROUP_ARN")


def listener_routing(env: dict[str, str]) -> dict[str, dict]:
    """The ALB listener's routing, as `aws elbv2` takes it: `alb-listener` for
    modify-listener (the default action: the web client) and `alb-api-rule` for create-rule
    (with --listener-arn and --priority) or modify-rule (with --rule-arn)."""

    def forward(target_group: str) -> list[dict]:
        return [{"Type": "forward", "TargetGroupArn": env[target_group]}]

    return {
        "alb-listener": {
            "ListenerArn": env["ALB_LISTENER_ARN"],
            "DefaultActions": forward("WEB_TARGET_GROUP_ARN"),
        },
        "alb-api-rule": {
            "Conditions": [{"Field": "path-pattern", "PathPatternConfig": {"Values": API_PATHS}}],
            "Actions": forward("GATEWAY_TARGET_GROUP_ARN"),
        },
    }


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
    rendered = task_definitions(dict(os.environ))
    if all(os.environ.get(name) for name in ROUTING_SETTINGS):
        rendered |= listener_routing(dict(os.environ))
    for name, document in rendered.items():
        (out / f"{name}.json").write_text(json.dumps(document, indent=2) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
