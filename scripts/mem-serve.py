#!/usr/bin/env python3
"""Memory of `shuyuan serve` over a run of edits, and save-to-reload on the way.

Starts `shuyuan serve --port 0` on a copy of a site, waits for the first build
(and its search index), reads VmRSS and VmHWM from /proc/PID/status, then N
times appends a line to a page (a different page each time), times the save
until the reload event reaches a live-reload listener and the served page
holds the new line, and waits for the search index refreshed after it (the
indexer runs once saving pauses, so each edit is followed by its index). Prints
RSS after the first build, RSS and HWM after the edits, and the median and
max save-to-reload.

    python3 /work/shared/bench/gen_corpus.py --pages 10000 --out /tmp/c10k --flavor plain
    scripts/mem-serve.py --site /tmp/c10k            # 20 edits
    scripts/mem-serve.py --site /tmp/c10k -n 5 --no-index-wait
"""
import argparse, http.client, os, queue, re, shutil, socket, subprocess, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def status(pid):
    with open(f"/proc/{pid}/status") as f:
        text = f.read()
    get = lambda key: int(re.search(key + r":\s+(\d+)", text).group(1)) // 1024
    return get("VmRSS"), get("VmHWM")


def events(port, out):
    """Puts the name of every server-sent event on `out`."""
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /__shuyuan/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
    buf = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            return
        buf += chunk
        while b"\n\n" in buf:
            block, buf = buf.split(b"\n\n", 1)
            for line in block.split(b"\n"):
                if line.startswith(b"event: "):
                    out.put(line[7:].decode())


def get(port, path):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request("GET", path)
    r = c.getresponse()
    body = r.read()
    c.close()
    return r.status, body


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site", required=True, help="site root (copied; the copy is edited)")
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/shuyuan"))
    ap.add_argument("-n", "--edits", type=int, default=20)
    ap.add_argument("--no-index-wait", action="store_true", help="do not wait for the search index after each edit")
    ap.add_argument("--show", metavar="REGEX", help="print the server's lines that match")
    ap.add_argument("--timeout", type=float, default=600, help="seconds to wait for the first build")
    a = ap.parse_args()
    work = tempfile.mkdtemp()
    site = os.path.join(work, "site")
    shutil.copytree(a.site, site, ignore=shutil.ignore_patterns("public", "target", ".git"))
    lines = queue.Queue()
    started = time.perf_counter()
    proc = subprocess.Popen([a.bin, "serve", "--port", "0", "--root", site],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def read_lines():
        for line in proc.stdout:
            if a.show and re.search(a.show, line):
                print("  | " + line.rstrip("\n"), flush=True)
            lines.put(line.rstrip("\n"))
    threading.Thread(target=read_lines, daemon=True).start()

    def wait_line(pattern, timeout):
        """The first line (from now on) matching `pattern`; the lines before it are dropped."""
        end = time.perf_counter() + timeout
        while True:
            line = lines.get(timeout=max(0.01, end - time.perf_counter()))
            if re.search(pattern, line):
                return line

    try:
        port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", wait_line(r"^serving ", a.timeout)).group(1))
        first = time.perf_counter() - started
        # The first build makes its index in the build itself.
        rss_first, hwm_first = status(proc.pid)
        print(f"first build: {first:.1f} s, RSS {rss_first} MB, HWM {hwm_first} MB")
        names = queue.Queue()
        threading.Thread(target=events, args=(port, names), daemon=True).start()
        time.sleep(0.5)
        while not names.empty():
            names.get()
        content = os.path.join(site, "content")
        pages = sorted(os.path.relpath(os.path.join(d, f), content)
                       for d, _, fs in os.walk(content) for f in fs if f.endswith(".md") and not f.startswith("_"))
        step = max(1, len(pages) // max(1, a.edits))
        times = []
        for i in range(a.edits):
            rel = pages[(i * step) % len(pages)]
            url = "/" + rel[:-3] + ".html"
            mark = f"第{i}次修改标记{os.getpid()}"
            while not lines.empty():
                lines.get()
            t0 = time.perf_counter()
            with open(os.path.join(content, rel), "a") as f:
                f.write(f"\n\n{mark}。\n")
            while True:
                name = names.get(timeout=120)
                if name == "reload":
                    break
                if name == "builderror":
                    raise SystemExit(f"the build failed after editing {rel}")
            dt = (time.perf_counter() - t0) * 1000
            code, body = get(port, url)
            if code != 200 or mark.encode() not in body:
                print(f"  warning: {url} answered {code} without the edit (its URL may differ)")
            times.append(dt)
            rebuilt = wait_line(r"^rebuilt ", 5)
            if not a.no_index_wait:
                wait_line(r"^search index refreshed", 300)
            rss, hwm = status(proc.pid)
            print(f"  edit {i + 1:2}: {dt:6.0f} ms  RSS {rss} MB  HWM {hwm} MB  ({rebuilt})")
        time.sleep(0 if a.no_index_wait else 0.5)
        rss, hwm = status(proc.pid)
        s = sorted(times)
        print(f"RSS after first build: {rss_first} MB")
        print(f"after {a.edits} edits: RSS {rss} MB, HWM {hwm} MB")
        print(f"save-to-reload: median {s[len(s) // 2]:.0f} ms, max {s[-1]:.0f} ms")
    finally:
        proc.kill()
        proc.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
