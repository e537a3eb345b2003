#!/usr/bin/env bash
# Offline checks of the deployment files (no Docker engine, no AWS account needed):
# compose files against the compose spec and `docker-compose config`, the Dockerfile with
# hadolint, .travis.yml against its schema, the ECS task definitions and the observability
# configurations (collector, Prometheus, ADOT, the Grafana dashboard) by their tests. The
# push and deploy scripts are run against stand-ins by tests/deploy (part of make test).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin

echo "-- compose files against the compose spec"
"$bin/check-jsonschema" --builtin-schema vendor.compose-spec \
  docker-compose-dev.yml docker-compose-staging.yml docker-compose-prod.yml

echo "-- .travis.yml against its schema"
"$bin/check-jsonschema" --builtin-schema vendor.travis .travis.yml

if ! command -v docker-compose >/dev/null 2>&1; then
  if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null 2>&1; then
    echo "-- installing docker-compose (Debian package) for 'config' checks"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null
  else
    echo "docker-compose is missing: install Debian's docker-compose package" >&2
    exit 1
  fi
fi

echo "-- docker-compose config"
docker-compose -f docker-compose-dev.yml config -q
# Staging reads .env.staging, which is never committed: check a copy beside the example.
staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
cp docker-compose-staging.yml "$staging/"
cp .env.staging.example "$staging/.env.staging"
docker-compose --env-file "$staging/.env.staging" -f "$staging/docker-compose-staging.yml" config -q
REGISTRY=123456789012.dkr.ecr.ca-central-1.amazonaws.com TAG=check SECRET_KEY=x \
  JWT_PRIVATE_KEY=x USERS_DATABASE_URL=x JOBS_DATABASE_URL=x REVIEWS_DATABASE_URL=x \
  CORS_ORIGINS=x RABBITMQ_PASSWORD=x docker-compose -f docker-compose-prod.yml config -q

echo "-- hadolint"
"$bin/hadolint" Dockerfile

echo "-- ECS task definitions and the observability configurations"
"$bin/pytest" -q -p no:randomly -p no:cacheprovider \
  tests/deploy/test_ecs.py tests/deploy/test_observability.py

echo "deployment files: all offline checks passed"
