#!/usr/bin/env python3
"""Drives the verifier page in headless Chromium (Debian's chromium + chromedriver, over the W3C
WebDriver protocol with the standard library only) through four badges:

1. a valid baked PNG, dropped on the page     -> "Authentic and current", achievement name shown;
2. a tampered JSON, picked with the file input -> "Altered after it was signed";
3. an expired badge, pasted as text            -> "Expired on January 1, 2021";
4. a badge by a did:web issuer                 -> "We could not get the issuer's key", the DID
   named as needed; adding the DID document as a file then gives "Authentic and current";
5. a teacher's presentation of two badges, dropped with the challenge and domain the district
   sent -> "Authentic presentation: all 2 badges check out", both badges listed; with another
   challenge -> "Not an answer to the challenge you sent".

Screenshots (desktop and phone widths) go to the artifacts folder. The page is served from
127.0.0.1 only. Without Chromium/chromedriver the test prints SKIP and exits 0 without claiming
to pass; `.ci/run` installs them first when it can.

usage: browser_test.py WEB_DIR FIXTURES_DIR ARTIFACTS_DIR
"""

import base64
import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"
WAIT_SECONDS = 30


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
    }

    def log_message(self, *args):
        pass


def serve(directory):
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=directory)
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class WebDriver:
    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"
        self.session = None

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.base + path, data=data, method=method,
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.load(response)["value"]
        except urllib.error.HTTPError as error:
            raise RuntimeError(f"{method} {path}: {error.read().decode(errors='replace')[:500]}")

    def s(self, method, path, body=None):
        return self.call(method, f"/session/{self.session}{path}", body)

    def start(self, user_data_dir):
        args = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", f"--user-data-dir={user_data_dir}",
        ]
        value = self.call("POST", "/session", {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": CHROMIUM, "args": args},
        }}})
        self.session = value["sessionId"]

    def script(self, source, *args):
        return self.s("POST", "/execute/sync", {"script": source, "args": list(args)})

    def find(self, css):
        return self.s("POST", "/element", {"using": "css selector", "value": css})[ELEMENT]

    def send_file(self, css, path):
        self.s("POST", f"/element/{self.find(css)}/value", {"text": path})

    def text(self, css):
        return self.script(
            "const e = document.querySelector(arguments[0]); return e ? e.textContent : null;", css
        )

    def wait_text(self, css, predicate, what):
        deadline = time.monotonic() + WAIT_SECONDS
        last = None
        while time.monotonic() < deadline:
            last = self.text(css)
            if last is not None and predicate(last):
                return last
            time.sleep(0.1)
        raise AssertionError(f"{what}: {css} is {last!r}")

    def screenshot(self, path):
        with open(path, "wb") as f:
            f.write(base64.b64decode(self.s("GET", "/screenshot")))

    def resize(self, width, height):
        self.s("POST", "/window/rect", {"width": width, "height": height})

    def quit(self):
        if self.session:
            try:
                self.s("DELETE", "")
            except Exception:
                pass


DROP = """
const [name, type, b64] = arguments;
const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
const data = new DataTransfer();
data.items.add(new File([bytes], name, { type }));
const zone = document.getElementById("drop-zone");
zone.dispatchEvent(new DragEvent("dragover", { dataTransfer: data, bubbles: true, cancelable: true }));
zone.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
"""

PASTE = """
document.getElementById("paste").value = arguments[0];
document.getElementById("verify-paste").click();
"""


def main():
    if len(sys.argv) != 4:
        print(__doc__.strip().splitlines()[-1])
        return 2
    web_dir, fixtures, artifacts = (os.path.abspath(a) for a in sys.argv[1:])
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not os.access(p, os.X_OK)]
    if missing:
        print(f"SKIP: browser test: not installed: {', '.join(missing)} "
              "(apt-get install chromium chromium-driver)")
        return 0
    if not os.path.exists(os.path.join(web_dir, "pkg", "openbadges_web_bg.wasm")):
        print(f"FAIL: browser test: {web_dir}/pkg is not built (run web/build.sh)")
        return 1
    os.makedirs(artifacts, exist_ok=True)
    fixture = lambda name: os.path.join(fixtures, name)

    server = serve(web_dir)
    port = free_port()
    driver_log = open(os.path.join(artifacts, "chromedriver.log"), "w")
    driver_process = subprocess.Popen(
        [CHROMEDRIVER, f"--port={port}", "--allowed-ips=127.0.0.1"],
        stdout=driver_log, stderr=subprocess.STDOUT,
    )
    driver = WebDriver(port)
    profile = tempfile.mkdtemp(prefix="openbadges-chromium-")
    passed, failed = 0, 0
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            try:
                if driver.call("GET", "/status").get("ready"):
                    break
            except (OSError, RuntimeError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("chromedriver did not start")
            time.sleep(0.2)
        driver.start(profile)
        driver.resize(900, 1300)
        page = f"http://127.0.0.1:{server.server_address[1]}/index.html"
        driver.s("POST", "/url", {"url": page})
        driver.wait_text("#loading", lambda t: t == "Ready.", "the wasm verifier loads")

        def case(name, run):
            nonlocal passed, failed
            try:
                run()
                passed += 1
                print(f"ok: {name}")
            except Exception as error:  # report every case, then fail the run
                failed += 1
                print(f"FAILED: {name}: {error}")
                driver.screenshot(os.path.join(artifacts, f"failed-{name}.png"))

        def valid_png():
            with open(fixture("valid-badge.png"), "rb") as f:
                driver.script(DROP, "valid-badge.png", "image/png", base64.b64encode(f.read()).decode())
            driver.wait_text("#outcome", lambda t: t == "Authentic and current", "outcome")
            name = driver.text("#achievement-name")
            assert name == "Feedback That Moves Learning", f"achievement name {name!r}"
            shown = driver.script("return !document.getElementById('badge-image').hidden;")
            assert shown, "the baked image is shown"
            issuer = driver.text("#issuer")
            assert issuer.startswith("Example Unified School District"), f"issuer {issuer!r}"
            criteria = driver.text("#criteria")
            assert criteria == "Two lessons with student work, written feedback and revisions.", f"criteria {criteria!r}"
            driver.screenshot(os.path.join(artifacts, "verifier-valid.png"))
            driver.resize(400, 1500)
            driver.screenshot(os.path.join(artifacts, "verifier-valid-phone.png"))
            width = driver.script("return document.documentElement.scrollWidth;")
            assert width <= 400, f"page scrolls sideways on a phone ({width}px)"
            driver.resize(900, 1300)

        def tampered_json():
            driver.send_file("#file-input", fixture("tampered.json"))
            driver.wait_text("#outcome", lambda t: t == "Altered after it was signed", "outcome")

        def expired():
            with open(fixture("expired.json")) as f:
                driver.script(PASTE, f.read())
            driver.wait_text("#outcome", lambda t: t == "Expired on January 1, 2021", "outcome")

        def did_web():
            driver.send_file("#file-input", fixture("did-web.json"))
            driver.wait_text("#outcome", lambda t: t == "We could not get the issuer's key", "outcome")
            needed = driver.text("#needs")
            assert "did:web:badges.example-district.org" in needed, f"needs {needed!r}"
            driver.screenshot(os.path.join(artifacts, "verifier-needs.png"))
            driver.send_file("#need-0", fixture("did-web-document.json"))
            driver.wait_text("#outcome", lambda t: t == "Authentic and current", "after adding the DID document")

        def presentation():
            with open(fixture("portfolio.json"), "rb") as f:
                portfolio = base64.b64encode(f.read()).decode()
            asked = """
                document.getElementById("challenge").value = arguments[0];
                document.getElementById("domain").value = arguments[1];
            """
            driver.script(asked, "hr-request-2025-0314", "https://hr.example-district.org")
            driver.script(DROP, "portfolio.json", "application/json", portfolio)
            driver.wait_text("#outcome", lambda t: t == "Authentic presentation: all 2 badges check out", "outcome")
            listed = driver.script("return document.querySelectorAll('#presented li').length;")
            assert listed == 2, f"{listed} badges listed"
            names = driver.text("#presented")
            assert names.count("Feedback That Moves Learning") == 2, f"badges {names!r}"
            holder = driver.text("#holder")
            assert holder.startswith("Presented by did:key:"), f"holder {holder!r}"
            single = driver.script("return document.getElementById('badge-section').hidden;")
            assert single, "the single-badge block is hidden"
            driver.screenshot(os.path.join(artifacts, "verifier-presentation.png"))
            driver.script(asked, "hr-request-2025-0401", "https://hr.example-district.org")
            driver.script(DROP, "portfolio.json", "application/json", portfolio)
            driver.wait_text("#outcome", lambda t: t == "Not an answer to the challenge you sent", "replayed")

        case("valid-baked-png-dropped", valid_png)
        case("tampered-json-picked", tampered_json)
        case("expired-badge-pasted", expired)
        case("did-web-key-needed-then-added", did_web)
        case("presentation-with-challenge", presentation)
    finally:
        driver.quit()
        driver_process.terminate()
        try:
            driver_process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            driver_process.kill()
        driver_log.close()
        server.shutdown()
        shutil.rmtree(profile, ignore_errors=True)
    print(f"browser: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
