"""The body deadline: a client trickling its body is cut off, one sending it normally is not."""
from __future__ import annotations

import io
import socket
import threading
import time

import pytest

from bot.wechat.deadline import BodyDeadline, BodyTimeout


@pytest.fixture
def pair():
    server, client = socket.socketpair()
    yield server, client
    server.close()
    client.close()


def _trickle(sock: socket.socket, stop: threading.Event, every: float = 0.05) -> None:
    while not stop.is_set():
        try:
            sock.send(b"a")
        except OSError:
            return
        stop.wait(every)


def test_a_trickled_body_is_cut_off_after_the_limit(pair):
    server, client = pair
    stop = threading.Event()
    writer = threading.Thread(target=_trickle, args=(client, stop), daemon=True)
    writer.start()
    deadline = BodyDeadline(limit=0.3)
    t0 = time.monotonic()
    try:
        with pytest.raises(BodyTimeout):
            deadline.read(server.makefile("rb"), 2000, server)    # reads until 2000 bytes: never
    finally:
        stop.set()
        writer.join(2)
    assert 0.3 <= time.monotonic() - t0 < 0.6


def test_a_body_sent_at_once_is_read_whole(pair):
    server, client = pair
    client.sendall(b"<xml>" + b"b" * 1995)
    deadline = BodyDeadline(limit=0.3)
    for _ in range(3):                        # the socket is not cut afterwards
        assert deadline.read(server.makefile("rb"), 2000, server) == b"<xml>" + b"b" * 1995
        client.sendall(b"<xml>" + b"b" * 1995)
    time.sleep(0.4)                           # past the limit of the reads above: nothing cut
    assert server.recv(2000, socket.MSG_PEEK)


def test_without_a_server_socket_it_is_a_plain_read():
    assert BodyDeadline(limit=0.01).read(io.BytesIO(b"<xml/>"), 6, None) == b"<xml/>"
