"""Fixtures shared by the test files: converting .docx to PDF with LibreOffice."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from drafting.preview import PDF_FILTER

_TIMEOUT = 180


class Soffice:
    """LibreOffice and poppler, driven from a test: convert, then read the PDF back."""

    def __init__(self, exe: str, profile: Path, outdir: Path) -> None:
        self.exe = exe
        self.profile = profile
        self.outdir = outdir

    def convert(self, *docs: Path) -> list[Path]:
        """Convert ``docs`` to PDF in one soffice run; the PDFs, in the same order."""
        cmd = [
            self.exe,
            # A profile of its own: a shared one is locked by any other running soffice.
            f"-env:UserInstallation={self.profile.as_uri()}",
            "--headless",
            "--convert-to",
            PDF_FILTER,
            "--outdir",
            str(self.outdir),
            *(str(doc) for doc in docs),
        ]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=_TIMEOUT)
        pdfs = [self.outdir / f"{Path(doc).stem}.pdf" for doc in docs]
        missing = [pdf.name for pdf in pdfs if not pdf.is_file()]
        if result.returncode or missing:
            pytest.fail(
                f"soffice failed (exit {result.returncode}, missing {missing}):\n"
                f"{result.stdout}\n{result.stderr}"
            )
        return pdfs

    def text(self, pdf: Path, page: int | None = None, *, layout: bool = False) -> str:
        """The text of ``pdf`` (one page if given) as pdftotext extracts it."""
        cmd = ["pdftotext"]
        if page is not None:
            cmd += ["-f", str(page), "-l", str(page)]
        if layout:
            cmd.append("-layout")
        return subprocess.run(
            [*cmd, str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout

    def bbox(self, pdf: Path, page: int) -> str:
        """pdftotext's XHTML with a bounding box per line and word, for one page."""
        return subprocess.run(
            ["pdftotext", "-bbox-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    def pages(self, pdf: Path) -> int:
        """The number of pages, from pdfinfo."""
        info = subprocess.run(
            ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True
        ).stdout
        for line in info.splitlines():
            if line.startswith("Pages:"):
                return int(line.split()[1])
        raise AssertionError(f"pdfinfo gave no page count:\n{info}")


@pytest.fixture
def soffice(tmp_path: Path) -> Soffice:
    """LibreOffice for this test; skipped where it is missing, unless DRAFT_REQUIRE_SOFFICE=1."""
    exe = shutil.which("soffice")
    missing = [name for name in ("pdftotext", "pdfinfo") if not shutil.which(name)]
    if exe is None:
        missing.insert(0, "soffice")
    if missing:
        message = f"not installed: {', '.join(missing)}"
        if os.environ.get("DRAFT_REQUIRE_SOFFICE") == "1":
            pytest.fail(f"DRAFT_REQUIRE_SOFFICE=1 but {message}")
        pytest.skip(message)
    outdir = tmp_path / "pdf"
    outdir.mkdir()
    return Soffice(exe, tmp_path / "lo-profile", outdir)


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Keep the library and template caches of a test run out of the user's cache folder."""
    previous = os.environ.get("DRAFT_CACHE_DIR")
    os.environ["DRAFT_CACHE_DIR"] = str(tmp_path_factory.mktemp("draft-cache"))
    yield
    if previous is None:
        os.environ.pop("DRAFT_CACHE_DIR", None)
    else:
        os.environ["DRAFT_CACHE_DIR"] = previous


@pytest.fixture
def locked_dir(tmp_path):
    """A folder no file can be created in (chattr +i as root, read-only mode otherwise)."""
    folder = tmp_path / "locked"
    folder.mkdir()
    locked = False
    if os.geteuid() == 0 and shutil.which("chattr"):
        locked = subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0
    if not locked:
        folder.chmod(0o555)
    probe = folder / "probe"
    try:
        probe.touch()
    except OSError:
        pass
    else:
        probe.unlink()
        pytest.skip("cannot make a folder unwritable here")
    yield folder
    if locked:
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    folder.chmod(0o755)
