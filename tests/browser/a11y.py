"""Automated accessibility checks (axe-core, shipped by axe-playwright-python)."""

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()
BLOCKING_IMPACTS = {"serious", "critical"}


def assert_accessible(page):
    """No axe-core violation of impact « serious » or « critical » on the current page."""
    results = _axe.run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in blocking
    )
    assert not blocking, f"Accessibilité ({page.url}) :\n{report}"
