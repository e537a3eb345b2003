"""A visitor finds a company and reads what people shared about it, without an account."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .conftest import assert_accessible, screenshot


def test_search_as_you_type_then_a_company_page_and_its_tabs(page: Page):
    page.goto("/")
    expect(page.get_by_role("heading", name="Find companies and jobs")).to_be_visible()
    companies = page.get_by_role("list", name="Companies")
    expect(companies.get_by_role("listitem").first).to_be_visible()
    assert_accessible(page)

    search = page.get_by_label("Search")
    search.press_sequentially("maple", delay=40)
    matching = page.get_by_role("list", name="Companies matching maple")
    expect(matching.get_by_role("link").first).to_contain_text(re.compile("maple", re.I))
    expect(page).to_have_url(re.compile(r"\?q=maple"))
    # Each company shows its rating and review count.
    expect(matching.get_by_role("listitem").first).to_contain_text(
        re.compile(r"\d+ reviews?|No reviews yet")
    )

    matching.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("maple", re.I))
    expect(page.get_by_role("heading", name="Ratings")).to_be_visible()
    expect(page.get_by_text(re.compile(r"from \d+ reviews"))).to_be_visible()
    expect(page.get_by_role("list", name=re.compile("^Jobs at"))).to_be_visible()
    assert_accessible(page)
    screenshot(page, "company-page")

    tabs = page.get_by_role("navigation", name="Company")
    tabs.get_by_role("link", name="Reviews").click()
    reviews = page.get_by_role("list", name="Reviews")
    expect(reviews.get_by_role("article").first).to_be_visible()
    shown = reviews.get_by_role("article").count()
    page.get_by_role("button", name="More reviews").click()
    expect(reviews.get_by_role("article")).to_have_count(shown * 2)
    page.get_by_label("Sort by").select_option(label="Highest rated")
    expect(page).to_have_url(re.compile(r"sort=-rating"))
    first = reviews.get_by_role("article").first
    expect(first.get_by_role("img", name="Rated 5.0 out of 5")).to_be_visible()
    assert_accessible(page)

    tabs.get_by_role("link", name="Salaries").click()
    box = page.get_by_role("img", name=re.compile(r"median"))
    expect(box.first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "salaries")

    tabs.get_by_role("link", name="Interviews").click()
    expect(page.get_by_role("list", name="Questions asked").first).to_be_visible()
    expect(page.get_by_text(re.compile(r"difficulty \d\.\d / 5"))).to_be_visible()
    assert_accessible(page)


def test_filters_narrow_the_jobs_and_the_directory_lists_every_company(page: Page):
    page.goto("/")
    page.get_by_label("Employment type").select_option(index=1)
    jobs = page.get_by_role("list", name="Jobs")
    expect(jobs.get_by_role("listitem").first).to_be_visible()
    chosen = page.get_by_label("Employment type").input_value()
    expect(page).to_have_url(re.compile(f"employment_type={chosen}"))
    for item in jobs.get_by_role("listitem").all():
        expect(item).to_contain_text(chosen)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Companies").click()
    directory = page.get_by_role("list", name="Companies A to Z")
    # Every demo company, A to Z (journeys that ran before may have added their own).
    expect(directory.get_by_role("link", name="Aurora Robotics")).to_be_visible()
    names = directory.get_by_role("link").all_inner_texts()
    assert len(names) >= 36 and names[0] == "Aurora Robotics" and "Vantage Capital" in names
    assert_accessible(page)


def test_a_job_page_shows_its_summaries_and_asks_a_visitor_to_log_in(page: Page):
    page.goto("/")
    page.get_by_role("list", name="Jobs").get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Salaries")).to_be_visible()
    expect(page.get_by_role("heading", name="Interviews")).to_be_visible()
    expect(page.get_by_role("button", name="Save job")).to_have_count(0)
    expect(page.get_by_role("link", name="Log in").last).to_be_visible()
    assert_accessible(page)
