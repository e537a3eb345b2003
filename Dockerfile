# One image recipe for every service, the gateway and the web client.
#   docker build --build-arg SERVICE=users .     # a service or the gateway (`prod`, the default)
#   docker build --target web .                  # the web client, served by nginx
# Targets: `dev` (source mounted, reload), `prod` (non-root, no dev tools), `web-dev` (the
# Vite dev server, for docker-compose-dev.yml) and `web` (web/dist behind nginx-unprivileged).
# `prod` stays the last stage, so a build without --target is a service image; the web
# stages come first, so a builder without BuildKit (which builds every stage before the
# target) builds the web image without a SERVICE.
ARG PYTHON_VERSION=3.11.11
ARG NODE_VERSION=20.20.0
ARG NGINX_VERSION=1.28.0

# The web client's dependencies, from the lock file, as the image's own unprivileged user
# (Vite writes its cache into node_modules).
FROM node:${NODE_VERSION}-bookworm-slim AS web-deps
WORKDIR /web
RUN chown 1000:1000 /web
USER 1000
COPY --chown=1000:1000 web/package.json web/package-lock.json web/.npmrc ./
RUN npm ci --no-audit --no-fund
COPY --chown=1000:1000 web ./

# The Vite dev server for docker-compose-dev.yml (which mounts web/src for reload).
FROM web-deps AS web-dev
ENV WEB_HOST=0.0.0.0 GATEWAY_URL=http://gateway:8000
EXPOSE 5173
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:5173/').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["npm", "run", "dev"]

FROM web-deps AS web-build
RUN npm run build

# The production client: static files only, served by nginx as uid 101 on port 8080 with
# deploy/web's configuration (CSP and the other headers, long-cached hashed assets, the SPA
# fallback). A compose file adds the API proxy in /etc/nginx/jobsight/api.d/; on ECS the
# load balancer sends the API to the gateway and nothing is added.
FROM nginxinc/nginx-unprivileged:${NGINX_VERSION}-alpine AS web
COPY deploy/web/site.conf /etc/nginx/conf.d/default.conf
COPY deploy/web/security-headers.conf /etc/nginx/jobsight/security-headers.conf
COPY --from=web-build /web/dist /usr/share/nginx/html
USER 101
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=5s --retries=3 \
    CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/healthz"]

FROM python:${PYTHON_VERSION}-slim-bookworm AS build
ARG SERVICE
ARG UV_VERSION=0.13.9
ENV UV_PROJECT_ENVIRONMENT=/venv UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy PIP_NO_CACHE_DIR=1
RUN pip install --no-cache-dir "uv==${UV_VERSION}"
WORKDIR /app
# Dependencies first, from the lock file, so source edits keep this layer cached.
COPY pyproject.toml uv.lock ./
COPY libs/servicekit/pyproject.toml libs/servicekit/
COPY libs/devstack/pyproject.toml libs/devstack/
COPY services/users/pyproject.toml services/users/
COPY services/jobs/pyproject.toml services/jobs/
COPY services/reviews/pyproject.toml services/reviews/
COPY gateway/pyproject.toml gateway/
RUN test -n "${SERVICE}" \
    && uv sync --locked --no-dev --no-install-workspace --package "jobsight-${SERVICE}"
COPY libs libs
COPY services services
COPY gateway gateway
COPY deploy/gunicorn.conf.py deploy/
RUN uv sync --locked --no-dev --package "jobsight-${SERVICE}"

FROM build AS dev
ARG SERVICE
ENV SERVICE=${SERVICE} PATH=/venv/bin:$PATH PYTHONUNBUFFERED=1 APP_ENV=development \
    PROMETHEUS_MULTIPROC_DIR=/tmp/jobsight-metrics
EXPOSE 8000
CMD ["gunicorn", "--config", "/app/deploy/gunicorn.conf.py", "--reload"]

FROM python:${PYTHON_VERSION}-slim-bookworm AS prod
ARG SERVICE
# PROMETHEUS_MULTIPROC_DIR: /metrics adds up every gunicorn worker (gunicorn.conf.py empties it).
ENV SERVICE=${SERVICE} PATH=/venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 \
    PROMETHEUS_MULTIPROC_DIR=/tmp/jobsight-metrics
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin jobsight
COPY --from=build /venv /venv
COPY --from=build /app /app
WORKDIR /app
USER 10001
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
CMD ["gunicorn", "--config", "/app/deploy/gunicorn.conf.py"]
