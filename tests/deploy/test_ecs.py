"""ECS task definitions (checked against the AWS API's own input model, offline) and the
deploy script (run against a stand-in aws)."""

import importlib.util
import json
import sys
from pathlib import Path

import botocore.session
import pytest
import yaml
from botocore.validate import ParamValidator

ROOT = Path(__file__).resolve().parents[2]
ENV = {
    "AWS_ACCOUNT_ID": "123456789012",
    "AWS_REGION": "ca-central-1",
    "TAG": "abc123",
    "DEPLOY_ENV": "production",
    "CORS_ORIGINS": "https://jobsight.example",
    "EXECUTION_ROLE_ARN": "arn:aws:iam::123456789012:role/jobsight-execution",
    "TASK_ROLE_ARN": "arn:aws:iam::123456789012:role/jobsight-task",
    "ALB_SUBNET_CIDRS": "10.0.0.0/24,10.0.1.0/24",
}
SECRET_NAMES = {"SECRET_KEY", "DATABASE_URL", "JWT_PRIVATE_KEY", "REDIS_URL", "EVENT_BROKER_URL"}


def _taskdefs_module():
    spec = importlib.util.spec_from_file_location(
        "jobsight_taskdefs", ROOT / "deploy/ecs/taskdefs.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def definitions():
    return _taskdefs_module().task_definitions(ENV)


def _app(definition: dict) -> dict:
    """The task's own process (the first container; a tracing sidecar may follow)."""
    container = definition["containerDefinitions"][0]
    assert container["essential"] and container["name"] != "otel-collector"
    return container


def _settings(container: dict) -> dict[str, str]:
    return {item["name"]: item["value"] for item in container["environment"]}


def test_a_task_per_service_and_gateway_and_a_migration_and_worker_per_database(definitions):
    assert sorted(definitions) == [
        "jobsight-gateway",
        "jobsight-jobs",
        "jobsight-jobs-migrate",
        "jobsight-jobs-worker",
        "jobsight-reviews",
        "jobsight-reviews-migrate",
        "jobsight-reviews-worker",
        "jobsight-users",
        "jobsight-users-migrate",
        "jobsight-users-worker",
        "jobsight-web",
    ]


def test_every_definition_fits_the_register_task_definition_input_shape(definitions):
    model = botocore.session.get_session().get_service_model("ecs")
    shape = model.operation_model("RegisterTaskDefinition").input_shape
    for family, definition in definitions.items():
        report = ParamValidator().validate(definition, shape)
        assert not report.has_errors(), f"{family}: {report.generate_report()}"


def test_secrets_come_from_parameter_store_never_as_plain_values(definitions):
    for definition in definitions.values():
        container = _app(definition)
        plain = {item["name"] for item in container["environment"]}
        assert not plain & SECRET_NAMES
        for secret in container["secrets"]:
            assert secret["valueFrom"].startswith(
                "arn:aws:ssm:ca-central-1:123456789012:parameter/jobsight/production/"
            )
    users = definitions["jobsight-users"]["containerDefinitions"][0]
    assert {s["name"] for s in users["secrets"]} == {
        "SECRET_KEY",
        "DATABASE_URL",
        "JWT_PRIVATE_KEY",
    }
    # Only the workers talk to the broker; its URL (with credentials) is one shared secret.
    worker = definitions["jobsight-jobs-worker"]["containerDefinitions"][0]
    (broker,) = [s for s in worker["secrets"] if s["name"] == "EVENT_BROKER_URL"]
    assert broker["valueFrom"].endswith(":parameter/jobsight/production/EVENT_BROKER_URL")


def test_services_log_expose_and_check_health_migrations_run_once(definitions):
    for family, definition in definitions.items():
        assert definition["requiresCompatibilities"] == ["FARGATE"]
        container = _app(definition)
        assert container["logConfiguration"]["logDriver"] == "awslogs"
        service = family.removeprefix("jobsight-").removesuffix("-migrate").removesuffix("-worker")
        assert container["image"].endswith(f"/jobsight-{service}:abc123")
        if family == "jobsight-web":
            assert container["portMappings"] == [{"containerPort": 8080, "protocol": "tcp"}]
            assert "/healthz" in " ".join(container["healthCheck"]["command"])
            assert not container["secrets"] and not container["environment"]
        elif family.endswith("-migrate"):
            assert container["command"] == ["flask", "--app", service, "db", "upgrade"]
            assert "portMappings" not in container and "healthCheck" not in container
        elif family.endswith("-worker"):
            assert container["command"] == ["flask", "--app", service, "worker"]
            assert "portMappings" not in container
            settings = {item["name"]: item["value"] for item in container["environment"]}
            heartbeat = settings["WORKER_HEARTBEAT_FILE"]
            assert heartbeat in " ".join(container["healthCheck"]["command"])
        else:
            assert container["portMappings"] == [{"containerPort": 8000, "protocol": "tcp"}]
            assert "/healthz" in " ".join(container["healthCheck"]["command"])


ELB = "arn:aws:elasticloadbalancing:ca-central-1:123456789012"
ROUTING = {
    "ALB_LISTENER_ARN": f"{ELB}:listener/app/jobsight/1/2",
    "GATEWAY_TARGET_GROUP_ARN": f"{ELB}:targetgroup/jobsight-gateway/3",
    "WEB_TARGET_GROUP_ARN": f"{ELB}:targetgroup/jobsight-web/4",
}
DEPLOY_ENV = {
    **ENV,
    **ROUTING,
    "ECS_CLUSTER": "jobsight",
    "SUBNETS": "subnet-a,subnet-b",
    "SECURITY_GROUPS": "sg-1",
}


def test_the_load_balancer_sends_the_api_to_the_gateway_and_the_rest_to_the_web_client():
    model = botocore.session.get_session().get_service_model("elbv2")
    routing = _taskdefs_module().listener_routing({**ENV, **ROUTING})
    listener, rule = routing["alb-listener"], routing["alb-api-rule"]
    for operation, document in [
        ("ModifyListener", listener),
        ("CreateRule", {**rule, "ListenerArn": ROUTING["ALB_LISTENER_ARN"], "Priority": 10}),
        ("ModifyRule", {**rule, "RuleArn": f"{ELB}:listener-rule/app/jobsight/1/2/5"}),
    ]:
        report = ParamValidator().validate(document, model.operation_model(operation).input_shape)
        assert not report.has_errors(), f"{operation}: {report.generate_report()}"
    assert listener["DefaultActions"] == [
        {"Type": "forward", "TargetGroupArn": ROUTING["WEB_TARGET_GROUP_ARN"]}
    ]
    (condition,) = rule["Conditions"]
    assert condition["PathPatternConfig"]["Values"] == ["/api/*", "/.well-known/*"]
    assert rule["Actions"] == [
        {"Type": "forward", "TargetGroupArn": ROUTING["GATEWAY_TARGET_GROUP_ARN"]}
    ]


def _aws_stub(migration_exit_code: str = "0", api_rule: str = "None") -> str:
    return (
        f'  *"describe-rules"*) echo "{api_rule}" ;;\n'
        '  *"register-task-definition"*) '
        'echo "arn:aws:ecs:ca-central-1:123456789012:task-definition/$(echo "$args" '
        "| sed -E 's|.*file://[^ ]*/([a-z-]+)\\.json.*|\\1|'):7\" ;;\n"
        '  *"run-task"*) echo "arn:aws:ecs:ca-central-1:123456789012:task/jobsight/t1" ;;\n'
        f'  *"describe-tasks"*) echo "{migration_exit_code}" ;;'
    )


def test_deploy_registers_migrates_then_updates_and_waits(stubs):
    stubs.add("aws", _aws_stub())
    result = stubs.run("deploy/ecs/deploy.sh", DEPLOY_ENV)
    assert result.returncode == 0, result.stderr
    calls = stubs.calls()
    kinds = [c.split()[2] for c in calls]
    registered = [c for c in calls if "register-task-definition" in c]
    assert len(registered) == 11
    assert kinds.count("run-task") == 3 and kinds.count("update-service") == 8
    # Every migration finishes before the first service is updated.
    assert max(i for i, k in enumerate(kinds) if k == "describe-tasks") < kinds.index(
        "update-service"
    )
    stable = next(i for i, c in enumerate(calls) if "wait services-stable" in c)
    assert calls[stable].startswith("aws ecs wait services-stable")
    assert (
        "--services jobsight-users jobsight-jobs jobsight-reviews jobsight-gateway "
        "jobsight-users-worker jobsight-jobs-worker jobsight-reviews-worker jobsight-web"
    ) in calls[stable]
    # Routed once every service is stable: the listener's default to web, a new API rule.
    assert kinds[stable + 1 :] == ["modify-listener", "describe-rules", "create-rule"]
    assert "--priority 10" in calls[-1] and ROUTING["ALB_LISTENER_ARN"] in calls[-1]
    worker = next(c for c in calls if "--service jobsight-jobs-worker " in c)
    assert "task-definition/jobsight-jobs-worker:7" in worker
    update = next(c for c in calls if "--service jobsight-users " in c)
    assert "task-definition/jobsight-users:7" in update
    run_task = next(c for c in calls if "run-task" in c)
    assert "subnets=[subnet-a,subnet-b]" in run_task and "FARGATE" in run_task


def test_a_second_deploy_modifies_the_api_rule_it_created(stubs):
    existing = f"{ELB}:listener-rule/app/jobsight/1/2/5"
    stubs.add("aws", _aws_stub(api_rule=existing))
    result = stubs.run("deploy/ecs/deploy.sh", DEPLOY_ENV)
    assert result.returncode == 0, result.stderr
    calls = stubs.calls()
    assert not any("create-rule" in c for c in calls)
    assert f"modify-rule --region ca-central-1 --rule-arn {existing}" in calls[-1]


def test_a_failed_migration_stops_the_deploy_before_any_service_changes(stubs):
    stubs.add("aws", _aws_stub(migration_exit_code="1"))
    result = stubs.run("deploy/ecs/deploy.sh", DEPLOY_ENV)
    assert result.returncode != 0
    assert "migration exited with 1" in result.stderr
    assert not any("update-service" in c for c in stubs.calls())


def test_a_failing_aws_call_fails_the_deploy(stubs):
    stubs.add("aws", '  *"register-task-definition"*"jobsight-jobs.json"*) exit 255 ;;')
    result = stubs.run("deploy/ecs/deploy.sh", DEPLOY_ENV)
    assert result.returncode != 0
    assert not any("run-task" in c or "update-service" in c for c in stubs.calls())


def test_rendered_files_are_valid_json(tmp_path, monkeypatch):
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    _taskdefs_module().main(str(tmp_path))
    files = sorted(p.name for p in tmp_path.glob("*.json"))
    assert len(files) == 11  # no listener named: no routing files
    for name, value in ROUTING.items():
        monkeypatch.setenv(name, value)
    _taskdefs_module().main(str(tmp_path))
    routing = json.loads((tmp_path / "alb-listener.json").read_text())
    assert routing["ListenerArn"] == ROUTING["ALB_LISTENER_ARN"]
    assert (tmp_path / "alb-api-rule.json").exists()
    assert json.loads((tmp_path / "jobsight-users.json").read_text())["family"] == "jobsight-users"


def test_the_gateway_believes_forwarded_addresses_only_from_the_load_balancers_subnets(
    definitions,
):
    container = _app(definitions["jobsight-gateway"])
    settings = {item["name"]: item["value"] for item in container["environment"]}
    assert settings["TRUSTED_PROXY_CIDRS"] == "10.0.0.0/24,10.0.1.0/24"
    assert "TRUSTED_PROXIES" not in settings


def test_web_and_worker_tasks_send_their_traces_through_an_adot_sidecar(definitions):
    for family, definition in definitions.items():
        containers = definition["containerDefinitions"]
        if family == "jobsight-web":
            assert len(containers) == 1  # nginx with static files: nothing to trace
            continue
        if family.endswith("-migrate"):
            assert len(containers) == 1  # a one-off step: nothing to trace
            assert "OTEL_EXPORTER_OTLP_ENDPOINT" not in _settings(containers[0])
            continue
        app, collector = containers
        assert collector["name"] == "otel-collector"
        assert collector["image"].startswith("public.ecr.aws/aws-observability/aws-otel-collector:")
        assert collector["essential"] is False  # the task serves on without its traces
        assert app["dependsOn"] == [{"containerName": "otel-collector", "condition": "START"}]
        assert _settings(app)["OTEL_EXPORTER_OTLP_ENDPOINT"] == "http://127.0.0.1:4318"
        assert _settings(app)["OTEL_TRACES_SAMPLER_ARG"] == "0.1"
        config = yaml.safe_load(_settings(collector)["AOT_CONFIG_CONTENT"])
        assert config["service"]["pipelines"]["traces"]["exporters"] == ["awsxray"]
        assert collector["logConfiguration"]["logDriver"] == "awslogs"


def test_traces_go_to_an_otlp_endpoint_from_a_setting():
    env = {**ENV, "TRACES_DESTINATION": "otlp", "TRACES_OTLP_ENDPOINT": "https://otlp.example"}
    env["TRACE_SAMPLE_RATIO"] = "0.25"
    definition = _taskdefs_module().task_definitions(env)["jobsight-jobs"]
    app, collector = definition["containerDefinitions"]
    settings = _settings(collector)
    assert settings["TRACES_OTLP_ENDPOINT"] == "https://otlp.example"
    config = yaml.safe_load(settings["AOT_CONFIG_CONTENT"])
    assert config["exporters"]["otlphttp"]["endpoint"] == "${env:TRACES_OTLP_ENDPOINT}"
    assert _settings(app)["OTEL_TRACES_SAMPLER_ARG"] == "0.25"


@pytest.mark.parametrize(
    "wrong",
    [{"TRACES_DESTINATION": "datadog"}, {"TRACES_DESTINATION": "otlp"}],
)
def test_a_trace_destination_it_cannot_serve_refuses_to_render(wrong):
    with pytest.raises(ValueError, match="TRACES_"):
        _taskdefs_module().task_definitions({**ENV, **wrong})
