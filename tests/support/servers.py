"""Processes the tests start and always stop: a private redis-server and `run_bot.py serve`.

A private Redis (own port, nothing on disk) is for tests that stop or freeze Redis: the shared
127.0.0.1:6379 is used by everyone else's tests at the same time and is never touched here.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import redis

from . import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check, timeout: float, every: float = 0.05, what: str = "condition"):
    """Poll `check()` until it returns a truthy value; bounded."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise TimeoutError(f"{what} not reached within {timeout} s")
        time.sleep(every)


class RedisServer:
    """A redis-server of our own on a free loopback port, which a test may stop, freeze or restart."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen | None = None

    def start(self) -> "RedisServer":
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = self.client()
        wait_until(lambda: self._ping(client), 10, what=f"redis-server on port {self.port}")
        return self

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)      # a frozen server cannot handle SIGTERM
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.proc = None

    def freeze(self) -> None:
        """SIGSTOP: connections stay open but nothing answers — a hung Redis."""
        self.proc.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.proc.send_signal(signal.SIGCONT)

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, decode_responses=True, socket_timeout=2)

    @staticmethod
    def _ping(client) -> bool:
        try:
            return bool(client.ping())
        except redis.exceptions.RedisError:
            return False

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def bot_env(token: str, **extra: str) -> dict:
    """The environment of a served bot: the caller's, minus any bot settings, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WECHAT_", "REDIS_URL", "YZ_"))}
    env.update(PYTHONUNBUFFERED="1", WECHAT_TOKEN=token, **extra)
    return env


class BotServer:
    """`python run_bot.py serve` on a free port; stderr goes to a file (an unread pipe would stall it)."""

    def __init__(self, env: dict, workers: int = 1, threads: int = 8, port: int | None = None,
                 command: list[str] | None = None, any_answer_ready: bool = False):
        self.port = port or free_port()
        self.env, self.workers, self.threads = env, workers, threads
        self.command = command or [sys.executable, "run_bot.py", "serve"]
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.any_answer_ready = any_answer_ready   # e.g. the echo bot, which has no /healthz
        self._log = tempfile.NamedTemporaryFile(prefix="yzserve", suffix=".log", delete=False)

    def start(self) -> "BotServer":
        self.proc = subprocess.Popen(
            [*self.command, "--host", "127.0.0.1", "--port", str(self.port), "--workers", str(self.workers),
             "--threads", str(self.threads)],
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=self._log, start_new_session=True)
        return self

    def wait_ready(self, timeout: float = 60) -> "BotServer":
        def ready():
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}:\n{self.log()[-2000:]}")
            try:
                status = httpx.get(self.base + "/healthz", timeout=2).status_code
                return status == 200 or self.any_answer_ready
            except httpx.TransportError:
                return False
        wait_until(ready, timeout, every=0.1, what=f"/healthz on port {self.port}")
        if self.workers > 1:   # preload: the workers fork from a loaded master, so they follow at once
            wait_until(lambda: len(self.worker_pids()) >= self.workers, 10, what="all workers")
        return self

    def worker_pids(self) -> list[int]:
        """gunicorn's workers: the children of the master (run_bot.py itself is the master)."""
        return children(self.proc.pid) if self.proc else []

    def log(self) -> str:
        return Path(self._log.name).read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.proc is not None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(15)
            except ProcessLookupError:
                pass
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        self.proc = None

    def close(self) -> None:
        self.stop()
        try:
            os.unlink(self._log.name)
        except OSError:
            pass

    def __enter__(self):
        return self.start().wait_ready()

    def __exit__(self, *exc):
        self.stop()


def children(pid: int) -> list[int]:
    """Direct children of `pid`, read from /proc (no psutil needed)."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read().decode(errors="replace")
        except OSError:
            continue
        # the command name may hold spaces or parentheses: fields start after the last ')'
        fields = stat[stat.rfind(")") + 2:].split()
        if len(fields) > 1 and int(fields[1]) == pid and fields[0] != "Z":
            out.append(int(entry))
    return sorted(out)


def rss_kb(pid: int | None = None) -> int:
    """Resident set size in KiB, from /proc/<pid>/status."""
    with open(f"/proc/{pid or 'self'}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0
