"""Fixtures of the workbench tests: a real ``draft serve`` process and a real headless Chromium.

The server is the command a user starts (``python -m drafting serve``), on a free
port and a work folder of the test's own; the browser is Debian's chromium driven
through selenium and chromium-driver. Where they are missing the browser tests
are skipped, unless DRAFT_REQUIRE_BROWSER=1 (CI), where they fail.
Screenshots go to the test run's temp folder (``screenshots/``): look at them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"


class Server:
    """A running ``draft serve``: its address, work folder and output so far."""

    def __init__(self, folder: Path, env: dict[str, str] | None = None, cwd: Path | None = None) -> None:
        self.folder = folder
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "drafting", "serve", "--port", "0", "--folder", str(folder), "--no-browser"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
            cwd=cwd or folder.parent, env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        )
        first = self.proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", first)
        if not m:
            rest = self.proc.stdout.read() if self.proc.poll() is not None else ""
            self.stop()
            raise AssertionError(f"draft serve did not start: {first}{rest}")
        self.port = int(m[1])
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self) -> str:
        """Stop the server; what it printed."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        return self.proc.stdout.read() if self.proc.stdout else ""

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None


@pytest.fixture
def server(tmp_path):
    """A fresh ``draft serve`` with its own empty work folder."""
    s = Server(tmp_path / "工作目录")
    yield s
    s.stop()


def _chromium() -> tuple[str, str] | None:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (exe, driver) if exe and driver else None


class Browser:
    """A headless Chromium through selenium, with a download folder and screenshots."""

    def __init__(self, driver, downloads: Path, shots: Path) -> None:
        self.driver = driver
        self.downloads = downloads
        self.shots = shots

    def open(self, url: str):
        self.driver.get(url)
        return self.driver

    def find(self, css: str):
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css: str):
        from selenium.webdriver.common.by import By

        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def wait_for(self, css: str, timeout: float = 60):
        """The element matching ``css`` once it is there (pages that work in the background)."""
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as ec
        from selenium.webdriver.support.ui import WebDriverWait

        return WebDriverWait(self.driver, timeout).until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))

    def follow(self, css: str, timeout: float = 60) -> None:
        """Click ``css`` (a link or a submit) and wait until the page it was on has been replaced."""
        from selenium.webdriver.support import expected_conditions as ec
        from selenium.webdriver.support.ui import WebDriverWait

        page = self.find("html")
        self.find(css).click()
        WebDriverWait(self.driver, timeout).until(ec.staleness_of(page))

    def upload(self, css: str, path: Path) -> None:
        self.find(css).send_keys(str(path))

    def screenshot(self, name: str) -> Path:
        """Save the page (its whole height) as ``screenshots/<name>.png``."""
        path = self.shots / f"{name}.png"
        height = self.driver.execute_script("return document.documentElement.scrollHeight")
        self.driver.set_window_size(1280, max(800, min(int(height) + 40, 6000)))
        self.driver.save_screenshot(str(path))
        self.driver.set_window_size(1280, 900)
        return path

    def download(self, link_css: str, suffix: str = ".docx", timeout: float = 60) -> Path:
        """Click the link ``link_css`` and wait for the file it downloads."""
        before = set(self.downloads.iterdir())
        self.find(link_css).click()
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            new = [p for p in set(self.downloads.iterdir()) - before
                   if p.suffix == suffix and not p.name.endswith(".crdownload")]
            if new:
                time.sleep(0.2)
                return new[0]
            time.sleep(0.1)
        raise AssertionError(f"nothing was downloaded by {link_css}")


@pytest.fixture(scope="session")
def _driver(tmp_path_factory):
    found = _chromium()
    if found is None:
        if os.environ.get("DRAFT_REQUIRE_BROWSER") == "1":
            pytest.fail("DRAFT_REQUIRE_BROWSER=1 but chromium or chromedriver is not installed")
        pytest.skip("chromium and chromedriver are not installed")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        if os.environ.get("DRAFT_REQUIRE_BROWSER") == "1":
            pytest.fail("DRAFT_REQUIRE_BROWSER=1 but selenium is not installed")
        pytest.skip("selenium is not installed")
    exe, driver_exe = found
    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = exe
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1280,900",
                 "--lang=zh-CN", f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads), "download.prompt_for_download": False,
        "safebrowsing.enabled": False, "intl.accept_languages": "zh-CN"})
    d = webdriver.Chrome(service=Service(driver_exe), options=options)
    d.set_page_load_timeout(120)
    yield d, downloads
    d.quit()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory) -> Path:
    """Where the browser tests leave their screenshots."""
    folder = tmp_path_factory.getbasetemp() / "screenshots"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture
def browser(_driver, screenshots) -> Browser:
    """The shared headless Chromium, on a blank page."""
    d, downloads = _driver
    d.delete_all_cookies()
    return Browser(d, downloads, screenshots)


@pytest.fixture
def seed():
    """A seed document by number (000–004), read from ../shared/seeds."""
    def pick(n: int) -> Path:
        found = sorted(SEEDS.glob(f"{n:03d}_*"))
        if not found:
            pytest.skip(f"seed {n:03d} not found in {SEEDS}")
        return found[0]
    return pick


@pytest.fixture
def server_with(tmp_path):
    """A factory: ``draft serve`` on a work folder that ``prepare(folder)`` fills before the server starts."""
    started: list[Server] = []

    def start(prepare) -> Server:
        folder = tmp_path / "工作目录"
        folder.mkdir(exist_ok=True)
        prepare(folder)
        s = Server(folder)
        started.append(s)
        return s

    yield start
    for s in started:
        s.stop()


@pytest.fixture
def make_server():
    """Start more ``draft serve`` processes (a folder, an environment of their own); stopped afterwards."""
    started: list[Server] = []

    def start(folder: Path, env: dict[str, str] | None = None) -> Server:
        started.append(Server(folder, env))
        return started[-1]

    yield start
    for s in started:
        s.stop()
