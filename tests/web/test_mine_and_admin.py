"""My contributions (each editable and deletable), the admin's moderation queue and users,
and the client on a phone-sized screen and by keyboard alone."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Browser, Page, expect

from .conftest import assert_accessible, log_in, open_a_job, sign_up

ADMIN = ("admin@jobsight.dev", "demo-admin-password")


def test_my_contributions_are_listed_editable_and_deletable(page: Page):
    sign_up(page)
    open_a_job(page, "harbor")
    page.get_by_role("link", name="Write a review").click()
    page.get_by_label("Title").fill("Good first term")
    page.get_by_role("button", name="Publish review").click()
    page.get_by_role("link", name="Add a salary").click()
    page.get_by_label("Amount").fill("28")
    page.get_by_role("button", name="Share salary").click()
    page.get_by_role("link", name="Report an interview").click()
    page.get_by_label("Questions asked").fill("Why this team?")
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_text("Why this team?")).to_be_visible()

    page.get_by_role("link", name="My contributions").click()
    for section in ("Reviews", "Salaries", "Interview reports"):
        expect(page.get_by_role("region", name=section).get_by_role("listitem")).to_have_count(1)
    assert_accessible(page)

    page.get_by_role("link", name="Edit Good first term").click()
    page.get_by_label("Title").fill("A very good first term")
    page.get_by_role("button", name="Save review").click()
    expect(page.get_by_role("region", name="Reviews")).to_contain_text("A very good first term")

    salaries = page.get_by_role("region", name="Salaries")
    salaries.get_by_role("link", name=re.compile("^Edit")).click()
    expect(page.get_by_label("Amount")).to_have_value("28")
    page.get_by_label("Amount").fill("29.5")
    page.get_by_role("button", name="Save salary").click()
    expect(salaries).to_contain_text("$29.50")

    interviews = page.get_by_role("region", name="Interview reports")
    interviews.get_by_role("link", name=re.compile("^Edit")).click()
    page.get_by_label("Difficulty").select_option("5")
    page.get_by_role("button", name="Save report").click()
    expect(interviews).to_contain_text("difficulty 5 / 5")

    page.on("dialog", lambda dialog: dialog.accept())
    for section in ("Reviews", "Salaries", "Interview reports"):
        region = page.get_by_role("region", name=section)
        region.get_by_role("button", name=re.compile("^Delete")).click()
        expect(region).to_contain_text("None yet.")


def test_an_admin_hides_a_flagged_review_and_manages_users(page: Page, browser: Browser, site):
    # A student flags a review...
    email = sign_up(page, "Flagger")
    open_a_job(page, "lumen")
    review = page.get_by_role("list", name="Reviews").get_by_role("article").first
    title = review.get_by_role("heading").inner_text()
    review.get_by_role("button", name="Flag").click()
    review.get_by_label("Reason").select_option("spam")
    # A note of this test's own: demo reviews share titles, and other journeys flag some.
    note = f"An advert {uuid.uuid4().hex[:8]}"
    review.get_by_label("Note").fill(note)
    review.get_by_role("button", name="Send flag").click()
    expect(review.get_by_role("status")).to_be_visible()

    # ...and an admin, in a browser of their own, hides it, then restores it.
    context = browser.new_context(base_url=site[1])
    admin = context.new_page()
    log_in(admin, *ADMIN)
    admin.get_by_role("link", name="Admin", exact=True).click()
    queue = admin.get_by_role("list", name="Moderation queue")
    flagged = queue.get_by_role("article", name=f"Flagged: {title}").filter(has_text=note)
    expect(flagged).to_contain_text(f"spam: {note}")
    assert_accessible(admin)
    flagged.get_by_role("button", name="Hide review").click()
    # Hiding resolves its flags: the review leaves the queue, and can be restored from below.
    expect(flagged).to_have_count(0)
    resolved = admin.get_by_role("list", name="Recently resolved")
    decided = resolved.get_by_role("article", name=f"Flagged: {title}").filter(has_text=note)
    expect(decided).to_contain_text("hidden")
    decided.get_by_role("button", name="Restore review").click()
    expect(decided).to_contain_text("published")

    admin.get_by_label("Search users").fill(email)
    role = admin.get_by_label(f"Role of {email}")
    expect(role).to_have_value("user")
    role.select_option("admin")
    expect(role).to_have_value("admin")
    role.select_option("user")
    admin.get_by_role("button", name=f"Deactivate {email}").click()
    expect(admin.get_by_role("row", name=re.compile(email))).to_contain_text("Deactivated")
    context.close()

    # A deactivated account cannot sign in again.
    page.get_by_role("button", name="Log out").click()
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("a long password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_be_visible()


def test_a_phone_sized_screen(browser: Browser, site):
    context = browser.new_context(
        base_url=site[1], viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.goto("/?q=maple")
    page.get_by_role("list", name="Companies matching maple").get_by_role("link").first.click()
    expect(page.get_by_role("heading", name="Ratings")).to_be_visible()
    # Nothing is wider than the screen.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert_accessible(page)
    page.get_by_role("navigation", name="Company").get_by_role("link", name="Salaries").click()
    expect(page.get_by_role("img", name=re.compile("median")).first).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    context.close()


def test_by_keyboard_alone(page: Page):
    page.goto("/")
    expect(page.get_by_role("heading", name="Find companies and jobs")).to_be_visible()
    # The header shows "Log in" and "Sign up" once the session check has answered; a person
    # tabs through what is on screen, so the test waits for it too.
    sign_up = page.get_by_role("link", name="Sign up")
    expect(sign_up).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    # Tab through to the sign-up link and follow it, then fill the form by keyboard.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent") == "Sign up":
            break
    expect(sign_up).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Sign up")).to_be_visible()
    page.get_by_label("Email").focus()
    page.keyboard.type(f"keys-{page.evaluate('() => Date.now()')}@example.com")
    page.keyboard.press("Tab")
    page.keyboard.type("Keyboard User")
    page.keyboard.press("Tab")
    page.keyboard.type("a long password")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
