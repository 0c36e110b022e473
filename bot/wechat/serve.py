"""`python run_bot.py serve`: the WeChat webhook under gunicorn, for one worker or many.

Why gunicorn for one worker too: it is already a dependency, its `gthread` worker serves
many requests at once (a WeChat retry waits up to 4.5 s for its first try, so a single
thread would stall everyone behind it), and one code path is one thing to know. The app —
knowledge base, jieba dictionary — is built once in the master (preload) and shared by the
forked workers; each worker then drops the Redis connections it inherited (post_fork).
"""
from __future__ import annotations

import argparse
import sys
from typing import Any

DEFAULT_THREADS = 8


def register(subparsers: argparse._SubParsersAction) -> None:
    sp = subparsers.add_parser("serve", help="serve the WeChat webhook (/wechat) and /healthz",
                               description="Serve the WeChat webhook. Configuration comes from the "
                               "environment: WECHAT_TOKEN (required), WECHAT_AES_KEY + WECHAT_APP_ID "
                               "(safe mode), REDIS_URL (shared state; without it --workers N runs as threads of one process).")
    sp.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    sp.add_argument("--port", type=_port, default=8080, help="port (default 8080)")
    sp.add_argument("--workers", type=_positive, default=1, help="worker processes (default 1)")
    sp.add_argument("--threads", type=_positive, default=DEFAULT_THREADS,
                    help=f"threads per worker (default {DEFAULT_THREADS}; retries wait for their first try)")
    sp.set_defaults(func=run)


def _positive(v: str) -> int:
    n = int(v)
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def _port(v: str) -> int:
    n = int(v)
    if not 0 < n < 65536:
        raise argparse.ArgumentTypeError("must be 1-65535")
    return n


def build_app(config: Any) -> Any:
    """The WSGI app with its knowledge base loaded; KBError propagates for the caller to report."""
    from bot.runtime import build_runtime

    from .app import WeChatApp
    rt = build_runtime(config)
    _ = rt.kb_source.kb          # load now: refuse to start on an invalid stations file
    _warm_up(rt)
    app = WeChatApp.from_runtime(rt)
    _freeze_heap()
    return app


def _freeze_heap() -> None:
    """Move everything built so far (knowledge base, jieba's dictionary, lexicon: ~270,000
    objects) out of the garbage collector's sight. A full collection would otherwise walk them
    all — ~60 ms, every few thousand messages, a stall every rider in flight waits for — and
    touching them would copy the workers' shared pages after the fork. They live as long as
    the process (a reloaded knowledge base leaves its predecessor to reference counting)."""
    import gc
    gc.collect()
    gc.freeze()


def _warm_up(rt: Any) -> None:
    """Load lazily-initialised parts (jieba's dictionary) before forking, so workers share them."""
    try:
        rt.engine.warm_up()
    except Exception as e:  # noqa: BLE001 - a failed warm-up only costs the first request time
        from bot import logs
        logs.event_line("warm-up failed", error=str(e)[:200])


def run(args: argparse.Namespace) -> int:
    from bot import logs
    from bot.config import Config
    from knowledge.loader import KBError
    config = Config.from_env(require_token=True)   # ConfigError → cli prints it, exit 2
    logs.setup()
    try:
        app = build_app(config)
    except KBError as e:
        print(f"error: {config.stations_path} is invalid; not starting:\n{e}", file=sys.stderr)
        return 2
    workers, threads = args.workers, args.threads
    if workers > 1 and not config.redis_url:
        # The embedded store lives in one process: separate worker processes would each keep
        # their own pins and retry replies, so a rider's next message (or WeChat's retry) could
        # land where they are unknown. Serve the same capacity as threads of one process instead.
        workers, threads = 1, args.workers * args.threads
        print(f"note: no REDIS_URL, so state lives in this process: serving --workers {args.workers} "
              f"as 1 process × {threads} threads. Set REDIS_URL to run {args.workers} processes "
              "that share state.", file=sys.stderr)
    logs.event_line("serving", host=args.host, port=args.port, workers=workers,
                    threads=threads, store="redis" if config.redis_url else "embedded",
                    safe_mode=bool(config.aes_key))
    serve_wsgi(app, args.host, args.port, workers, threads,
               post_fork=getattr(app, "after_fork", None), worker_exit=getattr(app, "at_exit", None))
    return 0


def serve_wsgi(app, host: str, port: int, workers: int, threads: int, post_fork=None,
               worker_exit=None) -> None:
    """Run any WSGI app under gunicorn's gthread workers (also used by bench/echo_bot.py).

    `worker_exit` runs as a worker stops (SIGTERM, max requests): buffered usage counts are
    written then. A SIGKILLed worker runs nothing; it loses at most the last second of counts.
    """
    from gunicorn.app.base import BaseApplication

    def _post_fork(server, worker):
        if post_fork:
            post_fork()

    def _worker_exit(server, worker):
        if worker_exit:
            worker_exit()

    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        # gthread with limits on slow clients' headers (bot/wechat/worker.py)
        "worker_class": "bot.wechat.worker.DeadlineWorker",
        "threads": threads,
        "preload_app": True,
        "timeout": 30,
        "graceful_timeout": 5,
        "keepalive": 5,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "proc_name": "yizhan-assistant",
        "post_fork": _post_fork,
        "worker_exit": _worker_exit,
        "control_socket_disable": True,
        "worker_tmp_dir": "/dev/shm" if _writable("/dev/shm") else None,
    }

    class _Server(BaseApplication):
        def load_config(self):
            for k, v in options.items():
                if v is not None:
                    self.cfg.set(k, v)

        def load(self):
            return app

    _Server().run()


def _writable(path: str) -> bool:
    import os
    return os.path.isdir(path) and os.access(path, os.W_OK)
