"""Shared pieces for browser tests: a live server on a free port, Debian's Chromium, axe-core."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from werkzeug.serving import make_server

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class LiveServer:
    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join()


def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.1 A and AA rules) on the page; return the violations."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    return page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations",
        WCAG_AA)


def beschrijf(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} -> "
                     f"{[n['target'] for n in v['nodes']][:3]}" for v in violations)


def tab_naar(page, selector: str, maximaal: int = 150) -> None:
    """Press Tab until the element is focused: proves it is reachable by keyboard."""
    for _ in range(maximaal):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} is niet met Tab te bereiken")
