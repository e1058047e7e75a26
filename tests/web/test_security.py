"""What keeps other sites and bad requests out of the workbench, against a real server."""

from __future__ import annotations

import http.client
import re
import uuid


def _request(server, method, path, *, headers=None, body=b"", host=None):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.putrequest(method, path, skip_host=True)
    conn.putheader("Host", host or f"127.0.0.1:{server.port}")
    for k, v in (headers or {}).items():
        conn.putheader(k, v)
    conn.putheader("Content-Length", str(len(body)))
    conn.endheaders(body)
    resp = conn.getresponse()
    return resp.status, resp.read().decode("utf-8", "replace")


def _token(server) -> str:
    status, page = _request(server, "GET", "/check")
    assert status == 200
    return re.search(r'name="csrf-token" content="([^"]+)"', page)[1]


def _multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]):
    boundary = uuid.uuid4().hex
    parts = []
    for k, v in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
    for k, (name, data) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"; filename="{name}"\r\n'
                     f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def test_a_post_without_the_token_is_refused_in_chinese(server, browser):
    browser.open(f"{server.url}/check")
    # the page's own script, but the token left out: what a forged form amounts to
    status = browser.driver.execute_async_script("""
        const done = arguments[0];
        const body = new FormData(); body.append("year", "2026");
        fetch("/check", {method: "POST", body: body}).then(r => r.text().then(t => done([r.status, t])));
    """)
    assert status[0] == 403 and "请求被拒绝" in status[1]
    status, page = _request(server, "POST", "/check", body=b"")
    assert status == 403 and "页面已过期" in page
    assert server.alive


def test_a_wrong_token_and_a_foreign_origin_are_refused(server):
    token = _token(server)
    wrong = ("y" if token[0] == "x" else "x") + token[1:]  # one character off, never the token itself
    body, headers = _multipart({"csrf_token": wrong}, {})
    assert _request(server, "POST", "/check", body=body, headers=headers)[0] == 403
    body, headers = _multipart({"csrf_token": token}, {})
    status, page = _request(server, "POST", "/check", body=body, headers={**headers, "Origin": "http://evil.example"})
    assert status == 403 and "其他网站" in page
    status, page = _request(server, "POST", "/check", body=body, headers=headers)  # the real thing gets in
    assert status == 400 and "请选择要上传的文稿" in page


def test_a_foreign_host_is_refused_dns_rebinding(server):
    status, page = _request(server, "GET", "/check", host="attacker.example:%d" % server.port)
    assert status == 403 and "不是本机起草工具的地址" in page
    assert _request(server, "GET", "/check", host=f"localhost:{server.port}")[0] == 200


def test_an_upload_over_the_limit_gets_a_chinese_page_and_the_server_goes_on(server):
    token = _token(server)
    body, headers = _multipart({"csrf_token": token}, {"document": ("大.docx", b"PK\x03\x04" + b"0" * (21 * 1024 * 1024))})
    status, page = _request(server, "POST", "/check", body=body, headers=headers)
    assert status == 413 and "上传的文件太大（超过 20 MB）" in page
    assert _request(server, "GET", "/check")[0] == 200


def test_no_path_from_a_request_reaches_the_filesystem(server):
    for path in ("/files/..%2f..%2fetc%2fpasswd", "/files/../../etc/passwd", "/view/%2e%2e", "/static/../app.py",
                 "/files/" + "a" * 300):
        status, page = _request(server, "GET", path)
        assert status in (404, 400), path
        assert "root:" not in page and "Traceback" not in page
    token = _token(server)
    body, headers = _multipart({"csrf_token": token}, {"document": ("../../逃出去.txt", "二〇二六年工作要点\n".encode())})
    status, page = _request(server, "POST", "/check", body=body, headers=headers)
    assert status == 200
    assert [p.name for p in (server.folder / "上传的文件").iterdir()] == ["逃出去.txt"]
    assert not (server.folder.parent / "逃出去.txt").exists()


def test_garbage_requests_never_show_a_traceback_and_the_server_keeps_running(server):
    token = _token(server)
    for body, headers in (
        (b"\xff\xfe garbage", {"Content-Type": "multipart/form-data; boundary=nope"}),
        (b"csrf_token=" + token.encode() + b"&year=abcd", {"Content-Type": "application/x-www-form-urlencoded"}),
    ):
        status, page = _request(server, "POST", "/check", body=body, headers=headers)
        assert status in (400, 403), page
        assert "Traceback" not in page and "File \"" not in page
    assert _request(server, "GET", "/nothing-here")[0] == 404
    assert server.alive
