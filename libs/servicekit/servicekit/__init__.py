"""Infrastructure shared by every Jobsight service and the gateway.

Nothing domain-specific lives here: errors, token verification, request ids and logs,
health checks, pagination and configuration checks.
"""
