"""drafting's wheel re-packed from the installed copy, for a builder run without the source.

An IT person may have drafting installed from a wheel (from PyPI or an
earlier bundle) and no checkout. The installed files, as the distribution's
RECORD lists them, are the wheel that was installed: packed again with their
metadata, less what the installer added (RECORD itself, INSTALLER, REQUESTED,
direct_url.json, compiled .pyc files and the console scripts, which pip makes
anew from entry_points.txt on the target).
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import zipfile
from pathlib import Path

_INSTALLER_FILES = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}


class NotRepackable(Exception):
    """The installed copy cannot become a wheel (an editable install, files missing)."""


def _digest(data: bytes) -> str:
    """The RECORD hash of ``data``: sha256, urlsafe base64 without padding."""
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")


def runs_from(dist: importlib.metadata.Distribution, module_file: str | Path) -> bool:
    """Whether ``module_file`` (a package's ``__init__.py``) is one of the files ``dist`` installed."""
    target = Path(module_file).resolve()
    return any(Path(str(f.locate())).resolve() == target for f in dist.files or ()
               if f.name == target.name)


def repack(dist: importlib.metadata.Distribution, into: Path) -> Path:
    """Write the wheel of the installed distribution ``dist`` into ``into``; its path."""
    name = dist.metadata["Name"]
    version = dist.version
    files = [f for f in dist.files or ()
             if ".." not in f.parts and f.suffix != ".pyc" and "__pycache__" not in f.parts
             and not (f.parts[0].endswith(".dist-info") and f.name in _INSTALLER_FILES)]
    info = next((f.parts[0] for f in files if f.parts[0].endswith(".dist-info")), None)
    # An editable install records only a .pth file (and a finder module) outside its dist-info.
    program = [f for f in files if f.parts[0] != info and f.suffix != ".pth" and not f.name.startswith("__editable__")]
    if info is None or not program:
        raise NotRepackable(f"{name} 的安装记录中没有程序文件（可能是可编辑安装）")
    wheel_meta = dist.read_text("WHEEL") or ""
    if "root-is-purelib: true" not in wheel_meta.lower():
        raise NotRepackable(f"{name} 的安装记录不是纯 Python 安装包")
    tags = [line.split(":", 1)[1].strip() for line in wheel_meta.splitlines() if line.lower().startswith("tag:")]
    wheel_tag = tags[0] if len(tags) == 1 else "py3-none-any"
    path = into / f"{name.replace('-', '_')}-{version}-{wheel_tag}.whl"
    records = []
    try:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for f in sorted(files, key=lambda f: (f.parts[0] == info, str(f))):  # metadata last, as wheels do
                data = Path(str(f.locate())).read_bytes()
                arcname = "/".join(f.parts)
                archive.writestr(arcname, data)
                records.append(f"{arcname},{_digest(data)},{len(data)}")
            records.append(f"{info}/RECORD,,")
            archive.writestr(f"{info}/RECORD", "\n".join(records) + "\n")
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise NotRepackable(f"无法读取已安装的文件：{exc}") from exc
    return path
