"""``draft serve``: the workbench in the browser. The web stack is imported here only."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer


def serve_cmd(
    port: int = typer.Option(8765, "--port", min=0, max=65535, help="端口号（只有本机能访问）"),
    folder: Optional[Path] = typer.Option(None, "--folder", help="工作目录：上传的文件和生成的文稿放在这里，"
                                          "默认是“文档”中的 draft工作目录"),
    no_browser: bool = typer.Option(False, "--no-browser", help="不自动打开浏览器"),
) -> None:
    """在浏览器中使用起草工具（起草、更新、检查、素材库、批量起草），按 Ctrl+C 停止。"""
    from ..web.server import serve

    serve(folder, port, browser=not no_browser)
