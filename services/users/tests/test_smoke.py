def test_register_login_me(accounts, client):
    user, headers, _ = accounts.signed_in()
    response = client.get("/api/v1/users/me", headers=headers)
    assert response.status_code == 200
    assert response.json["id"] == user["id"]
