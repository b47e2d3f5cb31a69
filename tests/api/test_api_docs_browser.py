"""The API documentation renders in a real Chromium, offline and under the CSP."""

import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
playwright = pytest.importorskip("playwright.sync_api")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Chromium n'est pas installé"),
]

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def test_the_docs_page_renders_with_no_console_error_and_no_foreign_request(live_server):
    messages, failures, requests = [], [], []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            page.on("console", lambda m: messages.append((m.type, m.text)))
            page.on("pageerror", lambda e: failures.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(f"{live_server.url}/api/docs/", wait_until="networkidle")
            page.wait_for_selector(".swagger-ui .info .title", timeout=15000)
            title = page.inner_text(".swagger-ui .info .title")
            operations = page.locator(".opblock").count()
            page.locator("#operations-Sites-sites_list .opblock-summary").click()
            page.wait_for_selector("#operations-Sites-sites_list .opblock-description")
            description = page.inner_text("#operations-Sites-sites_list .opblock-description")
        finally:
            browser.close()
    assert "API de Quartiers à impact collectif" in title
    assert operations > 40
    assert "Le statut ne change que par" in description
    errors = [text for kind, text in messages if kind in ("error", "warning")]
    assert not errors, errors  # a CSP violation is reported here
    assert not failures, failures
    assert requests and all(url.startswith(live_server.url) for url in requests), requests
