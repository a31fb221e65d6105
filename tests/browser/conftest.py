"""Browser tests: Debian's chromium driven by Playwright against a real `rxanswers serve` process.

The site runs in a subprocess on its own SQLite file under tmp (after `rxanswers setup --only pharma_rag
graphrag_labels`), so these tests never touch the test database the bundled-data tests share. axe-core comes
from npm into var/axe/ (not committed) the first time; the tests skip with a reason when chromium or npm is
missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from rxanswers.cli.ports import free_port
from tests.conftest import REPO_ROOT

CHROMIUM = os.environ.get("RXANSWERS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_DIR = REPO_ROOT / "var" / "axe"
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
AXE_VERSION = "4.10"
RXANSWERS = str(Path(sys.executable).with_name("rxanswers"))
# How long a page action waits for its condition (a navigation, an element) before failing. The first answer
# of a freshly started test server builds label indexes; on a busy 2-core machine that once took over 20 s (a
# fresh clone's run in session 21), so the bound is generous: the tests still wait on the condition itself.
PAGE_TIMEOUT_MS = 90_000
PASSWORD = "browser-test-Passw0rd!"
ACCOUNTS = {
    "editor": ["browser-editor", "--role", "editor"],
    "reviewer": ["browser-reviewer", "--name", "Rita Browser", "--credential", "RPh"],
}


@pytest.fixture(scope="session")
def axe_js() -> Path:
    if not AXE_JS.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is not installed: cannot fetch axe-core for the accessibility checks")
        AXE_DIR.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            [
                npm,
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(AXE_DIR),
                f"axe-core@{AXE_VERSION}",
            ],
            capture_output=True,
            text=True,
            timeout=180,
        )
        if result.returncode != 0 or not AXE_JS.exists():
            pytest.skip(f"npm could not install axe-core@{AXE_VERSION}: {result.stderr[-500:]}")
    return AXE_JS


@pytest.fixture(scope="module")  # closed after this module: no Playwright event loop lingers into DB tests
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.skip(
            f"{CHROMIUM} missing: run scripts/ensure-system-packages.sh chromium (apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Site:
    """A running `rxanswers serve` on its own database; ``run`` calls the CLI against the same database."""

    def __init__(self, root: Path):
        self.root = root
        self.db = root / "site.sqlite3"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = dict(
            os.environ,
            RXANSWERS_DATABASE_URL=f"sqlite:///{self.db}",
            RXANSWERS_VAR_DIR=str(root / "var"),
            RXANSWERS_SECRET_KEY="browser-test-secret-key-not-for-production",
            RXANSWERS_REVIEWER_PASSWORD=PASSWORD,
            RXANSWERS_DEBUG="",
        )
        self.process: subprocess.Popen | None = None

    def run(self, *args: str, timeout: int = 120) -> str:
        result = subprocess.run(
            [RXANSWERS, *args], env=self.env, capture_output=True, text=True, timeout=timeout, cwd=self.root
        )
        assert result.returncode == 0, f"rxanswers {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
        return result.stdout

    def start(self) -> None:
        log = open(self.root / "serve.log", "wb")  # noqa: SIM115 - closed by the process owner at exit
        self.process = subprocess.Popen(
            [RXANSWERS, "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=self.root,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/sources/", timeout=2).read()
                return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.2)
        raise RuntimeError(f"rxanswers serve did not start:\n{(self.root / 'serve.log').read_text()[-2000:]}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


@pytest.fixture(scope="session")  # one site per test process, shared by every browser module
def site(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("site"))
    site.run("setup", "--only", "pharma_rag", "graphrag_labels", timeout=300)
    for args in ACCOUNTS.values():
        site.run("createreviewer", *args)
    site.start()
    try:
        yield site
    finally:
        site.stop()


@pytest.fixture
def page(chromium, site):
    # axe-core is injected as an inline script, which the site's Content-Security-Policy rightly blocks: the
    # audited pages bypass CSP; test_tool_journeys.py checks the pages themselves work under it
    context = chromium.new_context(base_url=site.url, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    yield page
    context.close()
