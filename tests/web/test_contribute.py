"""Contributing in the browser: a review, a salary and an interview report, with every
refusal explained where the person is looking."""

from __future__ import annotations

import re
import uuid

from devstack.testing import Visitor
from playwright.sync_api import Page, expect

from .conftest import assert_accessible, open_a_job, sign_up


def test_write_a_review_with_a_422_by_its_field_then_a_409_for_the_same_term(page: Page):
    sign_up(page)
    job = open_a_job(page)
    page.get_by_role("link", name="Write a review").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Write a review")
    assert_accessible(page)

    page.get_by_label("Year").fill("1800")
    page.get_by_role("button", name="Publish review").click()
    expect(page.get_by_label("Title")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Year")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alert")).to_contain_text("Some fields need a change")
    assert_accessible(page)

    page.get_by_label("Title").fill("Great mentors, real projects")
    page.get_by_label("Overall rating").select_option("5")
    page.get_by_label("Culture").select_option("4")
    page.get_by_label("Your review").fill("Shipped two features to production in my first term.")
    page.get_by_label("Would you recommend it?").select_option("yes")
    page.get_by_label("Term").select_option("summer")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Co-op number").fill("2")
    page.get_by_label("Program").fill("Computer Engineering")
    page.get_by_role("button", name="Publish review").click()
    expect(page).to_have_url(job)
    expect(page.get_by_role("article", name="Great mentors, real projects")).to_be_visible()

    page.get_by_role("link", name="Write a review").click()
    page.get_by_label("Title").fill("Second thoughts")
    page.get_by_label("Term").select_option("summer")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Publish review").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "You have already reviewed this job for this term and year."
    )


def test_add_a_salary_and_report_an_interview(page: Page):
    sign_up(page)
    job = open_a_job(page, "northwind")
    page.get_by_role("link", name="Add a salary").click()
    assert_accessible(page)
    page.get_by_label("Amount").fill("-3")
    page.get_by_role("button", name="Share salary").click()
    expect(page.get_by_label("Amount")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("Amount").fill("31.50")
    page.get_by_label("Per").select_option("hourly")
    page.get_by_label("Term").select_option("fall")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Share salary").click()
    expect(page).to_have_url(job)

    page.get_by_role("link", name="Report an interview").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_label("Questions asked")).to_have_attribute("aria-invalid", "true")
    # A question of this test's own: the demo data asks some of the usual ones too.
    question = f"Reverse a linked list of {uuid.uuid4().hex[:8]}"
    page.get_by_label("Questions asked").fill(f"Tell me about a bug you fixed\n{question}")
    page.get_by_label("Difficulty").select_option("4")
    page.get_by_label("Outcome").select_option("offer")
    page.get_by_role("button", name="Send report").click()
    expect(page).to_have_url(job)
    expect(page.get_by_text(question, exact=True)).to_be_visible()


def test_the_jobs_service_stopped_gives_a_clear_message_and_the_rest_still_works(page: Page, site):
    stack, _ = site
    # A job the reviews service has never seen, so a review of it must be checked with jobs.
    setter = Visitor(stack.url("gateway"))
    setter.sign_up()
    job = f"/jobs/{setter.add_job('Brand New Co')}"
    sign_up(page)
    page.goto(job + "/review")
    page.get_by_label("Title").fill("Written while jobs is down")
    stack.stop_service("jobs")
    try:
        page.get_by_role("button", name="Publish review").click()
        alert = page.get_by_role("alert")
        expect(alert).to_contain_text("The jobs service is unavailable")
        expect(alert).to_contain_text("try again in a moment")
        expect(page.get_by_label("Title")).to_have_value("Written while jobs is down")
        # The rest of Jobsight keeps working: contributions are the reviews service's.
        page.get_by_role("link", name="My contributions").click()
        expect(page.get_by_role("heading", name="My contributions")).to_be_visible()
        expect(page.get_by_role("region", name="Reviews")).to_contain_text("None yet.")
        page.get_by_role("link", name="Find").click()
        expect(page.get_by_role("alert").first).to_contain_text("Could not load")
        expect(page.get_by_label("Search")).to_be_editable()
    finally:
        stack.start_service("jobs")
    # The gateway's breaker lets requests to jobs through again after its cooldown (10 s).
    page.goto(job)
    heading = page.get_by_role("heading", level=1, name="Data Analyst")
    for _ in range(30):
        if heading.is_visible():
            break
        retry = page.get_by_role("button", name="Try again")
        if retry.is_visible():  # (while the client retries by itself, it shows "Loading…")
            retry.click()
        page.wait_for_timeout(1_000)
    expect(heading).to_be_visible()
    page.goto(job + "/review")
    page.get_by_label("Title").fill("Written once jobs is back")
    page.get_by_role("button", name="Publish review").click()
    expect(page).to_have_url(re.compile(job + "$"))
    expect(page.get_by_role("article", name="Written once jobs is back")).to_be_visible()


def test_vote_helpful_and_flag_a_review(page: Page):
    sign_up(page)
    open_a_job(page)
    review = page.get_by_role("list", name="Reviews").get_by_role("article").first
    helpful = review.get_by_role("button", name=re.compile(r"^Helpful"))
    before = int(re.search(r"\d+", helpful.inner_text()).group())
    expect(helpful).to_have_attribute("aria-pressed", "false")
    helpful.click()
    expect(helpful).to_have_attribute("aria-pressed", "true")
    expect(helpful).to_have_text(f"Helpful ({before + 1})")
    # The mark is the API's, not the page's: a reload (a new access token) still shows it.
    page.reload()
    expect(helpful).to_have_attribute("aria-pressed", "true")
    expect(helpful).to_have_text(f"Helpful ({before + 1})")
    helpful.click()
    expect(helpful).to_have_attribute("aria-pressed", "false")
    expect(helpful).to_have_text(f"Helpful ({before})")

    review.get_by_role("button", name="Flag").click()
    review.get_by_label("Reason").select_option("off_topic")
    review.get_by_role("button", name="Send flag").click()
    expect(review.get_by_role("status")).to_contain_text("a moderator will look at it")
