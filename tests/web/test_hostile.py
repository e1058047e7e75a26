"""Every address of the workbench, sent what a careless or hostile client sends: never a 500, never a traceback.

In-process through Flask's test client (no browser: this is about the server's answers), with the
CSRF token, so each request reaches its page's own code.
"""

from __future__ import annotations

import io
import random
import string

import pytest

from drafting.web.app import create_app
from drafting.web.folder import WorkFolder

PORT = 8765
HOST = f"127.0.0.1:{PORT}"


@pytest.fixture
def client(tmp_path):
    app = create_app(WorkFolder(tmp_path / "工作目录"), PORT, token="t" * 40)
    app.extensions["drafting"].work.prepare()
    return app.test_client()


def _rules(client):
    return [(sorted(r.methods - {"HEAD", "OPTIONS"}), r.rule) for r in client.application.url_map.iter_rules()]


_VALUES = ["", " ", "0", "-1", "2026", "99999999999999999999", "二〇二六", "\x00", "\ud800".encode("utf-8", "surrogatepass")
           .decode("utf-8", "replace"), "../../etc/passwd", "{{ 7*7 }}", "{% for x in y %}", "<script>alert(1)</script>",
           "a" * 5000, "工委会议", "plan", "speech", "党支部工作要点", "zj-item-three-meetings", "思想建设", "1,2,3"]
_FIELDS = ["year", "from_year", "org", "org_short", "superior", "speaker", "genre", "profile", "meeting", "date",
           "include", "heading", "items", "order", "q", "category", "file", "entry", "id", "body", "lead", "tags",
           "since", "until", "note", "list", "annotate", "fix", "author", "save", "section", "task"]


def _path(rule: str, rnd: random.Random) -> str:
    return rule.replace("<path:filename>", "../" + rnd.choice(_VALUES)[:50]).replace(
        "<token>", rnd.choice(["x", "..", "%2e%2e%2f", "a" * 200])).replace(
        "<snippet_id>", rnd.choice(["zj-item-three-meetings", "不存在", "%00", "a" * 300])).replace(
        "<task_id>", rnd.choice(["x", "../..", "1" * 100]))


@pytest.mark.parametrize("seed", range(3))
def test_random_forms_to_every_address_get_an_answer_in_chinese(client, seed):
    rnd = random.Random(seed)
    for methods, rule in _rules(client):
        for method in methods:
            for _ in range(8):
                fields = {rnd.choice(_FIELDS): rnd.choice(_VALUES) for _ in range(rnd.randint(0, 8))}
                path = _path(rule, rnd)
                if method == "GET":
                    resp = client.get(path, query_string=fields, headers={"Host": HOST})
                else:
                    data = {**fields, "csrf_token": "t" * 40}
                    if rnd.random() < 0.5:
                        name = rnd.choice(["去年.docx", "x.txt", "单位.yaml", "a.pdf", "../../x.docx", ""])
                        body = rnd.choice([b"", b"PK\x03\x04broken", b"%PDF-1.4", "二〇二六年工作要点\n一、政治建设\n".encode(),
                                           bytes(rnd.randrange(256) for _ in range(200))])
                        data[rnd.choice(["document", "orgs", "file"])] = (io.BytesIO(body), name)
                    resp = client.post(path, data=data, headers={"Host": HOST, "Origin": f"http://{HOST}"},
                                       content_type="multipart/form-data")
                text = resp.get_data(as_text=True)
                assert resp.status_code != 500, (method, path, fields, text[:2000])
                assert "Traceback" not in text and 'File "' not in text, (method, path)
                if resp.status_code >= 400 and resp.mimetype == "text/html":
                    assert any("\u4e00" <= ch <= "\u9fff" for ch in text), (method, path)


def test_template_text_in_a_field_is_never_rendered(client):
    resp = client.get("/library/search", query_string={"q": "{{ 7*7 }}"}, headers={"Host": HOST})
    assert resp.status_code in (200, 400)
    assert "{{ 7*7 }}" in resp.get_data(as_text=True)  # shown as typed, not evaluated


def test_markup_in_a_field_is_escaped(client):
    resp = client.get("/library/search", query_string={"q": "<script>alert(1)</script>"}, headers={"Host": HOST})
    assert "<script>alert(1)</script>" not in resp.get_data(as_text=True)
