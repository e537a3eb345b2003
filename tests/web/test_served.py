"""The production build as the web image serves it (deploy/web on nginx): strict security
headers, hashed assets cached for good, the SPA fallback, the API through one origin, and a
problem+json answer when the gateway cannot be reached."""

from __future__ import annotations

import re

import requests

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def get(url: str, **kwargs) -> requests.Response:
    return requests.get(url, timeout=10, **kwargs)


def test_every_page_address_is_the_app_never_cached_with_a_strict_policy(site):
    _, url = site
    for path in ("/", "/companies/maple-ledger/salaries", "/tracker", "/no/such/page"):
        page = get(url + path)
        assert page.status_code == 200, path
        assert '<div id="root">' in page.text
        assert page.headers["Content-Security-Policy"] == CSP
        assert page.headers["Cache-Control"] == "no-cache"
        assert page.headers["X-Content-Type-Options"] == "nosniff"
        assert page.headers["Referrer-Policy"] == "same-origin"
    assert "Server" not in page.headers or not re.search(r"\d", page.headers["Server"])


def test_hashed_assets_are_cached_for_a_year_and_a_missing_one_is_404(site):
    _, url = site
    index = get(url + "/").text
    script = re.search(r'src="(/assets/[^"]+\.js)"', index).group(1)
    asset = get(url + script, headers={"Accept-Encoding": "gzip"})
    assert asset.status_code == 200
    assert asset.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert asset.headers["Content-Type"].startswith("application/javascript")
    assert asset.headers["Content-Encoding"] == "gzip"
    assert asset.headers["Content-Security-Policy"] == CSP
    assert get(url + "/assets/gone-0000.js").status_code == 404


def test_the_api_and_the_keys_come_through_the_same_origin(site):
    _, url = site
    companies = get(url + "/api/v1/companies?limit=1")
    assert companies.status_code == 200 and companies.json()["items"]
    assert get(url + "/.well-known/jwks.json").json()["keys"]
    missing = get(url + "/api/v1/companies/no-such-company")
    assert missing.status_code == 404
    assert missing.headers["Content-Type"] == "application/problem+json"


def test_the_gateway_unreachable_is_a_problem_not_an_html_page(site):
    stack, url = site
    stack.stop_service("gateway")
    try:
        down = get(url + "/api/v1/companies")
        assert down.status_code == 503
        assert down.headers["Content-Type"] == "application/problem+json"
        assert down.json()["status"] == 503
        assert down.headers["Retry-After"] == "5"
    finally:
        stack.start_service("gateway")
    assert get(url + "/api/v1/companies?limit=1").status_code == 200
