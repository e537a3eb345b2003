"""gunicorn settings for every Jobsight image; SERVICE names the app (users, jobs, reviews,
gateway). Each app writes its own JSON request log line to stdout, which is the access log;
gunicorn's own would repeat it."""

import multiprocessing
import os
import shutil

wsgi_app = f"{os.environ['SERVICE']}:create_app()"
bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
# The services are WSGI apps on threads; the gateway is an ASGI app on uvicorn's event loop.
if os.environ["SERVICE"] == "gateway":
    worker_class = "gateway.worker.GatewayWorker"
else:
    worker_class = "gthread"
    threads = int(os.environ.get("GUNICORN_THREADS", "4"))
    # The master imports the app once and forks its workers from it: one import (seconds of
    # CPU) instead of one per worker, and the workers share those pages. servicekit gives
    # each forked worker its own database connections and metrics (forget_connections_after_fork).
    preload_app = True
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
timeout = 30
graceful_timeout = 20  # finish in-flight requests when ECS or compose stops the task
keepalive = 5
accesslog = None
errorlog = "-"
# No control socket (gunicorn 25+, for gunicornc): nothing here uses it, compose and ECS
# manage the server with signals, and its default place, $HOME/.gunicorn, does not exist in
# the images (their user has no home: "Control server error: Permission denied") and would
# be one path shared by every gunicorn master of `make dev`.
control_socket_disable = True
loglevel = os.environ.get("LOG_LEVEL", "info").lower()


def on_starting(server):
    """In the master, before any worker is forked: an empty directory for the workers'
    metrics (figures left by a previous run would be counted again), and the gateway's
    shared state (rate-limit counters, breakers), so every worker counts in the same place."""
    metrics_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if metrics_dir:
        shutil.rmtree(metrics_dir, ignore_errors=True)
        os.makedirs(metrics_dir, exist_ok=True)
    if os.environ["SERVICE"] == "gateway":
        from gateway.shared import create_for_workers

        create_for_workers()


def when_ready(server):
    """A preloaded master set its live gauges (the pool's size) while loading the app; only
    its workers serve, so only theirs count."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(os.getpid())


def child_exit(server, worker):
    """A worker's live gauges (connections in use) leave the totals with it."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
