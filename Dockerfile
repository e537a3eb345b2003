# One image recipe for every service and the gateway: docker build --build-arg SERVICE=users .
# Targets: `dev` (source mounted, reload) and `prod` (the default: non-root, no dev tools).
ARG PYTHON_VERSION=3.11.11

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
