"""Extensions created unbound; `create_app` binds them with `init_app`."""

from pathlib import Path

from flask_sqlalchemy import SQLAlchemy
from servicekit.db import SESSION_OPTIONS, make_model_base
from servicekit.migrations import Migrations
from servicekit.service import ProblemApi

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")

db = SQLAlchemy(model_class=make_model_base(), session_options=SESSION_OPTIONS)
migrate = Migrations(directory=MIGRATIONS_DIR)
api = ProblemApi()
