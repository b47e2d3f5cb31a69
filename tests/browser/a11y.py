"""Automated accessibility checks (axe-core, shipped by axe-playwright-python)."""

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()
BLOCKING_IMPACTS = {"serious", "critical"}


def assert_accessible(page, *, tolerated=()):
    """No axe-core violation of impact « serious » or « critical » on the current page.

    ``tolerated``: rule ids left out, for a page whose fix is known and under way
    elsewhere (say which, where it is called)."""
    results = _axe.run(page)
    blocking = [
        v
        for v in results.response["violations"]
        if v["impact"] in BLOCKING_IMPACTS and v["id"] not in tolerated
    ]
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in blocking
    )
    assert not blocking, f"Accessibilité ({page.url}) :\n{report}"
