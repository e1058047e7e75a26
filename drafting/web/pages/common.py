"""What the pages share: reading a form into a job's arguments, errors, links to results."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from flask import render_template, request, url_for

from ...errors import DraftError, InputError
from ..context import bench
from ..errors import Problem, problem
from ..folder import Upload

#: The documents a page accepts for reading (the reader tells their content apart).
DOCUMENT_SUFFIXES = (".docx", ".txt")


def upload(field: str, *, suffixes: Iterable[str] = DOCUMENT_SUFFIXES, what: str = "文稿") -> Upload:
    """The file sent in ``field``, saved under the work folder; refused when missing or of the wrong kind.

    What the content really is (a PDF renamed .docx) is for the job's reader to
    say, in the CLI's words.
    """
    sent = request.files.get(field)
    if sent is None or not sent.filename:
        raise InputError(f"请选择要上传的{what}")
    suffixes = tuple(suffixes)
    name = sent.filename
    if not name.lower().endswith(suffixes):
        raise InputError(f"只能上传 {'、'.join(suffixes)} 文件", path=name,
                         hint="旧版 .doc、.wps 文件请先在 Word/WPS 中另存为 .docx")
    data = sent.read()
    if not data:
        raise InputError("文件是空的", path=name)
    return bench().remember(bench().work.save(data, name))


def discard(saved: Upload | None, exc: DraftError) -> None:
    """Remove an upload the job refused to read: nothing of a failed request is kept."""
    if saved is not None and exc.path is not None and Path(exc.path) == saved.path:
        saved.path.unlink(missing_ok=True)


def shown(exc: DraftError) -> Problem:
    """``exc`` as the page shows it (uploads under the user's names)."""
    b = bench()
    return problem(exc, b.names, b.work.root)


def year(field: str, *, required: bool = False, what: str = "年份") -> int | None:
    """A year typed into ``field``: None when left empty (unless ``required``)."""
    text = (request.form.get(field) or "").strip()
    if not text:
        if required:
            raise InputError(f"请填写{what}")
        return None
    if not text.isdigit() or not 1949 <= int(text) <= 2100:
        raise InputError(f"{what}“{text}”不是有效的年份", hint="请写四位数字，如 2026")
    return int(text)


def text(field: str) -> str | None:
    """A text field, trimmed; None when left empty."""
    return (request.form.get(field) or "").strip() or None


def link(path: Path) -> str:
    """The address the browser downloads ``path`` from."""
    return url_for("files.download", token=bench().work.token(path))


def unit_libraries() -> tuple[Path, ...]:
    """The unit's library folders for the jobs of a page, beyond those draft.yaml names.

    The work folder's ``素材库`` (where the review queue lives) counts as the unit's
    library when draft.yaml names none.
    """
    from ...jobs import settings

    if settings().libraries:
        return ()
    folder = bench().work.root / "素材库"
    return (folder,) if folder.is_dir() else ()


def page(template: str, status: int = 200, **values):
    """A page rendered with ``values``; the status the browser gets."""
    return render_template(template, **values), status
