"""The journeys' guard: console errors and uncaught exceptions, of the test's page and of
any context it opens, are collected (and fail the journey at its end)."""

from playwright.sync_api import expect


def test_errors_of_every_page_and_context_are_collected(page, browser, live_server, console_errors):
    page.goto("/connexion/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.evaluate("console.error('erreur de console')")
    page.evaluate("setTimeout(() => { throw new Error('exception non rattrapée') })")
    other = browser.new_context(base_url=live_server.url)
    other_page = other.new_page()
    other_page.goto("/connexion/")
    other_page.evaluate("console.error('dans une autre fenêtre')")
    page.wait_for_timeout(200)
    other.close()
    seen = " | ".join(console_errors)
    assert "erreur de console" in seen
    assert "exception non rattrapée" in seen
    assert "dans une autre fenêtre" in seen
    console_errors.clear()  # collected as they should be: this journey is not failed by them
