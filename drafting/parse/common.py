"""What the stages of parsing share: the result type, a line being parsed, head patterns."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from ..model import Finding, Outline
from ..numerals import cn_to_int
from .markers import TEXT, classify


@dataclass(frozen=True)
class Parsed:
    """What parsing a document gives: its outline and what a careful reader would mark."""

    outline: Outline
    findings: tuple[Finding, ...] = ()
    #: the text that belongs to the document proper, as (paragraph index, text):
    #: stripped, advertising and a pasted second copy taken out
    lines: tuple[tuple[int, str], ...] = ()
    #: where ``outline.org`` was read: "title", "opening" (the first sentences of a text without
    #: a title), "signature"; None when no organisation was found
    org_source: str | None = None


@dataclass
class _Line:
    """A non-empty paragraph being parsed: its index in the document and its text."""

    index: int
    text: str
    style: str | None = None



_SALUTATION = re.compile(r"^.{0,16}同志们\s*[：:]$")
_CLOSING = re.compile(r"^同志们\s*[，,！!]")
_SENTENCE_PUNCT = re.compile(r"[。；;：:！？!?]")
_ANY_PUNCT = re.compile(r"[。；;，,：:！？!?]")
_TITLE = re.compile(
    r"(工作要点|要点|工作计划|计划|工作安排|安排|讲话|讲话稿|发言|致辞|意见|方案|总结|报告|通知|通报)"
    r"\s*(?:[（(][^）)]{1,12}[）)])?$"
)
_SPEECH_TITLE = re.compile(r"讲话|发言|致辞|讲稿|党课")
#: A title naming the meeting a speech was given at (在……会上的, even when a site cut it: ……会上的讲).
_MEETING_TITLE = re.compile(r"在[^，。；;]{2,50}?(?<!社)会议?上")
#: A genre label before a title (交流发言：……, 党课讲稿：……): the line is the title, label and all.
_GENRE_LABEL = re.compile(
    r"^(?:交流发言|研讨发言|表态发言|发言材料|发言提纲|发言稿|党课讲稿|讲话稿|讲话材料)\s*[:：]\s*\S"
)
#: A mark a site or a redaction put before a copy of the title (〔*〕, 【XX】).
_COPY_MARK = re.compile(r"^[〔［\[【(（][*＊×XxＸ某○□\s]{1,4}[〕］\]】)）]\s*")
_PLAN_TITLE = re.compile(r"要点|计划|安排|规划|方案")
#: Titles of documents laid out in parts 一、二、 (a notice or a letter is not).
_PARTED_TITLE = re.compile(r"(要点|计划|安排|规划|方案|意见)\s*(?:[（(][^）)]{1,12}[）)])?$")
#: A forwarding notice: its addressee line (……机关党委：) and its one sentence (现将《……》印发给你们).
_ADDRESSEE = re.compile(r"^[^。；;！？!?]{2,60}[：:]$")
_FORWARD = re.compile(r"(?:现将|现把|将)《([^》]{4,60})》.{0,30}?(?:印发|转发|下发|发给|发送)")
_NOTICE_OF = re.compile(r"^关于(?:印发|转发|下发)《[^》]{4,60}》的通知$")
#: A parenthesised line under a speech's title saying when or where the meeting is.
_MEETING_WHEN = re.compile(
    r"^[（(][^）)]*(?:\d{1,2}\s*月\s*\d{1,2}\s*日|[上下]午|晚上|\d{1,2}\s*[点时]|会议室|礼堂|报告厅)[^）)]*[）)]$"
)
#: A speaker's words about the meeting he speaks at: a speech without a title or salutation.
_SPEECH_VOICE = re.compile(
    r"这次会议|本次会议|今天的会议|今天会议|今天[，,]?\s*我们|我们在这里|召开这次|大家好|我讲\S{1,3}意见|"
    r"我再?强调(?:以下|几点|[两三四五六七八九]点)"
)
#: A speech's title run into its first paragraph on one line (a site's page): 在……会议上的讲话今年，……
#: The title starts with 在 (or a year and 在) and what follows is no continuation of a sentence
#: about that speech (……上的讲话中指出, ……上的讲话精神).
_RUN_IN_TITLE = re.compile(
    r"^((?:\d{4}\s*年\s*)?在[^。，,；;：:！？!?]{4,56}?会议?上的(?:讲话|发言|致辞))"
    r"(?![中精指要强深提是的和与、，,。；;])\s*(?=\S)"
)
_SUBTITLE = re.compile(r"^[（(][^）)]{1,30}[）)]$")
#: A 发文字号 standing alone: 某委〔2017〕48号, 某发[2022]3号.
_DOCUMENT_NUMBER = re.compile(r"^[^，,。；;：:\s]{0,12}[〔\[［]\s*\d{4}\s*[〕\]］]\s*\d{1,4}\s*号$")
#: a 签发人 written beside the 发文字号 (上行文): left out when the number is read
_SIGNER = re.compile(r"\s*签\s*发\s*人\s*[:：].*$")
_DOCNO = re.compile(r"^附件|〔\d{4}〕|\[\d{4}\]|号$")
_CN_DATE = r"(\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*" \
           r"(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
_CN_DATE_IN = re.compile(_CN_DATE)
_DATE_LINE = re.compile(rf"^[（(]?\s*{_CN_DATE}\s*[）)]?$")
_SPEAKER_DATE = re.compile(rf"^(.{{1,20}}?)\s*[（(]\s*{_CN_DATE}\s*[）)]$")
_ORG_END = re.compile(
    r"(委员会|党委|党组|党支部|支部|总支|工委|机关|委|局|厅|办|办公室|中心|院|部|会|处|室|所|站|队|"
    r"公司|集团|政府|学校|大学)$"
)

#: Placeholders left for a person to fill in (×, XX, **, 某某, 【待补】 …): the check rules' pattern,
#: shared with check and renew.
from ..rules.placeholders import PLACEHOLDER  # noqa: E402


def _is_title_text(text: str) -> bool:
    return (len(text) <= 60 and bool(_TITLE.search(text) or _GENRE_LABEL.match(text))
            and classify(text)[0] == TEXT and "。" not in text and not _SALUTATION.match(text))


def _parse_date(match: re.Match, offset: int = 1) -> _dt.date | None:
    parts = []
    for raw in match.group(offset, offset + 1, offset + 2):
        value = int(raw) if raw.isdigit() else cn_to_int(raw)
        if value is None:
            return None
        parts.append(value)
    try:
        return _dt.date(*parts)
    except ValueError:
        return None


def _where(index: int) -> str:
    return f"第{index + 1}段"


def _excerpt(text: str, width: int = 30) -> str:
    """The start of ``text``, at most ``width`` characters: an exact substring to anchor on."""
    return text[:width].rstrip()
