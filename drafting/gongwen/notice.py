"""The 印发通知's text: its title, body, 附件说明 and the template context (``templates/notice.docx``).

Pure: the library, the fields and the attachments' outlines in, the context out.
The body is one paragraph: the 印发目的 and the 贯彻要求 from the library's
``印发通知`` snippets (``snippets/印发通知.yaml``, year-aware like the others) around
the sentence that names the attachments, which only the attachments decide.
"""

from __future__ import annotations

from ..assemble import parameters, render_snippet
from ..model import PLAN, PREAMBLE, Occasion, Outline
from ..numerals import date_cn
from ..yearfacts import year_facts
from .fields import NoticeFields

__all__ = ["CATEGORY", "attachment_labels", "attachment_notes", "body_paragraphs", "notice_context",
           "notice_title", "seal_indents", "text_width"]

#: the library category of the notice's snippets, and the tags of its two parts
CATEGORY = "印发通知"
_PURPOSE, _REQUEST, _REPORT = "印发目的", "贯彻要求", "反馈"


def _books(titles: list[str]) -> str:
    """《A》, 《A》和《B》, 《A》《B》和《C》: the attachments as a notice names them."""
    marked = [f"《{t}》" for t in titles]
    return marked[0] if len(marked) == 1 else "".join(marked[:-1]) + "和" + marked[-1]


def notice_title(titles: list[str]) -> str:
    """关于印发《…》的通知."""
    return f"关于印发{_books(titles)}的通知"


def attachment_notes(titles: list[str]) -> list[str]:
    """The 附件说明 lines (GB/T 9704 7.3.4): 附件：名称, or 附件：1．A then 2．B …; no punctuation after a name."""
    if len(titles) == 1:
        return [f"附件：{titles[0]}"]
    return [f"{'附件：' if i == 1 else ''}{i}．{t}" for i, t in enumerate(titles, 1)]


def attachment_labels(count: int) -> list[str]:
    """The label at the top left of each attachment page: 附件, or 附件1, 附件2 … (GB/T 9704 8)."""
    return ["附件"] if count == 1 else [f"附件{i}" for i in range(1, count + 1)]


def body_paragraphs(lib, occasion: Occasion, titles: list[str]) -> list[str]:
    """The notice's body: the year's 印发目的, the sentence naming the attachments, the 贯彻要求; the 反馈 after.

    The short 反馈 paragraph is the one kept with the 署名, so the first page keeps its body text.
    """
    params = parameters(year_facts(lib.calendar, occasion.year), occasion, "")

    def part(tag: str) -> str:
        for snippet in lib.select(PREAMBLE, PLAN, occasion.year, CATEGORY):
            if tag in snippet.tags:
                return "".join(render_snippet(snippet, params))
        return ""

    purpose = part(_PURPOSE)
    request = part(_REQUEST) or "请结合实际认真贯彻落实。"
    report = part(_REPORT)
    return [f"{purpose}现将{_books(titles)}印发给你们，{request}", *([report] if report else [])]


def text_width(text: str) -> float:
    """Width in characters of the body's size: a Latin letter or digit is half a character."""
    return sum(0.5 if ch.isascii() else 1 for ch in text)


def seal_indents(signature: str, date: str, date_right: float) -> tuple[float, float]:
    """Right indents (characters) of the 署名 and the 成文日期: the 署名 centred over the date (GB/T 9704 7.3.5.2).

    The date stands ``date_right`` characters from the right (右空四字) unless the 署名 is
    too long to be centred over it there; then both move left together.
    """
    center = date_right + text_width(date) / 2
    sign_right = center - text_width(signature) / 2
    if sign_right < 0:
        return 0.0, date_right - sign_right
    return sign_right, date_right


def _title(text: str, keep: tuple[str, ...], terms: tuple[str, ...]) -> str:
    """The notice's title broken into lines (GB/T 9704 7.3.1), joined by "\\n": docxtpl's line breaks."""
    from .titles import STANDARD_WIDTH, break_title

    return "\n".join(break_title(text, STANDARD_WIDTH, keep=keep, terms=terms))


def notice_context(fields: NoticeFields, attachments: list[Outline], lib, occasion: Occasion,
                   attachment_context) -> dict:
    """The context of ``templates/notice.docx``: ``notice`` and ``attachments``.

    ``attachment_context(outline)`` is the plan template's context of one attachment
    (``drafting.render.context_for``), so each attachment reads as ``draft plan`` writes it.
    """
    titles = [a.title or "工作要点" for a in attachments]
    date = date_cn(fields.date)
    atts = []
    for outline, label in zip(attachments, attachment_labels(len(attachments))):
        context = dict(attachment_context(outline))
        context["label"] = label
        atts.append(context)
    return {
        "notice": {
            "letterhead": fields.letterhead or "",
            "preprinted": fields.letterhead is None,
            "doc_number": str(fields.doc_number),
            "signer": fields.signer or "",
            "title": _title(notice_title(titles), tuple(n for n in (occasion.org, fields.signature) if n),
                            tuple(getattr(lib, "terms", ()))),
            "recipients": fields.recipients,
            "paragraphs": body_paragraphs(lib, occasion, titles),
            "attachnotes": attachment_notes(titles),
            "signature": fields.signature,
            "date": date,
            "cc": fields.cc or "",
            "issuer": fields.issuer,
            "issued": date,
        },
        "attachments": atts,
    }
