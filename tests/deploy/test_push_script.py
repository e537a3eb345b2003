"""docker-push.sh against stand-ins for aws and docker."""

SERVICES = ["users", "jobs", "reviews", "gateway"]
ENV = {
    "AWS_ACCOUNT_ID": "123456789012",
    "AWS_REGION": "ca-central-1",
    "GIT_SHA": "abc123",
    "BRANCH": "main",
}
REGISTRY = "123456789012.dkr.ecr.ca-central-1.amazonaws.com"


def test_builds_tags_and_pushes_every_image(stubs):
    # The jobs repository does not exist yet: describe fails, so it is created.
    stubs.add(
        "aws",
        '  "aws ecr get-login-password"*) echo token ;;\n'
        '  *"describe-repositories"*"jobsight-jobs"*) exit 254 ;;',
    )
    stubs.add("docker")
    result = stubs.run("docker-push.sh", ENV)
    assert result.returncode == 0, result.stderr
    calls = stubs.calls()
    # The two sides of `aws ecr get-login-password | docker login` run at once: either order.
    assert set(calls[:2]) == {
        "aws ecr get-login-password --region ca-central-1",
        f"docker login --username AWS --password-stdin {REGISTRY}",
    }
    created = [c for c in calls if "create-repository" in c]
    assert len(created) == 1 and "--repository-name jobsight-jobs" in created[0]
    for service in SERVICES:
        image = f"{REGISTRY}/jobsight-{service}"
        assert (
            f"docker build --target prod --build-arg SERVICE={service} -t {image}:abc123 ." in calls
        )
    assert f"docker build --target web -t {REGISTRY}/jobsight-web:abc123 ." in calls
    for service in [*SERVICES, "web"]:
        image = f"{REGISTRY}/jobsight-{service}"
        assert f"docker push {image}:abc123" in calls
        assert f"docker tag {image}:abc123 {image}:production" in calls
        assert f"docker push {image}:production" in calls


def test_staging_branch_tags_staging_and_others_only_the_sha(stubs):
    stubs.add("aws")
    stubs.add("docker")
    stubs.run("docker-push.sh", {**ENV, "BRANCH": "staging"})
    assert any(c.endswith(":staging") for c in stubs.calls() if c.startswith("docker push"))
    stubs.log.write_text("")
    stubs.run("docker-push.sh", {**ENV, "BRANCH": "feature/x"})
    pushes = [c for c in stubs.calls() if c.startswith("docker push")]
    assert len(pushes) == 5 and all(c.endswith(":abc123") for c in pushes)


def test_a_failing_push_stops_the_script(stubs):
    stubs.add("aws")
    stubs.add("docker", '  *"push"*"jobsight-jobs"*) echo "denied" >&2; exit 1 ;;')
    result = stubs.run("docker-push.sh", ENV)
    assert result.returncode != 0
    calls = stubs.calls()
    assert not any("jobsight-reviews" in c or "jobsight-gateway" in c for c in calls)


def test_dry_run_prints_the_commands_and_runs_nothing(stubs):
    stubs.add("aws")
    stubs.add("docker")
    result = stubs.run("docker-push.sh", {**ENV, "DRY_RUN": "1"})
    assert result.returncode == 0
    assert stubs.calls() == []
    assert result.stdout.count("docker build") == 5
    assert "docker login --username AWS --password-stdin" in result.stdout


def test_missing_settings_fail_before_anything_runs(stubs):
    stubs.add("aws")
    stubs.add("docker")
    result = stubs.run("docker-push.sh", {"AWS_REGION": "x", "AWS_ACCOUNT_ID": ""})
    assert result.returncode != 0 and "AWS_ACCOUNT_ID" in result.stderr
    assert stubs.calls() == []
