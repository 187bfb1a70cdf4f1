"""How long `papers add ID` takes to fail against an arXiv that accepts and never answers.

    python benchmarks/hung_arxiv.py [--mode silent|headers] [--timeout SECONDS]

A socket server on 127.0.0.1 accepts every connection and then says nothing (--mode silent),
or reads the request and sends the headers of an answer and no more (--mode headers). One
`papers add 2402.15319` runs against it in a fresh interpreter, in an empty library, with
arXiv's settings at their defaults except PAPERS_ARXIV_TIMEOUT when --timeout is given; the
wall clock to its exit, the connections the server saw, the exit status and stderr are printed.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time

HEADERS = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/atom+xml; charset=utf-8\r\n"
    b"Content-Length: 5000\r\n\r\n<feed"
)


def serve(listener: socket.socket, headers: bool, seen: list[socket.socket]) -> None:
    while True:
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        seen.append(conn)  # (kept open: the client waits for an answer that never comes)
        if headers:
            conn.recv(65536)
            conn.sendall(HEADERS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=("silent", "headers"), default="silent")
    parser.add_argument("--timeout", help="PAPERS_ARXIV_TIMEOUT (default: unset, 30 s)")
    args = parser.parse_args()
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    seen: list[socket.socket] = []
    threading.Thread(
        target=serve, args=(listener, args.mode == "headers", seen), daemon=True
    ).start()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAPERS_")}
    env["PAPERS_ARXIV_API"] = f"http://127.0.0.1:{listener.getsockname()[1]}/api/query"
    if args.timeout:
        env["PAPERS_ARXIV_TIMEOUT"] = args.timeout
    with tempfile.TemporaryDirectory() as root:
        env["PAPERS_ROOT"] = root
        env["PAPERS_CACHE_DIR"] = os.path.join(root, "cache")
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "papers", "add", "2402.15319"],
            env=env,
            capture_output=True,
            text=True,
        )
        took = time.perf_counter() - start
    timeout = args.timeout or "default (30)"
    print(f"mode {args.mode}, PAPERS_ARXIV_TIMEOUT {timeout}: failed after {took:.1f} s")
    print(f"connections seen: {len(seen)}, exit status {done.returncode}")
    for line in done.stderr.splitlines():
        print(f"  stderr: {line}")


if __name__ == "__main__":
    main()
