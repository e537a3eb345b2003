"""The users service documents every route it serves (the conventions themselves are
servicekit's, tested in libs/servicekit/tests)."""


def test_openapi_documents_every_route_and_its_security(client):
    spec = client.get("/openapi.json").json
    paths = spec["paths"]
    for path in [
        "/api/v1/auth/register",
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/users/me",
        "/api/v1/users",
        "/api/v1/users/{user_id}",
        "/.well-known/jwks.json",
    ]:
        assert path in paths, path
    assert paths["/api/v1/users/me"]["get"]["security"] == [{"bearerAuth": []}]
    assert "security" not in paths["/api/v1/auth/login"]["post"]
