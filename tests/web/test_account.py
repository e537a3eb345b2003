"""A person's account in the browser: signing up, the session across reloads and expired
access tokens, settings, and deleting the account."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .conftest import PASSWORD, assert_accessible, log_in, sign_up


def test_sign_up_log_out_and_log_in_again(page: Page):
    page.goto("/signup")
    assert_accessible(page)
    page.get_by_label("Email").fill("not-an-email")
    page.get_by_label("Display name").fill("Sam")
    page.get_by_label("Password").fill("short")
    page.get_by_role("button", name="Sign up").click()
    # Each refusal is shown next to its field.
    expect(page.get_by_label("Email")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Password")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alert")).to_contain_text("Some fields need a change")
    assert_accessible(page)

    email = sign_up(page, "Sam")
    expect(page.get_by_role("link", name="Sam")).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("banner").get_by_role("link", name="Log in")).to_be_visible()
    # Logging out revoked the session: a reload does not bring it back.
    page.reload()
    expect(page.get_by_role("banner").get_by_role("link", name="Log in")).to_be_visible()

    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("the wrong password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
    log_in(page, email)


def test_the_session_survives_a_reload_and_outlives_its_access_token(page: Page):
    sign_up(page, "Reloader")
    page.goto("/tracker")
    expect(page.get_by_role("heading", name="Your applications")).to_be_visible()
    page.wait_for_load_state("networkidle")
    page.reload()
    expect(page.get_by_role("heading", name="Your applications")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    # No script can read the refresh token: it is an HttpOnly cookie; none is in storage.
    assert page.evaluate("() => document.cookie") == ""
    assert page.evaluate("() => localStorage.length + sessionStorage.length") == 0

    # Access tokens here live 8 s with no leeway: this one has expired by now.
    page.wait_for_timeout(9_000)
    refreshed = []
    page.on(
        "request", lambda r: refreshed.append(r.url) if r.url.endswith("/auth/refresh") else None
    )
    page.get_by_role("button", name="Track an application").click()
    page.get_by_label("Company").fill("Lakeside Robotics")
    page.get_by_label("Position").fill("Firmware Co-op")
    page.get_by_role("button", name="Add to tracker").click()
    expect(page.get_by_role("link", name=re.compile("Firmware Co-op"))).to_be_visible()
    assert refreshed, "the expired token was not refreshed"
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_tabs_reloaded_at_once_share_the_session_instead_of_ending_it(page: Page):
    """Refresh tokens are good once, and a second use ends the session everywhere (it
    means a stolen token). Two tabs share one cookie, so their refreshes must take turns."""
    sign_up(page, "Two Tabs")
    other = page.context.new_page()
    other.goto("/account")
    expect(other.get_by_role("button", name="Log out")).to_be_visible()

    # The first tab's refresh is answered by the server at once but reaches the browser
    # (and its new cookie the jar) only a second later, so the second tab's script asks
    # while the first answer is still on its way: the race, every time.
    held = []

    def hold_the_first_answer(route):
        answer = route.fetch()
        if not held:
            held.append((route, answer))
        else:
            route.fulfill(response=answer)

    page.context.route("**/api/v1/auth/refresh", hold_the_first_answer)
    page.reload(wait_until="commit")
    other.reload(wait_until="commit")
    page.wait_for_timeout(1_500)  # both scripts have started their refresh by now
    route, answer = held[0]
    route.fulfill(response=answer)
    for tab in (page, other):
        expect(tab.get_by_role("button", name="Log out")).to_be_visible()
    page.context.unroute("**/api/v1/auth/refresh")
    # And the session lives on in both.
    for tab in (page, other):
        tab.reload()
        expect(tab.get_by_role("button", name="Log out")).to_be_visible()


def test_settings_change_the_name_and_the_password(page: Page):
    email = sign_up(page, "Before")
    page.get_by_role("link", name="Before").click()
    assert_accessible(page)
    name = page.get_by_role("textbox", name="Display name")
    name.fill("After")
    page.get_by_role("button", name="Save name").click()
    expect(page.get_by_role("status")).to_have_text("Display name saved.")
    expect(page.get_by_role("link", name="After")).to_be_visible()

    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password").fill("another long password")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("status").last).to_have_text("Password changed.")
    page.get_by_role("button", name="Log out").click()
    log_in(page, email, "another long password")


def test_wrong_current_passwords_are_refused_then_rate_limited_in_words(page: Page):
    sign_up(page, "Guesser")
    page.goto("/account")
    alert = page.get_by_role("alert")
    for attempt in range(12):
        page.get_by_label("Current password").fill(f"wrong guess {attempt}")
        page.get_by_label("New password").fill("another long password")
        page.get_by_role("button", name="Change password").click()
        expect(alert).to_be_visible()
        if "Too many requests" in alert.inner_text():
            break
    expect(alert).to_contain_text("Too many requests for now; wait a minute and try again.")


def test_deleting_the_account_says_what_happens_and_signs_out(page: Page):
    email = sign_up(page, "Leaver")
    page.goto("/account")
    page.get_by_role("button", name="Delete account").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Your tracker, saved jobs, votes and flags are erased")
    expect(dialog).to_contain_text(
        "published reviews, salaries and interview reports stay, anonymous"
    )
    assert_accessible(page)
    dialog.get_by_role("button", name="Yes, delete my account").click()
    expect(page.get_by_role("banner").get_by_role("link", name="Log in")).to_be_visible()
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_be_visible()
