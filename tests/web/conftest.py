"""The browser journeys: Debian's Chromium, driven by Playwright, using the production build
of the web client against the whole stack with the demo data, as a person would.

The stack is `make dev`'s (every service, worker and the gateway on embedded PostgreSQL, the
demo data loaded), on free ports; web/dist is built first and served by nginx with the web
image's own configuration (deploy/web: security headers, caching, the SPA fallback), which
passes `/api` to the gateway as the compose files' web container does. Access tokens
live 8 seconds with no leeway, so every journey also runs on refreshed sessions.
"""

from __future__ import annotations

import os
import re
import subprocess
import uuid
from pathlib import Path

import pytest
from devstack.stack import ROOT
from devstack.testing import ONE_ADDRESS, free_port, running_stack
from devstack.web import chromium_path, start_web
from playwright.sync_api import Browser, Page, expect, sync_playwright

SHORT_SESSIONS = {"ACCESS_TOKEN_TTL_SECONDS": "8", "JWT_LEEWAY_SECONDS": "0"}
# Every journey's browser comes from 127.0.0.1, so the per-client limit would add them all up
# (tests/gateway checks that limit; the 429 journey uses the per-account password limit).
ONE_CLIENT = {"RATE_LIMIT_PER_MINUTE": "100000"}
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
# Where the journeys leave their screenshots; `make web-screenshots` points it at docs/.
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", ROOT / "var" / "web" / "screenshots"))


def chromium_or_fail() -> str:
    try:
        return chromium_path()
    except RuntimeError as missing:
        pytest.fail(f"the browser journeys need a Chromium. {missing}", pytrace=False)


@pytest.fixture(scope="session")
def site():
    """The stack with its demo data and the built client in front of it: (stack, url)."""
    subprocess.run([str(ROOT / "scripts" / "web.sh"), "build"], check=True)
    for stack in running_stack(
        "jobsight-web-", {**ONE_ADDRESS, **ONE_CLIENT, **SHORT_SESSIONS}, seed=True
    ):
        yield stack, start_web(stack, port=free_port(), served="nginx")


# Module-scoped, not session-scoped: Playwright's sync API runs an event loop in this thread
# while it is started, and the other suites' asyncio.run() refuses to run inside one.
# pytest-randomly keeps each module's tests together, so a module's browser ends with it.
@pytest.fixture(scope="module")
def browser():
    executable = chromium_or_fail()
    with sync_playwright() as playwright:
        # --no-sandbox: Chromium's sandbox refuses to run as root, which CI is.
        chromium = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, site, request):
    """A fresh browser profile (no cookies) on the site."""
    context = browser.new_context(base_url=site[1], viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"failed-{request.node.name}.png", full_page=True)
    context.close()
    assert errors == [], f"the page threw: {errors}"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def screenshot(page: Page, name: str) -> None:
    """A picture of the page for the README (docs/screenshots with `make web-screenshots`)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def assert_accessible(page: Page) -> None:
    """axe-core finds no serious or critical violation of WCAG 2.1 A/AA on the page."""
    # Evaluated through the debugging protocol: the site's CSP rightly refuses a script tag.
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    result = page.evaluate(
        "() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})"
    )
    serious = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert serious == [], "\n".join(serious)


PASSWORD = "a long password"


def sign_up(page: Page, display_name: str = "Co-op Student") -> str:
    """A new account made through the sign-up page, signed in after; its email."""
    email = f"web-{uuid.uuid4().hex[:10]}@example.com"
    page.goto("/signup")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Display name").fill(display_name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    return email


def log_in(page: Page, email: str, password: str = PASSWORD) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def open_a_job(page: Page, company: str = "maple") -> str:
    """The first job of the first company matching `company`, opened; its address."""
    page.goto(f"/?q={company}")
    page.get_by_role("list", name=f"Companies matching {company}").get_by_role("link").first.click()
    page.get_by_role("list", name=re.compile("^Jobs at")).get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    return page.url
