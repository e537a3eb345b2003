"""A connection that dies after the answer is made (the database restarted meanwhile)
still lets the answer go out: the end-of-request ROLLBACK fails quietly, and the pool
replaces the connection."""

import psycopg2
from sqlalchemy import event


def test_an_answer_survives_its_connection_dying_before_the_session_ends(app, client):
    with app.app_context():
        engine = app.extensions["sqlalchemy"].engine
    url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    killed = []

    def kill_the_backend_once(connection, cursor, statement, *args):
        if killed:
            return
        pid = connection.connection.dbapi_connection.get_backend_pid()
        killer = psycopg2.connect(url)
        killer.autocommit = True
        with killer.cursor() as sql:
            sql.execute("SELECT pg_terminate_backend(%s)", (pid,))
        killer.close()
        killed.append(pid)

    event.listen(engine, "after_cursor_execute", kill_the_backend_once)
    try:
        answer = client.get("/api/v1/notes")
    finally:
        event.remove(engine, "after_cursor_execute", kill_the_backend_once)
    assert killed
    assert answer.status_code == 200, answer.text
    assert client.get("/api/v1/notes").status_code == 200  # on a new connection
