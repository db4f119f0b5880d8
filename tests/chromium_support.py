"""Headless Chromium for the tests: dump a page's DOM, drive it over DevTools, print it to PDF.

Debian's chromium (installed by .ci/run), standard library only. Tests get a `Chromium` from
the `chromium` fixture in tests/conftest.py, which skips them where Chromium is absent.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

NOT_INSTALLED = "chromium is not installed (apt-get install chromium; .ci/run installs it)"

# Every run: headless, no sandbox (CI runs as root), nothing fetched in the background.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
MM = 1 / 25.4  # inches
PAPERS = {"Letter": (8.5, 11.0), "A4": (210 * MM, 297 * MM)}  # width, height in inches


def find_chromium() -> Path | None:
    found = shutil.which("chromium") or "/usr/bin/chromium"
    return Path(found) if Path(found).is_file() else None


class Chromium:
    """One Chromium binary; every run gets a fresh profile under `scratch`, removed after it."""

    def __init__(self, binary: Path, scratch: Path) -> None:
        self.binary = binary
        self.scratch = scratch

    @contextmanager
    def _profile(self) -> Iterator[Path]:
        profile = Path(tempfile.mkdtemp(prefix="profile-", dir=self.scratch))
        try:
            yield profile
        finally:
            shutil.rmtree(profile, ignore_errors=True)

    def command(self, profile: Path, *extra: str) -> list[str]:
        return [str(self.binary), *FLAGS, f"--user-data-dir={profile}", *extra]

    def dump_dom(self, page: Path, width: int, height: int) -> str:
        """The DOM of `page` after its load event, in a window `width` × `height` pixels."""
        with self._profile() as profile:
            done = subprocess.run(
                self.command(profile, f"--window-size={width},{height}", "--dump-dom", page.as_uri()),
                capture_output=True,
                text=True,
                timeout=60,
                check=True,
            )
        return done.stdout

    @contextmanager
    def devtools(self, width: int = 1000, height: int = 800, timeout: float = 15.0) -> Iterator[DevTools]:
        """A browser driven over the DevTools protocol, closed on the way out."""
        with self._profile() as profile:
            browser = DevTools(self.command(profile, f"--window-size={width},{height}"), timeout)
            try:
                yield browser
            finally:
                browser.close()


class DevTools:
    """Chromium's DevTools protocol over --remote-debugging-pipe: NUL-ended JSON on fds 3, 4."""

    def __init__(self, command: list[str], timeout: float = 15.0) -> None:
        self.deadline = time.monotonic() + timeout
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()
        # Keep the child's ends clear of 3 and 4 so the dup2 calls below cannot clobber them.
        child_in, child_out = (fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in (to_chrome_r, from_chrome_w))
        os.close(to_chrome_r)
        os.close(from_chrome_w)

        def wire() -> None:
            os.dup2(child_in, 3)
            os.dup2(child_out, 4)

        self.process = subprocess.Popen(
            [*command, "--remote-debugging-pipe", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=wire,
            close_fds=False,
        )
        os.close(child_in)
        os.close(child_out)
        self.buffer = b""
        self.events: list[dict[str, Any]] = []
        self.next_id = 0
        self.session: str | None = None

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self.buffer:
            left = self.deadline - time.monotonic()
            ready, _, _ = select.select([self.from_chrome], [], [], max(left, 0))
            chunk = os.read(self.from_chrome, 1 << 16) if ready else b""
            if not chunk:
                raise TimeoutError("Chromium did not answer in time")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        data: dict[str, Any] = json.loads(message)
        return data

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params}
        if self.session and not method.startswith(("Target.", "Browser.")):
            message["sessionId"] = self.session
        os.write(self.to_chrome, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self.next_id:
                assert "error" not in reply, reply
                result: dict[str, Any] = reply["result"]
                return result
            self.events.append(reply)

    def wait_for(self, method: str) -> dict[str, Any]:
        while True:
            event = self._read()
            self.events.append(event)
            if event.get("method") == method:
                return event

    def open(self, url: str) -> None:
        """Attach to the page, listen to its console and errors, and load url."""
        if self.session is None:
            target = next(t for t in self.send("Target.getTargets")["targetInfos"] if t["type"] == "page")
            self.session = self.send("Target.attachToTarget", targetId=target["targetId"], flatten=True)["sessionId"]
            for domain in ("Runtime", "Log", "Page"):
                self.send(f"{domain}.enable")
        self.send("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        reply = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in reply, reply
        return reply["result"].get("value")

    def screenshot(self, png: Path) -> Path:
        """The viewport of the open page, as a PNG."""
        png.write_bytes(base64.b64decode(self.send("Page.captureScreenshot", format="png")["data"]))
        return png

    def print_pdf(self, pdf: Path, paper: str = "Letter") -> Path:
        """Print the open page as the print dialog would on `paper` (Letter or A4), no header or footer.

        `--print-to-pdf` on the command line has no flag for the paper (Chromium 156 prints on
        Letter), so the paper is chosen here, over DevTools. The page's own `@page` margins apply.
        """
        width, height = PAPERS[paper]
        data = self.send("Page.printToPDF", paperWidth=width, paperHeight=height, displayHeaderFooter=False)["data"]
        pdf.write_bytes(base64.b64decode(data))
        return pdf

    def problems(self) -> list[str]:
        """Uncaught exceptions, console errors and warnings, and browser log errors seen so far."""
        found = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                found.append(params["exceptionDetails"].get("exception", {}).get("description", "exception"))
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "warning", "assert"):
                found.append(" ".join(str(a.get("value")) for a in params.get("args", [])))
            elif method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
                found.append(params["entry"]["text"])
        return found

    def close(self) -> None:
        if self.process.poll() is None:
            os.write(self.to_chrome, json.dumps({"id": 0, "method": "Browser.close"}).encode() + b"\0")
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        os.close(self.to_chrome)
        os.close(self.from_chrome)
