"""Infrastructure shared by every Jobsight service and the gateway.

Nothing domain-specific lives here. Two layers, installed separately:

- the core (`servicekit`): problem+json errors (`problems`), access-token verification
  (`tokens`), configuration checks (`config`), request ids and JSON logs (`requestlog`).
  The gateway installs only this.
- the service layer (`servicekit[service]`): the database base and integrity rules (`db`),
  health and readiness (`health`), authentication guards (`auth`), body rules
  (`jsonbody`), keyset pagination (`pagination`), fields, the flask-smorest API
  (`service`) and the Alembic environment (`migration_env`).

`servicekit.testing` is the pytest plugin and helpers the services' tests share.
"""
