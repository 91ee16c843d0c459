"""The explorer against slow clients, on a real server on 127.0.0.1 and raw sockets that trickle bytes:
headers and bodies that never finish are cut at their time-outs with 408, and meanwhile, even with more
trickling connections than the server has files, a normal request is answered at once."""
import resource
import socket
import time

import httpx
import pytest

from dateline import Options, extract
from dateline.corpus import Store
from tests.conftest import DEV
from tests.explorer_support import ExplorerServer

HEADER_S, BODY_S, SEND_S = 2, 3, 2
SETTINGS = ("--setting", f"header_timeout_s={HEADER_S}", "--setting", f"body_timeout_s={BODY_S}",
            "--setting", f"send_timeout_s={SEND_S}")
SERVER_FILES = 256  # the server's open-file limit in the crowd test: room for 128 connections


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    db = tmp_path_factory.mktemp("slow") / "corpus.db"
    with Store(db) as store:
        store.add_many([extract(p, Options(nlp="off")) for p in sorted((DEV / "fundus" / "text").iterdir())[:3]])
    return db


@pytest.fixture(scope="module")
def server(corpus):
    with ExplorerServer(corpus, *SETTINGS) as s:
        yield s


def trickle(port: int, opening: bytes, drip: bytes, limit_s: float) -> tuple[float, bytes]:
    """Send `opening`, then `drip` every 0.25 s until the server answers or closes: (seconds, answer)."""
    with socket.create_connection(("127.0.0.1", port)) as sock:
        start = time.monotonic()
        sock.sendall(opening)
        sock.settimeout(0.25)
        while time.monotonic() - start < limit_s:
            try:
                answer = sock.recv(4096)
                return time.monotonic() - start, answer
            except TimeoutError:
                try:
                    sock.sendall(drip)
                except OSError:  # closed under us
                    return time.monotonic() - start, b""
        return time.monotonic() - start, b"(still open)"


def served_at_once(url: str) -> float:
    start = time.monotonic()
    assert httpx.get(f"{url}/search.json", params={"q": "the"}, timeout=10).status_code == 200
    return time.monotonic() - start


def test_headers_trickled_get_408_at_the_header_time_out(server):
    took, answer = trickle(server.port, b"GET /search?q=the HTTP/1.1\r\nHost: 127.0.0.1\r\n", b"X-a: b\r\n", 20)
    assert answer.startswith(b"HTTP/1.1 408"), answer
    assert HEADER_S - 0.5 < took < HEADER_S + 3


def test_a_connection_that_sends_nothing_is_closed_at_the_header_time_out(server):
    took, answer = trickle(server.port, b"", b"", 20)
    assert answer.startswith(b"HTTP/1.1 408") and took < HEADER_S + 3


def test_a_body_trickled_to_extract_gets_408_at_the_body_time_out(server):
    head = (b"POST /api/extract HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
            b"Content-Length: 100000\r\n\r\nHeadline\n\n")
    took, answer = trickle(server.port, head, b"x", 30)
    assert answer.startswith(b"HTTP/1.1 408"), answer
    assert BODY_S - 0.5 < took < BODY_S + 3
    assert served_at_once(server.url) < 2  # the server is still there for others


def test_the_time_out_runs_from_the_end_of_the_previous_answer(server):
    """A kept-alive connection that starts its next request and never finishes it is cut too."""
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(b"GET /openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        sock.settimeout(5)
        first = sock.recv(65536)
        assert first.startswith(b"HTTP/1.1 200")
        while b"}" not in first[-4:]:  # the rest of the JSON
            first += sock.recv(65536)
        start = time.monotonic()
        sock.sendall(b"GET /")
        sock.settimeout(HEADER_S + 3)
        assert sock.recv(4096).startswith(b"HTTP/1.1 408")
        assert time.monotonic() - start < HEADER_S + 3


def test_a_client_that_does_not_read_its_answers_is_cut_at_the_send_time_out(server):
    """300 requests in one write (HTTP pipelining), the answers never read: the server's send buffer
    fills, and past send_timeout_s the connection is cut instead of holding its answers for ever."""
    one = len(httpx.get(f"{server.url}/openapi.json").content)
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.connect(("127.0.0.1", server.port))
        sock.sendall(b"GET /openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" * 300)
        time.sleep(SEND_S + 3)
        got, sock_ended = 0, False
        sock.settimeout(2)
        try:
            while chunk := sock.recv(65536):
                got += len(chunk)
            sock_ended = True
        except ConnectionResetError:
            sock_ended = True
        except TimeoutError:
            pass
    assert sock_ended and got < 300 * one
    assert served_at_once(server.url) < 2


def test_more_trickling_connections_than_files_do_not_keep_a_normal_request_waiting(corpus):
    crowd = 2 * SERVER_FILES
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < crowd + 100:
        if hard != resource.RLIM_INFINITY and hard < crowd + 100:
            pytest.skip(f"needs {crowd + 100} open files in this process; the hard limit is {hard}")
        resource.setrlimit(resource.RLIMIT_NOFILE, (crowd + 100, hard))

    def few_files():
        resource.setrlimit(resource.RLIMIT_NOFILE, (SERVER_FILES, SERVER_FILES))

    with ExplorerServer(corpus, "--setting", "header_timeout_s=60", preexec_fn=few_files) as server:
        socks = []
        try:
            for _ in range(crowd):
                s = socket.create_connection(("127.0.0.1", server.port))
                s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and never the rest
                socks.append(s)
            time.sleep(0.5)
            # with a header time-out of 60 s only the connection cap makes room: at once, not in a minute
            assert max(served_at_once(server.url) for _ in range(5)) < 2
        finally:
            for s in socks:
                s.close()
