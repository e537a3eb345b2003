#!/usr/bin/env bash
# The containers, for real: every image built from the Dockerfile's own targets, and the
# dev and staging compose stacks run with the end-to-end journeys through them.
#
#   scripts/containers.sh           (make compose-test) everything below, then the engine stops
#   scripts/containers.sh images    only steps 1 to 3
#
# 1. A Docker engine: the machine's when `docker info` answers; otherwise a private dockerd
#    (data, socket and logs under var/containers/, overlay2 or else vfs), stopped at the end.
#    docker.io, docker-compose and debootstrap are installed with apt as root; otherwise
#    the script says what is missing and stops.
# 2. Base images: each official tag the Dockerfile and compose files name is pulled, and
#    where no registry answers (this network) a stand-in is built under that tag from a
#    debootstrapped Debian and Debian's packages (scripts/containers/standins/README.md).
# 3. Every image: users, jobs, reviews and gateway (`prod`) and the web client (`web`),
#    each with its size and build time, checked: not root, a health check, no secret in
#    its history or its files.
# 4. The dev stack, then the staging stack: up (migrations first), every container healthy,
#    the journeys of tests/e2e/test_journeys.py through it, then down with its volumes.
# 5. Faults, on staging: a killed service container is brought back by its restart policy
#    while the gateway answers 503; the prod file refuses to start without a required
#    variable; the application containers run with a read-only file system.
#
# The report (var/containers/report.md) has each image's size and build time and each
# step's duration.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
STATE="$ROOT/var/containers"
STANDINS="$ROOT/scripts/containers/standins"
REPORT="$STATE/report.md"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
IMAGES=(users jobs reviews gateway web)
# What a stack's journeys need of it: the application, not the operator tools (the
# collector, Jaeger, Prometheus, Grafana), whose images have no stand-in here.
OBSERVABILITY=(otel-collector jaeger prometheus grafana)
ENGINE_PID=""
RUNNING_STACK=""   # the compose file and project of the stack that is up, taken down
RUNNING_PROJECT="" # however the run ends
MADE_ENV_FILE=""   # a throwaway .env.staging this run wrote
mkdir -p "$STATE"

say() { printf -- '-- %s\n' "$*"; }
fail() { echo "containers: $*" >&2; exit 1; }
elapsed() { echo $(( $(date +%s) - $1 )); }
record() { echo "$*" >> "$REPORT"; }

# --- 1. the engine ------------------------------------------------------------------------

tools() {
  local missing=()
  command -v docker >/dev/null || missing+=(docker.io)
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v docker-compose >/dev/null || missing+=(docker-compose)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  [[ ${#missing[@]} -eq 0 ]] && return
  if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null; then
    fail "missing ${missing[*]}: install them (sudo apt-get install ${missing[*]}) or start a Docker engine"
  fi
  say "installing ${missing[*]} with apt"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

start_engine() {
  tools
  if docker info >/dev/null 2>&1; then
    say "using the running Docker engine ($(docker info -f '{{.ServerVersion}}'))"
    return
  fi
  export DOCKER_HOST="unix://$STATE/docker.sock"
  local driver
  for driver in overlay2 vfs; do
    dockerd --data-root "$STATE/data" --exec-root "$STATE/exec" --pidfile "$STATE/dockerd.pid" \
      --host "$DOCKER_HOST" --storage-driver "$driver" >"$STATE/dockerd.log" 2>&1 &
    ENGINE_PID=$!
    for _ in $(seq 120); do
      docker info >/dev/null 2>&1 && break
      kill -0 "$ENGINE_PID" 2>/dev/null || break
      sleep 0.5
    done
    if docker info >/dev/null 2>&1; then
      say "a private Docker engine ($driver) on $DOCKER_HOST"
      return
    fi
    kill "$ENGINE_PID" 2>/dev/null || true
    wait "$ENGINE_PID" 2>/dev/null || true
    ENGINE_PID=""
  done
  tail -20 "$STATE/dockerd.log" >&2
  fail "dockerd did not start (its log: $STATE/dockerd.log)"
}

# However the run ends: the stack that is up goes down with its volumes, a throwaway
# .env.staging goes, and a private engine stops.
clean_up() {
  if [[ -n "$RUNNING_STACK" ]]; then
    say "taking $RUNNING_PROJECT down"
    compose "$RUNNING_STACK" "$RUNNING_PROJECT" down --volumes --remove-orphans >/dev/null 2>&1 \
      || true
  fi
  [[ -z "$MADE_ENV_FILE" ]] || rm -f "$MADE_ENV_FILE"
  stop_engine
}
trap clean_up EXIT

stop_engine() {
  [[ -n "$ENGINE_PID" ]] || return 0
  say "stopping the private Docker engine"
  kill "$ENGINE_PID" 2>/dev/null || true
  wait "$ENGINE_PID" 2>/dev/null || true
}

# --- 2. base images -----------------------------------------------------------------------

debian_root() {
  docker image inspect jobsight-standin/debian:bookworm >/dev/null 2>&1 && return
  say "debootstrap: a minimal Debian bookworm for the stand-ins"
  local rootfs="$STATE/rootfs"
  rm -rf "$rootfs"
  debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian \
    >"$STATE/debootstrap.log" 2>&1 || { tail -20 "$STATE/debootstrap.log" >&2; fail "debootstrap failed"; }
  # What a container never needs: package caches, documentation, translations.
  rm -rf "$rootfs"/var/cache/apt/* "$rootfs"/var/lib/apt/lists/* \
    "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/*
  tar -C "$rootfs" -c . | docker import - jobsight-standin/debian:bookworm >/dev/null
  rm -rf "$rootfs"
}

# The stand-ins' build contexts get the host's CA bundle (this network's TLS proxy is in
# it) and, for Node, this machine's own Node and npm.
standin_context() {
  local name="$1" context="$STATE/standins/$1"
  rm -rf "$context"
  cp -r "$STANDINS/$name" "$context"
  cp "${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}" "$context/ca-certificates.crt"
  if [[ "$name" == node ]]; then
    local node npm
    node="$(command -v node)" || fail "the Node stand-in copies this machine's node: none on PATH"
    npm="$(cd "$(dirname "$(readlink -f "$(command -v npm)")")/.." && pwd)"
    cp "$node" "$context/node"
    cp -r "$npm" "$context/npm"
  fi
  echo "$context"
}

# tag:stand-in directory, for every base image the Dockerfile and compose stacks run.
BASES=(
  "python:3.11.11-slim-bookworm=python"
  "node:20.20.0-bookworm-slim=node"
  "nginxinc/nginx-unprivileged:1.28.0-alpine=nginx-unprivileged"
  "postgres:16.6-alpine=postgres"
  "redis:7.4-alpine=redis"
  "rabbitmq:3.13-alpine=rabbitmq"
)

base_images() {
  local entry tag name started standins=()
  mkdir -p "$STATE/standins"
  for entry in "${BASES[@]}"; do
    tag="${entry%%=*}" name="${entry#*=}"
    docker image inspect "$tag" >/dev/null 2>&1 && continue
    if docker pull -q "$tag" >/dev/null 2>&1; then
      say "pulled $tag"
      continue
    fi
    debian_root
    started=$(date +%s)
    docker build -q -t "$tag" "$(standin_context "$name")" >"$STATE/standin-$name.log" 2>&1 \
      || { tail -20 "$STATE/standin-$name.log" >&2; fail "the stand-in for $tag did not build"; }
    say "stand-in for $tag built in $(elapsed "$started") s"
    standins+=("$tag")
  done
  if [[ ${#standins[@]} -gt 0 ]]; then
    record "Stand-ins (no registry reachable), built from Debian's packages: ${standins[*]}."
    record ""
  fi
}

# --- 3. every image -----------------------------------------------------------------------

build_images() {
  local name started seconds size
  record "| image | target | build | size |"
  record "|---|---|---|---|"
  for name in "${IMAGES[@]}"; do
    local arguments=(--target prod --build-arg "SERVICE=$name")
    [[ "$name" == web ]] && arguments=(--target web)
    started=$(date +%s)
    docker build "${arguments[@]}" -t "jobsight-$name:local" . >"$STATE/build-$name.log" 2>&1 \
      || { tail -30 "$STATE/build-$name.log" >&2; fail "jobsight-$name did not build"; }
    seconds=$(elapsed "$started")
    size=$(docker image inspect -f '{{.Size}}' "jobsight-$name:local")
    say "jobsight-$name: built in $seconds s, $((size / 1000000)) MB"
    record "| jobsight-$name | ${arguments[1]} | $seconds s | $((size / 1000000)) MB |"
    check_image "jobsight-$name:local"
  done
  record ""
}

# Not root, a health check, and no secret: none in the history (build arguments and ENV
# are recorded there), no key, .env or local state among the files.
check_image() {
  local image="$1" user health
  user=$(docker image inspect -f '{{.Config.User}}' "$image")
  [[ -n "$user" && "$user" != root && "$user" != 0 && "$user" != 0:* ]] \
    || fail "$image runs as root (USER '${user}')"
  health=$(docker image inspect -f '{{if .Config.Healthcheck}}{{json .Config.Healthcheck.Test}}{{end}}' "$image")
  [[ -n "$health" ]] || fail "$image has no HEALTHCHECK"
  if docker history --no-trunc --format '{{.CreatedBy}}' "$image" \
      | grep -Eiq '(SECRET_KEY|PASSWORD|PRIVATE_KEY|TOKEN)=[^ $]'; then
    fail "$image: a secret in its history"
  fi
  local container files
  container=$(docker create "$image")
  files=$(docker export "$container" | tar -t)
  docker rm "$container" >/dev/null
  if grep -E '(^|/)(\.env(\.[a-z]+)?|.*\.pem|id_rsa|.*\.key)$' <<<"$files" \
      | grep -Ev '^(etc/ssl/|usr/share/ca-certificates/|usr/lib/|venv/lib/)' | grep -q .; then
    fail "$image holds secret-looking files: $(grep -E '\.env|\.pem|id_rsa|\.key$' <<<"$files" | head -5)"
  fi
  if grep -Eq '^app/var/|^app/\.git/' <<<"$files"; then
    fail "$image holds local state (app/var or app/.git)"
  fi
}

# --- 4. the stacks ------------------------------------------------------------------------

# Staging's file takes its variables from .env.staging (docker compose --env-file).
env_file_of() {
  if [[ "$1" == *staging* ]]; then echo .env.staging; fi
}

compose() {
  local file="$1" project="$2" env_file
  shift 2
  env_file=$(env_file_of "$file")
  docker-compose --ansi never ${env_file:+--env-file "$env_file"} -f "$file" \
    -f "$STATE/override.yml" -p "$project" "$@"
}

# The journeys' visitors all come from one address: the per-client sign-up and log-in
# limits would count them as one person (tests/gateway checks those limits).
write_override() {
  cat >"$STATE/override.yml" <<'YAML'
services:
  users:
    environment: {REGISTER_LIMIT_PER_MINUTE: "1000", LOGIN_LIMIT_PER_CLIENT_PER_MINUTE: "1000"}
  gateway:
    environment: {REGISTER_LIMIT_PER_MINUTE: "1000", LOGIN_LIMIT_PER_CLIENT_PER_MINUTE: "1000"}
YAML
}

application_services() {
  local file="$1" project="$2" service skip
  for service in $(compose "$file" "$project" config --services); do
    skip=""
    for other in "${OBSERVABILITY[@]}"; do [[ "$service" == "$other" ]] && skip=1; done
    [[ -z "$skip" ]] && echo "$service"
  done
}

# Every container of the project healthy (or, for a one-off migration, exited 0).
wait_healthy() {
  local file="$1" project="$2" deadline=$(( $(date +%s) + ${3:-300} )) id state waiting
  while true; do
    waiting=()
    for id in $(compose "$file" "$project" ps -q); do
      state=$(docker inspect -f '{{.Name}} {{.State.Status}} {{.State.ExitCode}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$id")
      read -r name status code health <<<"$state"
      case "$status:$health" in
        running:healthy | running:none) ;;
        exited:*) [[ "$code" == 0 ]] || { compose "$file" "$project" logs --tail 40 >&2; fail "${name#/} exited with $code"; } ;;
        *) waiting+=("${name#/}($status/$health)") ;;
      esac
    done
    [[ ${#waiting[@]} -eq 0 ]] && return
    if [[ $(date +%s) -gt $deadline ]]; then
      compose "$file" "$project" logs --tail 40 >&2
      fail "not healthy in time: ${waiting[*]}"
    fi
    sleep 2
  done
}

journeys() {
  local file="$1" project="$2" url="$3"
  E2E_COMPOSE_FILE="$file" E2E_COMPOSE_OVERRIDE="$STATE/override.yml" E2E_COMPOSE_PROJECT="$project" \
    E2E_COMPOSE_ENV_FILE="$(env_file_of "$file")" E2E_GATEWAY_URL="$url" "$PYTHON" -m pytest -q -p no:randomly -p no:cacheprovider \
    tests/e2e/test_journeys.py
}

run_stack() {
  local kind="$1" file="docker-compose-$1.yml" project="jobsight-$1" started services
  started=$(date +%s)
  mapfile -t services < <(application_services "$file" "$project")
  say "$kind stack: building and starting ${services[*]}"
  RUNNING_STACK="$file" RUNNING_PROJECT="$project"
  compose "$file" "$project" build >"$STATE/compose-$kind-build.log" 2>&1 \
    || { tail -30 "$STATE/compose-$kind-build.log" >&2; fail "the $kind stack's images did not build"; }
  if ! compose "$file" "$project" up -d "${services[@]}" >"$STATE/compose-$kind-up.log" 2>&1; then
    tail -20 "$STATE/compose-$kind-up.log" >&2
    compose "$file" "$project" logs --tail 30 >&2
    fail "the $kind stack did not start"
  fi
  wait_healthy "$file" "$project"
  say "$kind stack healthy after $(elapsed "$started") s; the journeys through it"
  journeys "$file" "$project" "http://127.0.0.1:8080"
  client_served "$kind"
  # What only running the images shows (gunicorn's control server wanting a home, a write
  # to the read-only file system) would be in their logs.
  if compose "$file" "$project" logs --no-color \
      | grep -E "Control server error|Permission denied|Read-only file system"; then
    fail "the $kind stack's logs show the errors above"
  fi
  if [[ "$kind" == staging ]]; then
    record "- staging: the services, workers, gateway and web server ran with a read-only file system (a tmpfs /tmp); PostgreSQL, RabbitMQ and Redis keep data, so theirs is writable"
    faults "$file" "$project"
  fi
  compose "$file" "$project" down --volumes --remove-orphans >/dev/null 2>&1
  RUNNING_STACK=""
  record "- $kind stack: built, up, healthy, journeys passed, down: $(elapsed "$started") s"
}

# The web client answers where a person opens it, and passes the API to the gateway: in dev
# Vite's dev server on 127.0.0.1:5173, in staging the web image's nginx on 8080 (with its
# Content-Security-Policy).
client_served() {
  local url=http://127.0.0.1:8080 page headers
  [[ "$1" == dev ]] && url=http://127.0.0.1:5173
  page=$(curl -sf "$url/companies/no-such-company") || fail "$1: no page at $url"
  grep -q '<div id="root">' <<<"$page" || fail "$1: $url does not serve the client"
  [[ "$(curl -s -o /dev/null -w '%{http_code}' "$url/api/v1/companies")" == 200 ]] \
    || fail "$1: $url does not pass /api to the gateway"
  if [[ "$1" == staging ]]; then
    headers=$(curl -sfI "$url/")
    grep -qi '^content-security-policy:' <<<"$headers" || fail "staging: no CSP on $url"
  fi
  record "- $1: the web client served at $url, the API passed to the gateway"
}

# Staging's secrets: a throwaway .env.staging beside the compose file (removed after),
# unless one is there already.
staging_env() {
  [[ -e .env.staging ]] && return
  local key
  key=$(openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 2>/dev/null | awk '{printf "%s\\n", $0}')
  sed -e "s|^SECRET_KEY=.*|SECRET_KEY=$(openssl rand -hex 32)|" \
      -e "s|^POSTGRES_PASSWORD=.*|POSTGRES_PASSWORD=$(openssl rand -hex 16)|" \
      -e "s|^RABBITMQ_PASSWORD=.*|RABBITMQ_PASSWORD=$(openssl rand -hex 16)|" \
      -e "s|^JWT_PRIVATE_KEY=.*|JWT_PRIVATE_KEY=\"$key\"|" \
      .env.staging.example >.env.staging
  MADE_ENV_FILE="$ROOT/.env.staging"
}

# --- 5. faults ----------------------------------------------------------------------------

faults() {
  local file="$1" project="$2" jobs status deadline refused="" answers
  jobs=$(compose "$file" "$project" ps -q jobs)
  # Its main process killed from outside, as a crash (or the kernel's OOM killer) would: a
  # `docker kill` counts as a stop by hand, which restart policies respect.
  say "fault: the jobs container's process killed"
  kill -KILL "$(docker inspect -f '{{.State.Pid}}' "$jobs")"
  # Asked again and again until it answers: meanwhile every answer is the gateway's own
  # problem+json, 503 (no connection to jobs) or 502 (a request in flight when it died),
  # never a 500 or a hang; one of them comes before the recovery.
  deadline=$(( $(date +%s) + 90 )) answers=()
  while true; do
    status=$(curl -s --max-time 10 -o "$STATE/fault-answer" -D "$STATE/fault-head" \
      -w '%{http_code}' http://127.0.0.1:8080/api/v1/companies || true)
    answers+=("$status")
    if [[ "$status" == 502 || "$status" == 503 ]]; then
      grep -qi '^content-type: application/problem+json' "$STATE/fault-head" \
        || fail "after the kill, a $status that is not the gateway's problem+json"
      refused=1
    elif [[ "$status" != 200 ]]; then
      fail "after the kill the gateway answered $status: $(head -c 300 "$STATE/fault-answer")"
    fi
    [[ "$status" == 200 && -n "$refused" ]] && break
    [[ "$status" == 200 && ${#answers[@]} -gt 20 ]] && fail "no refusal before the 200s: ${answers[*]}"
    [[ $(date +%s) -lt $deadline ]] || fail "after the kill, no recovery in 90 s: ${answers[*]: -5}"
    sleep 0.1
  done
  [[ "$(docker inspect -f '{{.RestartCount}}' "$jobs")" -ge 1 ]] || fail "jobs came back without a restart"
  local counted
  counted=$(printf '%s\n' "${answers[@]}" | sort | uniq -c | awk '{printf "%s × %s, ", $1, $2}')
  say "jobs came back by its restart policy; meanwhile the gateway refused in problem+json"
  record "- fault: a killed jobs container restarted by its policy; the answers meanwhile: ${counted%, }"

  say "fault: the prod compose file without SECRET_KEY"
  local refused
  if refused=$(REGISTRY=r TAG=t JWT_PRIVATE_KEY=x USERS_DATABASE_URL=x JOBS_DATABASE_URL=x \
      REVIEWS_DATABASE_URL=x RABBITMQ_PASSWORD=x docker-compose -f docker-compose-prod.yml \
      config -q 2>&1); then
    fail "the prod compose file started without SECRET_KEY"
  fi
  grep -q "set SECRET_KEY" <<<"$refused" || fail "the refusal does not name SECRET_KEY: $refused"
  record "- fault: the prod file without SECRET_KEY refuses: …${refused##*interpolating*\}}"
}

main() {
  local started
  started=$(date +%s)
  : >"$REPORT"
  record "# Containers run on $(date -u +%Y-%m-%d) ($(uname -m), $(nproc) cores)"
  record ""
  start_engine
  # An interrupted run's stacks (their restart policies bring them back with the engine,
  # and their volumes keep that run's passwords) go first.
  local project label
  for project in jobsight-dev jobsight-staging; do
    label="label=com.docker.compose.project=$project"
    docker ps -aq --filter "$label" | xargs -r docker rm -f >/dev/null
    docker volume ls -q --filter "$label" | xargs -r docker volume rm >/dev/null
  done
  base_images
  build_images
  if [[ "${1:-}" == images ]]; then
    cat "$REPORT"
    return
  fi
  write_override
  run_stack dev
  staging_env
  run_stack staging
  record ""
  record "All of it in $(elapsed "$started") s."
  cat "$REPORT"
}

main "$@"
