"""Drug page speed: the app (cached and uncached) against nginx serving the same page as a static file, with wrk.

    .venv/bin/python bench/bench_pages.py [--path /drugs/metformin/] [--seconds 10] [--connections 16] [--drugs N]

Runs on the database ``make run`` uses (the bundled data). Installs wrk and nginx (Debian) if missing. In one run:
- first request after start: from starting ``rxanswers serve`` to the first 200 of the page;
- wrk against ``rxanswers serve`` (waitress, one process) and ``serve --workers 2`` (gunicorn), page cache on;
- wrk against ``serve --workers 2`` with the page cache off (every request renders the page);
- wrk against nginx serving the page's HTML, saved from the app, as a static file;
each measured once the server's start-up work is done (its processes idle: ``wait_idle``);
then prints requests/s, latency p50/p99 and each app figure's ratio to nginx. With ``--drugs N`` it also runs the
uncached server against N different drug pages in turn (a wrk Lua script), so most requests are a page's first
view in that worker process rather than one page again. Prints numbers, asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

from rxanswers.cli.ports import free_port

REPO = Path(__file__).resolve().parents[1]
RXANSWERS = REPO / ".venv" / "bin" / "rxanswers"

NGINX_CONF = """
daemon off;
worker_processes 2;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location / {{ root {folder}/www; default_type text/html; }}
    }}
}}
"""


def wait_for(url: str, process: subprocess.Popen, seconds: float = 120) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return time.perf_counter() - started
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"the server stopped: exit {process.returncode}") from None
            time.sleep(0.02)
    raise SystemExit(f"no answer from {url}")


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children (gunicorn's workers), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(stat.parent.name) == pid or int(fields[1]) == pid:  # fields[1]: the parent's pid
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def wait_idle(process: subprocess.Popen, seconds: float = 120) -> float:
    """Wait until the server's start-up work (each worker's warm-up: indexes, models, kept pages) is done: its
    processes use under 5 % of a CPU over a second. Measures the steady state, not the warm-up; returns the wait."""
    started = time.perf_counter()
    before = _cpu_seconds(process.pid)
    while time.perf_counter() - started < seconds:
        time.sleep(1.0)
        now = _cpu_seconds(process.pid)
        if now - before < 0.05:
            return time.perf_counter() - started
        before = now
    return time.perf_counter() - started


ROTATE_LUA = """
paths = {%s}
counter = 0
request = function()
    counter = counter + 1
    return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""


def drug_paths(base: str, count: int) -> list[str]:
    """The pages of the first ``count`` drugs with label text, from the site's own JSON API."""
    import json

    paths: list[str] = []
    page, pages = 1, 1
    while page <= pages and len(paths) < count:
        with urllib.request.urlopen(f"{base}/api/v1/drugs?page_size=500&page={page}", timeout=60) as response:
            data = json.load(response)
        paths += [urlparse(item["url"]).path for item in data["items"] if item["has_label"]]
        page, pages = page + 1, data["pages"]
    return paths[:count]


def wrk(url: str, seconds: int, connections: int, script: Path | None = None) -> dict:
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            *(["-s", str(script)] if script else []),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def ms(label: str) -> float:
        match = re.search(rf"\s{label}%\s+([\d.]+)(us|ms|s)", out)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rate": rate, "p50": ms("50"), "p99": ms("99"), "errors": int(errors.group(1)) if errors else 0}


def serve(extra: list[str], env: dict) -> tuple[subprocess.Popen, int]:
    port = free_port()
    process = subprocess.Popen(
        [str(RXANSWERS), "serve", "--port", str(port), *extra],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return process, port


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", default="/drugs/metformin/")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--drugs", type=int, default=0, help="also: the uncached server on N drug pages in turn"
    )
    args = parser.parse_args()
    subprocess.run([str(REPO / "scripts" / "ensure-system-packages.sh"), "wrk", "nginx-light"], check=True)
    env = dict(os.environ, RXANSWERS_RATE_LIMITS="0")
    rows: list[tuple[str, dict]] = []
    folder = Path(tempfile.mkdtemp(prefix="rx-pages-"))
    try:
        process, port = serve([], env)  # waitress, one process
        url = f"http://127.0.0.1:{port}{args.path}"
        first = wait_for(url, process)
        html = urllib.request.urlopen(url, timeout=30).read()
        wait_idle(process)
        rows.append(("app, waitress 1 process, page cache", wrk(url, args.seconds, args.connections)))
        stop(process)

        for label, extra_env in (("page cache", {}), ("no page cache", {"RXANSWERS_PAGE_CACHE": "0"})):
            process, port = serve(["--workers", "2", "--threads", "4"], dict(env, **extra_env))
            url = f"http://127.0.0.1:{port}{args.path}"
            wait_for(url, process)
            wait_idle(process)
            rows.append((f"app, gunicorn 2 workers, {label}", wrk(url, args.seconds, args.connections)))
            if args.drugs and extra_env:
                paths = drug_paths(f"http://127.0.0.1:{port}", args.drugs)
                script = folder / "rotate.lua"
                script.write_text(ROTATE_LUA % ", ".join(f'"{p}"' for p in paths))
                result = wrk(url, args.seconds, args.connections, script)
                rows.append((f"app, gunicorn 2 workers, {label}, {len(paths)} drug pages in turn", result))
            stop(process)

        folder.chmod(0o755)  # nginx's workers run as nobody
        (folder / "www").mkdir(mode=0o755)
        (folder / "www" / "page.html").write_bytes(html)
        nginx_port = free_port()
        (folder / "nginx.conf").write_text(NGINX_CONF.format(folder=folder, port=nginx_port))
        nginx = subprocess.Popen(
            ["nginx", "-c", str(folder / "nginx.conf"), "-p", str(folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        static = f"http://127.0.0.1:{nginx_port}/page.html"
        wait_for(static, nginx)
        rows.append(("nginx, the same HTML as a static file", wrk(static, args.seconds, args.connections)))
        stop(nginx)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    nginx_rate = rows[-1][1]["rate"]
    print(
        f"\n{args.path} ({len(html) // 1024} KB), wrk {args.connections} connections x {args.seconds} s, "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    print(f"first request after start: {first:.2f} s\n")
    print("| server | requests/s | p50 ms | p99 ms | non-2xx | vs nginx |")
    print("|---|---|---|---|---|---|")
    for label, r in rows:
        print(
            f"| {label} | {r['rate']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {r['errors']} "
            f"| {r['rate'] / nginx_rate:.3f} |"
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
