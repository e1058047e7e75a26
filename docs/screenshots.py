"""Rebuild the README's screenshots of the workbench: python docs/screenshots.py

Starts ``draft serve`` on a temporary work folder, drives Debian's headless
Chromium (selenium with chromium-driver) through the 起草 and 更新去年文稿 pages
with the tool's own output only (a 2025 plan drafted from the bundled library is
the "last year's document"), and writes ``docs/起草.png`` and ``docs/更新去年文稿.png``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def main() -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        work = tmp / "工作目录"
        last_year = tmp / "2025年市审计局党的建设工作要点.docx"
        subprocess.run([sys.executable, "-m", "drafting", "plan", "--year", "2025", "--org", "市审计局",
                        "--date", "2024-12-20", "-o", str(last_year)], check=True, env=ENV, capture_output=True)
        server = subprocess.Popen([sys.executable, "-m", "drafting", "serve", "--port", "0", "--folder", str(work),
                                   "--no-browser"], stdout=subprocess.PIPE, text=True, env=ENV)
        url = re.search(r"http://127\.0\.0\.1:\d+", server.stdout.readline())[0]
        options = webdriver.ChromeOptions()
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--no-first-run", "--disable-background-networking", "--disable-component-update",
                     "--hide-scrollbars", f"--user-data-dir={tmp / 'profile'}"):
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        try:
            driver.set_window_size(1280, 1500)
            driver.get(f"{url}/draft")
            org = driver.find_element(By.CSS_SELECTOR, "#draft-form input[name=org]")
            org.clear()
            org.send_keys("市审计局")
            time.sleep(1)
            driver.save_screenshot(str(ROOT / "docs" / "起草.png"))
            driver.set_window_size(1280, 1000)

            driver.get(f"{url}/renew")
            driver.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(last_year))
            driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
            end = time.monotonic() + 60
            while time.monotonic() < end and not driver.find_elements(By.CSS_SELECTOR, "table"):
                time.sleep(0.2)
            driver.execute_script("document.querySelector('h2').scrollIntoView()")
            time.sleep(0.5)
            driver.save_screenshot(str(ROOT / "docs" / "更新去年文稿.png"))
        finally:
            driver.quit()
            server.terminate()
            server.wait(10)
    print("docs/起草.png, docs/更新去年文稿.png")


if __name__ == "__main__":
    main()
