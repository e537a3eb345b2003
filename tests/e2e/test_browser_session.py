"""A browser's session through the gateway: the refresh cookie set, sent back and rotated,
and no origin, listed or not, ever allowed to use it cross-site."""

from __future__ import annotations

import uuid

import requests


def _post(url, **kwargs):
    return requests.post(url, timeout=10, **kwargs)


def _options(url, **kwargs):
    return requests.options(url, timeout=10, **kwargs)


def test_a_cookie_session_through_the_gateway(stack):
    base = stack.url("gateway")
    email = f"browser-{uuid.uuid4().hex[:8]}@example.com"
    credentials = {"email": email, "password": "a long password"}
    _post(f"{base}/api/v1/auth/register", json={**credentials, "display_name": "B"})
    login = _post(f"{base}/api/v1/auth/login", json={**credentials, "session": "cookie"})
    assert login.status_code == 200 and "refresh_token" not in login.json()
    set_cookie = login.headers["Set-Cookie"]
    for attribute in ("HttpOnly", "SameSite=Strict", "Path=/api/v1/auth"):
        assert attribute in set_cookie
    token = login.cookies["jobsight_refresh"]
    refreshed = _post(f"{base}/api/v1/auth/refresh", json={}, cookies={"jobsight_refresh": token})
    assert refreshed.status_code == 200
    assert refreshed.cookies["jobsight_refresh"] != token
    # A form post from another site, cookie attached, is refused and rotates nothing.
    forged = _post(
        f"{base}/api/v1/auth/refresh",
        data="a=1",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": "https://evil.example",
        },
        cookies={"jobsight_refresh": refreshed.cookies["jobsight_refresh"]},
    )
    assert forged.status_code == 415
    for origin in ("https://evil.example", "http://localhost:5173"):
        preflight = _options(
            f"{base}/api/v1/auth/refresh",
            headers={"Origin": origin, "Access-Control-Request-Method": "POST"},
        )
        assert "Access-Control-Allow-Credentials" not in preflight.headers
    assert (
        "Access-Control-Allow-Origin" not in preflight.headers or origin != "https://evil.example"
    )


def test_a_page_of_companies_with_their_ratings_is_two_requests(stack, visitor):
    base = stack.url("gateway")
    owner = visitor()
    owner.sign_up()
    prefix = f"Page {uuid.uuid4().hex[:6]}"
    for number in range(20):
        company = owner.call("POST", "/api/v1/companies", json={"name": f"{prefix} {number}"})
        job = owner.call(
            "POST",
            "/api/v1/jobs",
            json={"company_id": company.json()["id"], "title": "Dev", "employment_type": "co-op"},
        ).json()
        owner.call(
            "POST", "/api/v1/reviews", json={"job_id": job["id"], "title": "Ok", "rating": 4}
        )
    page = requests.get(f"{base}/api/v1/companies", params={"q": prefix, "limit": 20}, timeout=10)
    ids = [company["id"] for company in page.json()["items"]]
    assert len(ids) == 20
    ratings = requests.get(
        f"{base}/api/v1/reviews/summaries", params={"company_id": ids}, timeout=10
    ).json()["items"]
    assert {item["company_id"] for item in ratings} == set(ids)
    assert all(item["average"] == 4.0 for item in ratings)
