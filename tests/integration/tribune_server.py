"""Runs the real tribune binary for the integration tests.

A TribuneSite is a temporary data folder, a free port on 127.0.0.1 and (once started) a
`tribune serve` process whose stdout and stderr go to files in that folder. Tests drive it
with the CLI helpers (create_user, publish_article, add_comment) and over HTTP with
request()/get() (http.client) or raw sockets (connect(), read_response()).

The binary is $TRIBUNE_BINARY (ctest sets it); without it, the newest build/*/src/cli/tribune.
Set TRIBUNE_TEST_KEEP=1 to keep the temporary folders, TRIBUNE_TEST_START_TIMEOUT to wait longer than
30 s for /healthz (slow sanitizer builds).

Only 127.0.0.1 is ever contacted.
"""

import glob
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import weakref

HOST = "127.0.0.1"
START_TIMEOUT = float(os.environ.get("TRIBUNE_TEST_START_TIMEOUT", "30"))
STOP_TIMEOUT = 30.0
CLI_TIMEOUT = 120.0
SOCKET_TIMEOUT = 20.0
PASSWORD = "correct horse battery staple 42"


def find_binary():
    binary = os.environ.get("TRIBUNE_BINARY")
    if binary:
        return binary
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    candidates = [path for path in glob.glob(os.path.join(root, "build", "*", "src", "cli", "tribune"))
                  if os.access(path, os.X_OK)]
    if not candidates:
        raise RuntimeError("set TRIBUNE_BINARY to the tribune binary (none found under build/*/src/cli/)")
    return max(candidates, key=os.path.getmtime)


BINARY = find_binary()


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def child_environment(env=None):
    """The test's environment without any TRIBUNE_* configuration it may have inherited,
    plus `env`."""
    full_env = {name: value for name, value in os.environ.items()
                if not name.startswith("TRIBUNE_") or name in ("TRIBUNE_BINARY",)}
    if env:
        full_env.update(env)
    return full_env


def run_cli(args, *, env=None, timeout=CLI_TIMEOUT, cwd=None):
    """Runs `tribune ARGS...`; returns the CompletedProcess (text mode), never raises on exit code."""
    full_env = child_environment(env)
    return subprocess.run([BINARY, *args], capture_output=True, text=True, env=full_env,
                          timeout=timeout, cwd=cwd, stdin=subprocess.DEVNULL)


class Response:
    def __init__(self, status, reason, headers, body):
        self.status = status
        self.reason = reason
        self.headers = headers  # list of (name, value) in arrival order
        self.body = body        # bytes

    def header(self, name):
        """The first header of that name (case-insensitive), or None."""
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def header_all(self, name):
        return [value for key, value in self.headers if key.lower() == name.lower()]

    @property
    def text(self):
        return self.body.decode("utf-8")

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def __repr__(self):
        return f"<Response {self.status} {self.reason} {len(self.body)} bytes>"


# Bytes read past the end of one response on a socket, kept for the next read_response.
_leftovers = weakref.WeakKeyDictionary()


def read_response(sock, *, head_only=False):
    """Reads one HTTP/1.1 response from a socket. Returns a Response, or None when the peer
    closed the connection before sending anything. Raises on a truncated response."""
    reader = _SocketReader(sock)
    status_line = reader.read_line()
    if status_line is None:
        return None
    parts = status_line.decode("latin-1").rstrip("\r\n").split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/1."):
        raise AssertionError(f"bad status line {status_line!r}")
    status = int(parts[1])
    reason = parts[2] if len(parts) > 2 else ""
    headers = []
    while True:
        line = reader.read_line()
        if line is None:
            raise AssertionError("connection closed inside the response head")
        line = line.decode("latin-1").rstrip("\r\n")
        if not line:
            break
        name, _, value = line.partition(":")
        headers.append((name.strip(), value.strip()))
    response = Response(status, reason, headers, b"")
    if head_only or status in (204, 304) or 100 <= status < 200:
        _leftovers[sock] = reader.leftover()
        return response
    transfer = (response.header("Transfer-Encoding") or "").lower()
    if "chunked" in transfer:
        body = b""
        while True:
            size_line = reader.read_line()
            if size_line is None:
                raise AssertionError("connection closed inside a chunked body")
            size = int(size_line.split(b";")[0].strip(), 16)
            if size == 0:
                while True:
                    trailer = reader.read_line()
                    if trailer is None or trailer in (b"\r\n", b"\n"):
                        break
                break
            body += reader.read_exact(size)
            reader.read_line()
        response.body = body
    elif response.header("Content-Length") is not None:
        length = int(response.header("Content-Length"))
        response.body = reader.read_exact(length)
    else:
        response.body = reader.read_to_end()
    _leftovers[sock] = reader.leftover()
    return response


class _SocketReader:
    def __init__(self, sock):
        self.sock = sock
        self.buffer = _leftovers.pop(sock, b"")

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            return False
        self.buffer += chunk
        return True

    def read_line(self):
        while b"\n" not in self.buffer:
            if not self._fill():
                if self.buffer:
                    raise AssertionError(f"connection closed mid-line: {self.buffer[:200]!r}")
                return None
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line + b"\n"

    def read_exact(self, count):
        while len(self.buffer) < count:
            if not self._fill():
                raise AssertionError(f"connection closed after {len(self.buffer)} of {count} body bytes")
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def read_to_end(self):
        while self._fill():
            pass
        data, self.buffer = self.buffer, b""
        return data

    def leftover(self):
        return self.buffer


def peer_closed(sock, timeout):
    """Waits up to `timeout` seconds for the peer to close. True when it did (EOF or reset),
    after discarding anything it sent first (e.g. a 408 response)."""
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        sock.settimeout(remaining)
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            return False
        except (ConnectionResetError, BrokenPipeError):
            return True
        if not chunk:
            return True


class TribuneSite:
    """A temporary site: data folder, free port, optional running server."""

    def __init__(self, label="site"):
        self.root = tempfile.mkdtemp(prefix=f"tribune-it-{label}-")
        self.data_dir = os.path.join(self.root, "data")
        os.makedirs(self.data_dir)
        self.port = free_port()
        self.base_url = f"http://{HOST}:{self.port}"
        self.process = None
        self.returncode = None
        self.stdout_path = os.path.join(self.root, "stdout.log")
        self.stderr_path = os.path.join(self.root, "stderr.log")
        self._files = 0

    # ---- files and CLI ------------------------------------------------------------

    def write_file(self, text, suffix=".txt"):
        self._files += 1
        path = os.path.join(self.root, f"input-{self._files}{suffix}")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        return path

    def cli(self, *args, env=None, check=True):
        """Runs `tribune ARGS` with --data-dir appended; asserts exit 0 unless check=False."""
        result = run_cli([*args, "--data-dir", self.data_dir], env=env)
        if check and result.returncode != 0:
            raise AssertionError(
                f"tribune {' '.join(args)} exited {result.returncode}\n"
                f"stdout: {result.stdout}\nstderr: {result.stderr}")
        return result

    def migrate(self):
        return self.cli("migrate")

    def create_user(self, username, *, display_name=None, email=None, role="author", bio=None,
                    check=True):
        args = ["admin", "create-user", "--username", username,
                "--display-name", display_name if display_name is not None else username.title(),
                "--email", email if email is not None else f"{username}@example.com",
                "--role", role,
                "--password-file", self.write_file(PASSWORD + "\n")]
        if bio is not None:
            args += ["--bio", bio]
        return self.cli(*args, check=check)

    def publish_article(self, author, title, body, *, slug=None, published=None):
        """Publishes through the CLI; returns the article path it printed (/articles/...)."""
        args = ["admin", "publish-article", "--author", author, "--title", title,
                "--body-file", self.write_file(body, ".md")]
        if slug is not None:
            args += ["--slug", slug]
        if published is not None:
            args += ["--published", published]
        result = self.cli(*args)
        path = result.stdout.strip()
        if not path.startswith("/articles/") or "\n" in path:
            raise AssertionError(f"publish-article printed {result.stdout!r}, not an article path")
        return path

    def add_comment(self, article_slug, author, body):
        return self.cli("admin", "add-comment", "--article", article_slug, "--author", author,
                        "--body-file", self.write_file(body, ".md"))

    # ---- the server ---------------------------------------------------------------

    def serve_args(self, demo=False, extra=()):
        args = ["serve", "--listen", f"{HOST}:{self.port}", "--data-dir", self.data_dir,
                "--base-url", self.base_url]
        if demo:
            args.append("--demo")
        return args + list(extra)

    def start(self, *, demo=False, extra=(), args=None, env=None, wait=True, cwd=None):
        """Starts `tribune serve` (the standard flags, or exactly `args`); waits for /healthz."""
        assert self.process is None, "already started"
        full_env = child_environment(env)
        command = [BINARY, *(args if args is not None else self.serve_args(demo, extra))]
        self.command = command
        self._stdout = open(self.stdout_path, "ab")
        self._stderr = open(self.stderr_path, "ab")
        self.process = subprocess.Popen(command, stdout=self._stdout, stderr=self._stderr,
                                        stdin=subprocess.DEVNULL, env=full_env, cwd=cwd or self.root)
        if wait:
            self.wait_healthy()
        return self

    def wait_healthy(self, timeout=START_TIMEOUT):
        deadline = time.monotonic() + timeout
        last_error = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._close_logs()
                raise AssertionError(
                    f"tribune serve exited with {self.process.returncode} before answering /healthz\n"
                    + self.logs())
            try:
                response = self.request("GET", "/healthz", timeout=2)
                if response.status == 200:
                    return
                last_error = f"status {response.status}"
            except (OSError, http.client.HTTPException) as error:
                last_error = repr(error)
            time.sleep(0.1)
        self.kill()
        raise AssertionError(f"/healthz did not answer 200 within {timeout} s ({last_error})\n" + self.logs())

    def signal(self, number=signal.SIGTERM):
        self.process.send_signal(number)

    def wait_exit(self, timeout=STOP_TIMEOUT):
        """Waits for the process to end; returns its exit code (None when it did not)."""
        try:
            self.returncode = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None
        self._close_logs()
        return self.returncode

    def stop(self, timeout=STOP_TIMEOUT):
        """SIGTERM, then asserts the process exits 0 within `timeout` seconds."""
        if self.process is None or self.returncode is not None:
            return self.returncode
        if self.process.poll() is None:
            self.signal(signal.SIGTERM)
        code = self.wait_exit(timeout)
        if code is None:
            self.kill()
            raise AssertionError(f"tribune did not exit within {timeout} s of SIGTERM\n" + self.logs())
        if code != 0:
            raise AssertionError(f"tribune exited with {code} after SIGTERM (expected 0)\n" + self.logs())
        return code

    def kill(self):
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        if self.process is not None:
            self.returncode = self.process.returncode
        self._close_logs()

    def _close_logs(self):
        for handle in (getattr(self, "_stdout", None), getattr(self, "_stderr", None)):
            if handle is not None and not handle.closed:
                handle.close()

    def close(self):
        """Stops the server (asserting exit 0) and removes the folder."""
        try:
            self.stop()
        finally:
            self.kill()
            if os.environ.get("TRIBUNE_TEST_KEEP"):
                print(f"kept {self.root}", file=sys.stderr)
            else:
                shutil.rmtree(self.root, ignore_errors=True)

    def stdout_text(self):
        return _read_text(self.stdout_path)

    def stderr_text(self):
        return _read_text(self.stderr_path)

    def logs(self, tail=80):
        def last(text):
            lines = text.splitlines()
            return "\n".join(lines[-tail:])
        return (f"---- command: {' '.join(getattr(self, 'command', []))}\n"
                f"---- tribune stdout (last {tail} lines) ----\n{last(self.stdout_text())}\n"
                f"---- tribune stderr (last {tail} lines) ----\n{last(self.stderr_text())}\n")

    # ---- HTTP ---------------------------------------------------------------------

    def request(self, method, path, headers=None, body=None, timeout=SOCKET_TIMEOUT):
        connection = http.client.HTTPConnection(HOST, self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            raw = connection.getresponse()
            data = raw.read()
            return Response(raw.status, raw.reason, raw.getheaders(), data)
        finally:
            connection.close()

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def connect(self, timeout=SOCKET_TIMEOUT):
        sock = socket.create_connection((HOST, self.port), timeout=timeout)
        return sock

    def exchange(self, data, timeout=SOCKET_TIMEOUT, head_only=False):
        """Sends raw bytes on a fresh connection and reads one response (None on close)."""
        with self.connect(timeout) as sock:
            try:
                sock.sendall(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server may answer and close before taking everything
            try:
                return read_response(sock, head_only=head_only)
            except ConnectionResetError:
                return None


def _read_text(path):
    try:
        with open(path, "rb") as handle:
            return handle.read().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return ""


class SiteTestCase(unittest.TestCase):
    """Base class: prints the server's logs when a test fails. Subclasses set cls.site,
    usually with start_site() in setUpClass."""

    site = None

    @classmethod
    def start_site(cls, *, demo=False, extra=(), setup=None, label=None, env=None):
        site = TribuneSite(label or cls.__name__.lower())
        try:
            if setup is not None:
                setup(site)
            site.start(demo=demo, extra=extra, env=env)
        except BaseException:
            print(site.logs(), file=sys.stderr)
            site.kill()
            shutil.rmtree(site.root, ignore_errors=True)
            raise
        return site

    @classmethod
    def tearDownClass(cls):
        if cls.site is not None:
            site, cls.site = cls.site, None
            site.close()

    def tearDown(self):
        outcome = getattr(self, "_outcome", None)
        if outcome is not None and not getattr(outcome, "success", True):
            for site in self.sites_to_report():
                print(f"\n[{self.id()} failed] logs of {site.base_url}:\n{site.logs()}", file=sys.stderr)

    def sites_to_report(self):
        return [site for site in (type(self).site, getattr(self, "local_site", None)) if site is not None]
