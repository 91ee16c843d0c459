"""Slowloris against `dateline serve`: N connections that trickle their headers and never finish,
against a server with an open-file limit of 1,024, and how long a normal request then waits.

    python bench/slow_clients.py CORPUS.db [--connections 1100] [--files 1024] [--src DIR]

`--src` runs another checkout's package (e.g. an older main) for a before/after comparison. Prints the
normal request's time to an answer (or "no answer in 60 s"), and how many trickling connections the
server had closed by the end.
"""
from __future__ import annotations

import argparse
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(db: Path, port: int, files: int, src: Path):
    def limit():
        resource.setrlimit(resource.RLIMIT_NOFILE, (files, files))

    log = tempfile.TemporaryFile()
    proc = subprocess.Popen([sys.executable, "-m", "dateline.cli", "serve", str(db), "--port", str(port)],
                            stdout=log, stderr=log, preexec_fn=limit, env={**os.environ, "PYTHONPATH": str(src)})
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("db", type=Path)
    ap.add_argument("--connections", type=int, default=1100)
    ap.add_argument("--files", type=int, default=1024)
    ap.add_argument("--src", type=Path, default=REPO / "src")
    args = ap.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, args.connections + 200)), hard))
    port = free_port()
    proc = start(args.db, port, args.files, args.src)
    socks = []
    try:
        for _ in range(args.connections):
            try:
                s = socket.create_connection(("127.0.0.1", port), timeout=2)
                s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                socks.append(s)
            except OSError:
                break
        time.sleep(1)
        t0 = time.monotonic()
        try:
            code = httpx.get(f"http://127.0.0.1:{port}/search.json", params={"q": "the"}, timeout=60).status_code
            print(f"{len(socks)} trickling connections: a normal request answered {code} in "
                  f"{time.monotonic() - t0:.2f} s")
        except httpx.TransportError as exc:
            print(f"{len(socks)} trickling connections: no answer in {time.monotonic() - t0:.0f} s "
                  f"({type(exc).__name__})")
        closed = 0
        for s in socks:
            s.setblocking(False)
            try:
                s.recv(1, socket.MSG_PEEK)  # a 408 or the end of the stream: the server let go
                closed += 1
            except BlockingIOError:
                pass
            except OSError:
                closed += 1
        print(f"closed or answered by the server: {closed} of {len(socks)}")
    finally:
        for s in socks:
            s.close()
        proc.terminate()
        proc.wait(10)


if __name__ == "__main__":
    main()
