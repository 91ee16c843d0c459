"""The explorer against slow clients, on a real server on 127.0.0.1 and raw sockets that trickle bytes:
headers and bodies that never finish are cut at their time-outs with 408, and meanwhile, even with more
trickling connections than the server has files, a normal request is answered.

No bound here is a speed: each time measured is the server's own time-out (it fired, not before it was
due) or a limit far below the time-out that would otherwise free the server, with room for a loaded
machine (SLACK_S)."""
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
SERVER_ROOM = SERVER_FILES - 128  # the connections it holds within that limit (web/app.py)
CROWD_HEADER_S = 60  # the header time-out in the crowd test: nothing else frees the crowd's files before it
SLACK_S = 5.0  # start-up and scheduling on a loaded two-core machine


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


def served(url: str, timeout: float = 10) -> bool:
    return httpx.get(f"{url}/search.json", params={"q": "the"}, timeout=timeout).status_code == 200


def answer_of(sock: socket.socket) -> bytes | None:
    """What the server has sent on a connection (b"" closed), or None when the connection is open and quiet."""
    sock.setblocking(False)
    try:
        return sock.recv(4096)
    except BlockingIOError:
        return None
    except ConnectionResetError:
        return b""


def test_headers_trickled_get_408_at_the_header_time_out(server):
    took, answer = trickle(server.port, b"GET /search?q=the HTTP/1.1\r\nHost: 127.0.0.1\r\n", b"X-a: b\r\n", 20)
    assert answer.startswith(b"HTTP/1.1 408"), answer
    assert HEADER_S - 0.5 < took < HEADER_S + SLACK_S


def test_a_connection_that_sends_nothing_is_closed_at_the_header_time_out(server):
    took, answer = trickle(server.port, b"", b"", 20)
    assert answer.startswith(b"HTTP/1.1 408") and took < HEADER_S + SLACK_S


def test_a_body_trickled_to_extract_gets_408_at_the_body_time_out(server):
    head = (b"POST /api/extract HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
            b"Content-Length: 100000\r\n\r\nHeadline\n\n")
    took, answer = trickle(server.port, head, b"x", 30)
    assert answer.startswith(b"HTTP/1.1 408"), answer
    assert BODY_S - 0.5 < took < BODY_S + SLACK_S
    assert served(server.url)  # the server is still there for others


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
        sock.settimeout(HEADER_S + SLACK_S)
        assert sock.recv(4096).startswith(b"HTTP/1.1 408")
        assert time.monotonic() - start < HEADER_S + SLACK_S


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
    assert served(server.url)


def test_more_trickling_connections_than_files_do_not_keep_a_normal_request_waiting(corpus):
    """Twice as many connections trickling their headers as the server has files, with a header time-out
    of a minute: the server makes room by closing (408) those that have waited longest, so normal requests
    are answered while the newest of the crowd are still held open. Without that, every file is taken and
    a normal request waits in the listen queue until the header time-out frees one."""
    crowd = 2 * SERVER_FILES
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < crowd + 100:
        if hard != resource.RLIM_INFINITY and hard < crowd + 100:
            pytest.skip(f"needs {crowd + 100} open files in this process; the hard limit is {hard}")
        resource.setrlimit(resource.RLIMIT_NOFILE, (crowd + 100, hard))

    def few_files():
        resource.setrlimit(resource.RLIMIT_NOFILE, (SERVER_FILES, SERVER_FILES))

    with ExplorerServer(corpus, "--setting", f"header_timeout_s={CROWD_HEADER_S}", preexec_fn=few_files) as server:
        socks = []
        try:
            for _ in range(crowd):
                s = socket.create_connection(("127.0.0.1", server.port))
                s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and never the rest
                socks.append(s)
            start = time.monotonic()
            for _ in range(5):  # a third of the header time-out each, at most: long before it frees anything
                assert served(server.url, timeout=CROWD_HEADER_S / 3)
            assert time.monotonic() - start < CROWD_HEADER_S - SLACK_S
            answers = [answer_of(s) for s in socks]
        finally:
            for s in socks:
                s.close()
    cut = [a for a in answers if a is not None]
    assert len(cut) >= crowd - SERVER_ROOM  # the server held no more than it has room for
    assert all(a.startswith(b"HTTP/1.1 408") for a in cut if a)
    assert all(a is None for a in answers[-SERVER_ROOM // 2:])  # the newest still held: the time-out has not run
