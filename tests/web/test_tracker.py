"""The private tracker in the browser: tracking a job, the board, moving an application by
keyboard and by drag, its timeline, notes and contacts; and saved jobs."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .conftest import assert_accessible, open_a_job, screenshot, sign_up


def test_track_a_job_then_work_its_timeline_notes_and_contacts(page: Page):
    sign_up(page)
    open_a_job(page)
    title = page.get_by_role("heading", level=1).inner_text()
    page.get_by_role("button", name="Track an application").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    expect(page.get_by_role("list").filter(has_text="Wishlist").first).to_be_visible()
    assert_accessible(page)

    page.get_by_label("New status").select_option("applied")
    page.get_by_label("Note for the timeline").fill("Applied through the co-op portal")
    page.get_by_role("button", name="Update status").click()
    timeline = page.locator(".timeline")
    expect(timeline.get_by_role("listitem")).to_have_count(2)
    expect(timeline).to_contain_text("Applied through the co-op portal")

    page.get_by_role("textbox", name="Notes").fill("Ask about the team's stack")
    page.get_by_role("button", name="Save notes").click()
    expect(page.get_by_role("status")).to_have_text("Notes saved.")

    page.get_by_label("Contact email").fill("not an email")
    page.get_by_label("Contact name").fill("Priya Raman")
    page.get_by_role("button", name="Add contact").click()
    expect(page.get_by_label("Contact email")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("Contact email").fill("priya@example.com")
    page.get_by_label("Role", exact=True).fill("Recruiter")
    page.get_by_role("button", name="Add contact").click()
    expect(page.get_by_role("link", name="priya@example.com")).to_be_visible()
    page.reload()
    expect(page.get_by_role("textbox", name="Notes")).to_have_value("Ask about the team's stack")
    expect(page.get_by_text("Priya Raman")).to_be_visible()
    page.get_by_role("button", name="Remove Priya Raman").click()
    expect(page.get_by_text("No contacts yet.")).to_be_visible()


def test_the_board_moves_applications_by_keyboard_and_by_drag(page: Page):
    sign_up(page)
    page.goto("/tracker")
    for company, position in [
        ("Lakeside Robotics", "Firmware Co-op"),
        ("Harbour Bank", "Data Co-op"),
        ("Prairie Seeds", "Field Co-op"),
    ]:
        page.get_by_role("button", name="Track an application").click()
        form = page.get_by_role("form", name="Track an application")
        form.get_by_label("Company").fill(company)
        form.get_by_label("Position").fill(position)
        form.get_by_role("button", name="Add to tracker").click()
        expect(page.get_by_role("link", name=re.compile(position))).to_be_visible()
    wishlist = page.get_by_role("list", name="Wishlist", exact=True)
    applied = page.get_by_role("list", name="Applied", exact=True)
    expect(wishlist.get_by_role("listitem")).to_have_count(3)
    expect(page.get_by_text("3 applications")).to_be_visible()
    assert_accessible(page)

    # By keyboard: the card's own status control.
    status = page.get_by_label("Status of Firmware Co-op at Lakeside Robotics")
    status.focus()
    status.select_option("applied")
    expect(applied.get_by_role("listitem")).to_have_count(1)
    expect(applied).to_contain_text("Firmware Co-op")

    # By drag: the card onto the Interviewing column.
    card = wishlist.get_by_role("listitem").filter(has_text="Data Co-op")
    card.drag_to(page.get_by_role("region", name=re.compile("^Interviewing")))
    interviewing = page.get_by_role("list", name="Interviewing", exact=True)
    expect(interviewing).to_contain_text("Data Co-op")
    expect(page.get_by_role("heading", name=re.compile("^Interviewing"))).to_contain_text("1")

    # A closed one leaves the open columns; "Show closed" shows where it went.
    page.get_by_label("Status of Field Co-op at Prairie Seeds").select_option("rejected")
    expect(wishlist.get_by_role("listitem")).to_have_count(0)
    expect(page.get_by_role("list", name="Rejected", exact=True)).to_have_count(0)
    page.get_by_role("checkbox", name=re.compile("Show closed")).check()
    expect(page.get_by_role("list", name="Rejected", exact=True)).to_contain_text("Field Co-op")
    page.get_by_role("checkbox", name=re.compile("Show closed")).uncheck()
    screenshot(page, "tracker")

    page.reload()  # the moves were saved, not only drawn
    expect(page.get_by_role("list", name="Interviewing", exact=True)).to_contain_text("Data Co-op")
    expect(page.get_by_role("list", name="Applied", exact=True)).to_contain_text("Firmware Co-op")


def test_save_a_job_with_its_star_and_find_it_under_saved(page: Page):
    sign_up(page)
    open_a_job(page)
    title = page.get_by_role("heading", level=1).inner_text()
    star = page.get_by_role("button", name="Save job")
    expect(star).to_have_attribute("aria-pressed", "false")
    star.click()
    expect(star).to_have_attribute("aria-pressed", "true")
    page.get_by_role("link", name="Saved").click()
    saved = page.get_by_role("list", name="Saved jobs")
    expect(saved.get_by_role("link", name=title)).to_be_visible()
    assert_accessible(page)
    saved.get_by_role("link", name=title).click()
    page.get_by_role("button", name="Save job").click()
    expect(page.get_by_role("button", name="Save job")).to_have_attribute("aria-pressed", "false")
    page.get_by_role("link", name="Saved").click()
    expect(page.get_by_text("Nothing saved yet")).to_be_visible()
