"""Driving the approval pages in Chromium: log in, wait for a page, run axe-core, answer the
confirmation dialogs."""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (1280, 360)


def axe_violations(page) -> list[str]:
    """WCAG 2.1 A/AA violations axe-core finds on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""() => axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
    return [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in result["violations"]]


def new_page(browser, width: int = 1280):
    """A page that records script errors and requests leaving the server (only so that axe-core
    can be injected is the Content-Security-Policy bypassed)."""
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


def log_in(page, server, path: str = "/godkend/", who: str = "godkender"):
    page.goto(f"{server.url}{path}")
    page.fill("#token", server.tokens[who])
    page.click("#login button[type=submit]")
    page.wait_for_selector("#workspace:not([hidden])")


def answer_dialog(page, confirm: bool) -> str:
    """Answers the open confirmation dialog; returns what it said."""
    dialog = page.wait_for_selector("dialog.confirm[open]")
    text = dialog.text_content()
    this = f"dialog[aria-labelledby='{dialog.get_attribute('aria-labelledby')}']"
    page.click(f"{this} button[data-confirm='{'yes' if confirm else 'no'}']")
    page.wait_for_selector(this, state="detached")
    return text
