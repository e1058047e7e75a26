"""The 印发通知's fields: from the options, else ``draft.yaml``'s ``notice:``, else the defaults; checked here.

A field the notice cannot do without (发文字号, 主送机关) is asked for by both the
option and the ``draft.yaml`` key that set it; a 发文字号 in a wrong form is refused
with the right one. Pure: the caller passes the settings and today's date.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import InputError
from .docnumber import DocNumber, parse_doc_number, suggest_doc_number

if TYPE_CHECKING:
    from ..yamlfile import Node

__all__ = ["PREPRINTED", "NoticeFields", "NoticeOptions", "check_doc_number", "resolve_fields"]

#: ``--letterhead preprinted``: paper with the red 版头 printed on it; the 标志 and the rule are left out.
PREPRINTED = "preprinted"
_DOC_NUMBER_RULE = "GB/T 9704：年份用六角括号〔〕，顺序号不编虚位（不写 03）、不加“第”字，例如 〔2026〕3号 或 某发改党〔2026〕3号"


@dataclass(frozen=True)
class NoticeOptions:
    """What the command line gave for the notice (None: not given)."""

    doc_number: str | None = None
    recipients: str | None = None
    signer: str | None = None
    cc: str | None = None
    issuer: str | None = None
    letterhead: str | None = None
    signature: str | None = None


@dataclass(frozen=True)
class NoticeFields:
    """The notice's fields, complete and checked."""

    doc_number: DocNumber
    recipients: str
    signature: str  # 发文机关署名
    date: _dt.date  # 成文日期, also the 印发日期
    issuer: str  # 印发机关
    letterhead: str | None  # 发文机关标志; None on preprinted paper
    signer: str | None = None  # 签发人 (上行文)
    cc: str | None = None  # 抄送机关


def check_doc_number(text: str, what: str, *, node: Node | None = None) -> DocNumber:
    """The 发文字号 ``text`` (given as ``what``), or a refusal showing the right form."""
    number = parse_doc_number(text)
    if number is not None:
        return number
    right = suggest_doc_number(text)
    message = (f"{what} 的发文字号“{text}”写法不对，应写作“{right}”" if right
               else f"{what} 的发文字号“{text}”不是 GB/T 9704 的写法")
    if node is not None:
        raise node.fail(message, hint=_DOC_NUMBER_RULE)
    raise InputError(message, hint=_DOC_NUMBER_RULE)


def _missing(what: str, option: str, key: str, example: str) -> InputError:
    return InputError(f"印发通知缺少{what}",
                      hint=f"请用 {option} 写明（如 {option} {example}），"
                           f"或在 draft.yaml 的 notice: 下写 {key}: {example}")


def resolve_fields(options: NoticeOptions, config: dict[str, str], *, org: str, date: _dt.date) -> NoticeFields:
    """The notice's fields: ``options`` first, then draft.yaml's ``notice:`` (``config``), then the defaults.

    The defaults: 署名 and 印发机关 the organisation, the 发文机关标志 the 署名 followed by 文件.
    """
    def given(key: str) -> str | None:
        value = getattr(options, key)
        value = value.strip() if value is not None else None
        return value or config.get(key) or None

    number = given("doc_number")
    if number is None:
        raise _missing("发文字号", "--doc-number", "doc_number", "〔2026〕3号")
    doc_number = check_doc_number(number, "--doc-number" if options.doc_number else "draft.yaml 中 notice.doc_number")
    recipients = given("recipients")
    if recipients is None:
        raise _missing("主送机关", "--recipients", "recipients", "各党支部")
    signature = given("signature") or org
    letterhead = given("letterhead") or f"{signature}文件"
    return NoticeFields(
        doc_number=doc_number,
        recipients=recipients.rstrip("：:"),
        signature=signature,
        date=date,
        issuer=given("issuer") or org,
        letterhead=None if letterhead == PREPRINTED else letterhead,
        signer=given("signer"),
        cc=(given("cc") or "").rstrip("。.") or None,
    )
