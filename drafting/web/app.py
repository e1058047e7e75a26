"""The Flask application of ``draft serve``: its guard, its error pages, its pages."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from ..errors import DraftError
from ..jobs import working_in
from . import security
from .context import Workbench, bench
from .errors import INTERNAL, Problem
from .folder import WorkFolder

#: The largest upload accepted, by default (a long document with pictures is a few MB).
MAX_UPLOAD = 20 * 1024 * 1024

#: The pages, in the order the menu shows them: (endpoint, name).
MENU = (
    ("draft.form", "起草"),
    ("renew.form", "更新去年文稿"),
    ("check.form", "检查"),
    ("library.browse", "素材库"),
    ("batch.form", "批量起草"),
)

_HTTP_TEXT = {
    400: "请求的内容不完整或格式不对，请回到页面重新提交。",
    403: "请求被拒绝。",
    404: "没有这个页面或文件（下载链接只在起草工具本次运行期间有效）。",
    405: "不能这样打开这个地址，请从页面上的按钮进入。",
}

log = logging.getLogger("drafting.web")


def create_app(work: WorkFolder, port: int, *, token: str | None = None, max_upload: int = MAX_UPLOAD) -> Flask:
    """The workbench for ``work``, answering as ``127.0.0.1:port`` and ``localhost:port``."""
    from .pages import batch, check, draft, files, library, queue, renew

    app = Flask("drafting.web", root_path=str(Path(__file__).parent))
    app.config.update(MAX_CONTENT_LENGTH=max_upload, MAX_FORM_MEMORY_SIZE=max_upload, TEMPLATES_AUTO_RELOAD=False,
                      JSON_AS_ASCII=False)
    app.extensions["drafting"] = Workbench(work, token or security.new_token(), security.allowed_hosts(port))
    app.jinja_env.globals.update(menu=MENU, max_upload_mb=max_upload // (1024 * 1024))
    for module in (draft, renew, check, library, queue, batch, files):
        app.register_blueprint(module.bp)

    app.before_request(_guard)
    app.after_request(_signed)
    app.context_processor(lambda: {"csrf_token": bench().token, "work_root": str(bench().work.root)})
    app.register_error_handler(DraftError, _draft_error)
    app.register_error_handler(RequestEntityTooLarge, _too_large)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _internal)
    app.add_url_rule("/", "home", lambda: redirect(url_for("draft.form")))

    inner = app.wsgi_app

    def in_work_folder(environ, start_response):
        # the jobs read draft.yaml from the work folder, as the CLI reads it from the current one
        with working_in(work.root):
            return inner(environ, start_response)

    app.wsgi_app = in_work_folder
    return app


def _refused(reason: str):
    log.warning("拒绝请求 %s %s：%s", request.method, request.path, reason)
    return render_template("error.html", problem=Problem("", f"请求被拒绝：{reason}"), title="请求被拒绝"), 403


def _guard():
    """Refuse what does not come from this server's own pages."""
    b = bench()
    if not security.host_ok(request.host, b.hosts):
        return _refused("地址不是本机起草工具的地址")
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    origin = request.headers.get("Origin") or request.headers.get("Referer")
    if not security.origin_ok(origin, b.hosts):
        return _refused("请求来自其他网站")
    sent = request.headers.get(security.TOKEN_HEADER) or request.form.get(security.TOKEN_FIELD)
    if not security.token_ok(sent, b.token):
        return _refused("页面已过期或不是从起草工具打开的，请刷新页面后重试")
    return None


def _signed(response):
    """Mark every answer as the workbench's (a second ``draft serve`` on the port looks for it)."""
    response.headers[security.SIGNATURE[0]] = security.SIGNATURE[1]
    return response


def _draft_error(exc: DraftError):
    from .pages.common import shown

    return render_template("error.html", problem=shown(exc), title="出错了"), 400


def _too_large(exc: RequestEntityTooLarge):
    limit = (request.max_content_length or MAX_UPLOAD) // (1024 * 1024)
    problem = Problem("", f"上传的文件太大（超过 {limit} MB），不像是一份文稿。",
                      "请确认选对了文件；图片很多的文档可以先删去图片再上传。")
    return render_template("error.html", problem=problem, title="文件太大"), 413


def _http_error(exc: HTTPException):
    text = _HTTP_TEXT.get(exc.code or 500, "请求无法完成。")
    return render_template("error.html", problem=Problem("", text), title="无法打开"), exc.code or 500


def _internal(exc: Exception):
    log.exception("处理 %s %s 时出错", request.method, request.path)
    return render_template("error.html", problem=INTERNAL, title="内部错误"), 500
