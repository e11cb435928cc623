#!/usr/bin/env python3
"""Load test of `shuyuan serve`: many clients at once, listeners for live reload, a save.

Starts `shuyuan serve --port 0` on a copy of a site, opens L live-reload listeners
(/__shuyuan/events), runs C client threads that each GET R pages of the site (new
connection each), saves a page halfway through, and prints: requests, errors,
requests per second, latency p50/p99, how many listeners got the reload, and the
server's resident memory before and after (VmRSS).

    scripts/load-serve.py                      # the sample library, 200 clients
    scripts/load-serve.py --site DIR -c 100 -r 50 -l 20
"""
import argparse, http.client, os, re, shutil, socket, subprocess, sys, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site", default=ROOT, help="site root (default: the sample library)")
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/shuyuan"))
    ap.add_argument("-c", "--clients", type=int, default=200)
    ap.add_argument("-r", "--requests", type=int, default=25, help="requests per client")
    ap.add_argument("-l", "--listeners", type=int, default=20)
    a = ap.parse_args()
    work = tempfile.mkdtemp()
    site = os.path.join(work, "site")
    shutil.copytree(a.site, site, ignore=shutil.ignore_patterns("public", "target", ".git"))
    proc = subprocess.Popen([a.bin, "serve", "--port", "0", "--root", site], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    port = None
    for line in proc.stdout:
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if m:
            port = int(m.group(1))
            break
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
    pages = sorted(
        "/" + os.path.relpath(os.path.join(d, f), os.path.join(site, "public")).replace(os.sep, "/")
        for d, _, fs in os.walk(os.path.join(site, "public")) for f in fs if f.endswith(".html")
    ) if os.path.isdir(os.path.join(site, "public")) else []
    if not pages:
        subprocess.run([a.bin, "build", "--root", site, "--out", os.path.join(work, "pub")], capture_output=True)
        pages = sorted("/" + os.path.relpath(os.path.join(d, f), os.path.join(work, "pub")).replace(os.sep, "/")
                       for d, _, fs in os.walk(os.path.join(work, "pub")) for f in fs if f.endswith(".html"))
    before = rss_kb(proc.pid)
    reloads = []
    lock = threading.Lock()

    def listen():
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"GET /__shuyuan/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        s.settimeout(120)
        buf = b""
        try:
            while b"event: reload" not in buf:
                chunk = s.recv(4096)
                if not chunk:
                    return
                buf += chunk
            with lock:
                reloads.append(1)
        except OSError:
            pass

    listeners = [threading.Thread(target=listen, daemon=True) for _ in range(a.listeners)]
    for t in listeners:
        t.start()
    time.sleep(0.5)
    times, errors = [], [0]

    def client(n):
        for i in range(a.requests):
            path = pages[(n * 7 + i) % len(pages)]
            t0 = time.perf_counter()
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                c.request("GET", path)
                r = c.getresponse()
                r.read()
                ok = r.status == 200
                c.close()
            except OSError:
                ok = False
            dt = time.perf_counter() - t0
            with lock:
                times.append(dt)
                errors[0] += not ok

    page = next(os.path.join(d, f) for d, _, fs in os.walk(os.path.join(site, "content")) for f in sorted(fs) if f.endswith(".md") and not f.startswith("_"))
    started = time.perf_counter()
    clients = [threading.Thread(target=client, args=(n,)) for n in range(a.clients)]
    for t in clients:
        t.start()
    time.sleep(0.2)
    with open(page, "a") as f:
        f.write("\n\n压力测试中的一次保存。\n")
    for t in clients:
        t.join()
    took = time.perf_counter() - started
    for t in listeners:
        t.join(timeout=30)
    after = rss_kb(proc.pid)
    proc.kill()
    times.sort()
    q = lambda p: times[min(len(times) - 1, int(p * len(times)))] * 1000
    print(f"{len(times)} requests from {a.clients} clients in {took:.1f} s: {len(times) / took:.0f}/s, "
          f"{errors[0]} errors, p50 {q(0.5):.1f} ms, p99 {q(0.99):.1f} ms")
    print(f"{len(reloads)} of {a.listeners} listeners told to reload after the save")
    print(f"server memory: {before / 1024:.1f} MB before, {after / 1024:.1f} MB after")
    shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if errors[0] or len(reloads) < a.listeners else 0)


if __name__ == "__main__":
    main()
