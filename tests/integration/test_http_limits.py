"""The HTTP layer: status pages (404, 405, 400, 413, 414, 431), HEAD, keep-alive, gzip, the
headers every response carries, and the timeouts that protect against slow clients."""

import email.utils
import gzip
import select
import time
import unittest

import pages
from tribune_server import SiteTestCase, read_response, peer_closed


def request_bytes(method, target, headers=(), body=b""):
    lines = [f"{method} {target} HTTP/1.1", "Host: 127.0.0.1"]
    lines += [f"{name}: {value}" for name, value in headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def check_common_headers(test, response, what):
    """Headers the contract puts on every response, errors included."""
    test.assertIsNotNone(response, f"{what}: the connection closed without a response")
    date = response.header("Date")
    test.assertIsNotNone(date, f"{what}: Date missing")
    test.assertIsNotNone(email.utils.parsedate_to_datetime(date), f"{what}: bad Date {date!r}")
    test.assertIsNotNone(response.header("Content-Length"), f"{what}: Content-Length missing")
    policy = response.header("Content-Security-Policy")
    test.assertIsNotNone(policy, f"{what}: Content-Security-Policy missing")
    directives = {}
    for directive in policy.split(";"):
        parts = directive.split()
        if parts:
            directives[parts[0].lower()] = parts[1:]
    script_sources = directives.get("script-src", directives.get("default-src"))
    test.assertIsNotNone(script_sources, f"{what}: CSP restricts neither script-src nor default-src: {policy!r}")
    test.assertNotIn("'unsafe-inline'", script_sources, f"{what}: CSP allows inline scripts")
    test.assertEqual(response.header("X-Content-Type-Options"), "nosniff", what)
    test.assertTrue(response.header("Referrer-Policy"), f"{what}: Referrer-Policy missing")
    test.assertTrue(response.header("X-Request-Id"), f"{what}: X-Request-Id missing")
    test.assertIsNone(response.header("Server"), f"{what}: a Server header gives the software away")


class HttpTest(SiteTestCase):
    """Default limits, demo content."""

    @classmethod
    def setUpClass(cls):
        cls.site = cls.start_site(demo=True)
        front = pages.parse_html(cls.site.get("/").text)
        cls.article_path = pages.cards(front, cls.site.base_url)[0]["href"]

    def test_healthz_static_and_placeholder_pages(self):
        health = self.site.get("/healthz")
        self.assertEqual(health.status, 200)
        self.assertTrue((health.header("Content-Type") or "").startswith("application/json"))
        self.assertEqual(health.json(), {"status": "ok"})
        css = self.site.get("/static/style.css")
        self.assertEqual(css.status, 200)
        self.assertTrue((css.header("Content-Type") or "").startswith("text/css"), css.header("Content-Type"))
        self.assertGreater(len(css.body), 0)
        for path in ("/register", "/login"):
            with self.subTest(path=path):
                response = self.site.get(path)
                self.assertEqual(response.status, 200)
                pages.check_common_markers(self, self.site, path, response)
        for path, response in (("/healthz", health), ("/static/style.css", css)):
            check_common_headers(self, response, path)

    def test_security_headers_on_pages_and_errors(self):
        for path in ("/", self.article_path, "/feed", "/no/such/page"):
            with self.subTest(path=path):
                check_common_headers(self, self.site.get(path), path)

    def test_unknown_path_is_a_404_page(self):
        response = self.site.get("/no/such/page")
        self.assertEqual(response.status, 404)
        self.assertEqual(response.header("Content-Type"), "text/html; charset=utf-8")
        self.assertIn("<html", response.text.lower())
        self.assertIn('<a class="cta-register" href="/register">Register your voice</a>', response.text)

    def test_request_ids_differ(self):
        ids = {self.site.get("/healthz").header("X-Request-Id") for _ in range(5)}
        self.assertEqual(len(ids), 5)

    def test_unsupported_methods_are_405_with_allow(self):
        for method, path in (("POST", "/"), ("PUT", self.article_path), ("DELETE", "/feed"), ("POST", "/healthz"),
                             ("POST", "/page/2"), ("PATCH", "/feed/atom")):
            with self.subTest(method=method, path=path):
                response = self.site.request(method, path, body=b"", headers={"Content-Length": "0"})
                self.assertEqual(response.status, 405)
                self.assertEqual(response.header("Allow"), "GET, HEAD")
                check_common_headers(self, response, f"{method} {path}")

    def test_head_matches_get_without_a_body(self):
        for path in ("/", self.article_path, "/no/such/page"):
            with self.subTest(path=path):
                get = self.site.get(path)
                with self.site.connect() as sock:
                    sock.sendall(request_bytes("HEAD", path))
                    head = read_response(sock, head_only=True)
                    self.assertEqual(head.status, get.status)
                    self.assertEqual(head.header("Content-Length"), str(len(get.body)))
                    self.assertEqual(head.header("Content-Type"), get.header("Content-Type"))
                    # Were a body sent after the HEAD answer, it would be read as the next status line.
                    sock.sendall(request_bytes("GET", "/healthz"))
                    after = read_response(sock)
                    self.assertEqual(after.status, 200)
                    self.assertEqual(after.json(), {"status": "ok"})

    def test_keep_alive_serves_two_requests_on_one_socket(self):
        with self.site.connect() as sock:
            sock.sendall(request_bytes("GET", "/"))
            first = read_response(sock)
            self.assertEqual(first.status, 200)
            self.assertNotEqual((first.header("Connection") or "").lower(), "close")
            sock.sendall(request_bytes("GET", self.article_path))
            second = read_response(sock)
            self.assertEqual(second.status, 200)
            self.assertEqual(second.body, self.site.get(self.article_path).body)
            sock.sendall(request_bytes("GET", "/no/such/page"))
            third = read_response(sock)
            self.assertEqual(third.status, 404, "a 404 keeps the connection usable")

    def test_gzip_when_asked(self):
        for path in ("/", self.article_path, "/feed/atom"):
            with self.subTest(path=path):
                plain = self.site.get(path)
                self.assertIsNone(plain.header("Content-Encoding"))
                zipped = self.site.get(path, headers={"Accept-Encoding": "gzip, deflate"})
                self.assertEqual(zipped.status, 200)
                self.assertEqual(zipped.header("Content-Encoding"), "gzip")
                self.assertIn("accept-encoding", (zipped.header("Vary") or "").lower())
                self.assertEqual(zipped.header("Content-Length"), str(len(zipped.body)))
                self.assertLess(len(zipped.body), len(plain.body))
                self.assertEqual(gzip.decompress(zipped.body), plain.body)
                check_common_headers(self, zipped, f"gzip {path}")
        unsupported = self.site.get("/", headers={"Accept-Encoding": "br"})
        self.assertIsNone(unsupported.header("Content-Encoding"), "no gzip unless asked")

    def test_body_over_the_limit_is_413_before_it_is_sent(self):
        with self.site.connect(timeout=15) as sock:
            sock.sendall(request_bytes("POST", "/", [("Content-Type", "application/octet-stream"),
                                                    ("Content-Length", str(2 * 1024 * 1024))]))
            response = read_response(sock)  # no body sent: the answer must not wait for it
        self.assertIsNotNone(response, "closed without an answer")
        self.assertEqual(response.status, 413)
        check_common_headers(self, response, "413")

    def test_header_block_over_16_kib_is_431(self):
        response = self.site.exchange(request_bytes("GET", "/", [("X-Filler", "a" * (17 * 1024))]))
        self.assertIsNotNone(response, "closed (or reset) without an answer")
        self.assertEqual(response.status, 431)
        check_common_headers(self, response, "431")
        many = [(f"X-Filler-{number}", "b" * 100) for number in range(200)]  # ~22 KB in many lines
        response = self.site.exchange(request_bytes("GET", "/", many))
        self.assertIsNotNone(response, "closed (or reset) without an answer")
        self.assertEqual(response.status, 431)

    def test_header_block_under_the_limit_is_served(self):
        response = self.site.exchange(request_bytes("GET", "/healthz", [("X-Filler", "a" * (12 * 1024))]))
        self.assertEqual(response.status, 200)

    def test_request_target_over_8_kib_is_414(self):
        response = self.site.exchange(request_bytes("GET", "/" + "a" * (9 * 1024)))
        self.assertIsNotNone(response, "closed without an answer")
        self.assertEqual(response.status, 414)
        check_common_headers(self, response, "414")
        response = self.site.exchange(request_bytes("GET", "/articles/" + "a" * (7 * 1024)))
        self.assertEqual(response.status, 404, "a target under 8 KiB is routed normally")

    def test_garbage_is_400(self):
        cases = {
            "not http": b"HELLO WORLD\r\n\r\n",
            "header without colon": b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nNoColonHere\r\n\r\n",
            "bad content length": b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: banana\r\n\r\n",
            "space in method": b"G T / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        }
        for label, data in cases.items():
            with self.subTest(case=label):
                response = self.site.exchange(data)
                self.assertIsNotNone(response, "closed without an answer")
                self.assertEqual(response.status, 400)
                check_common_headers(self, response, f"400 {label}")

    def test_content_length_with_transfer_encoding_is_400(self):
        for method in ("POST", "GET"):
            with self.subTest(method=method):
                data = request_bytes(method, "/", [("Content-Length", "5"), ("Transfer-Encoding", "chunked")],
                                     b"0\r\n\r\n")
                response = self.site.exchange(data)
                self.assertIsNotNone(response, "closed without an answer")
                self.assertEqual(response.status, 400)
                check_common_headers(self, response, "400 CL+TE")

    def test_server_still_serves_after_the_abuse(self):
        for data in (b"HELLO\r\n\r\n", request_bytes("GET", "/", [("X", "a" * 20000)])):
            self.site.exchange(data)
        self.assertEqual(self.site.get("/").status, 200)


class ConfiguredLimitsTest(SiteTestCase):
    """--max-body-bytes and --max-header-bytes move the limits."""

    @classmethod
    def setUpClass(cls):
        cls.site = cls.start_site(extra=["--max-body-bytes", "1000", "--max-header-bytes", "4096"])

    def test_body_limit_follows_the_flag(self):
        over = self.site.exchange(request_bytes("POST", "/", [("Content-Length", "1001")]))
        self.assertIsNotNone(over)
        self.assertEqual(over.status, 413)
        under = self.site.exchange(request_bytes("POST", "/", [("Content-Length", "10")], b"a=1&b=2345"))
        self.assertEqual(under.status, 405, "a body under the limit is read and the route answers")

    def test_header_limit_follows_the_flag(self):
        over = self.site.exchange(request_bytes("GET", "/", [("X-Filler", "a" * 5000)]))
        self.assertIsNotNone(over, "closed (or reset) without an answer")
        self.assertEqual(over.status, 431)
        under = self.site.exchange(request_bytes("GET", "/", [("X-Filler", "a" * 3000)]))
        self.assertEqual(under.status, 200)


class MaxConnectionsTest(SiteTestCase):
    """--max-connections 2: a third concurrent connection is closed at once (tribune serve --help)."""

    @classmethod
    def setUpClass(cls):
        cls.site = cls.start_site(extra=["--max-connections", "2"])

    def served_connection(self):
        """A connection that got a 200. Retried for a while: the connections the start-up
        health checks closed may not be released by the server yet."""
        deadline = time.monotonic() + 8
        while True:
            sock = self.site.connect()
            try:
                sock.sendall(request_bytes("GET", "/healthz"))
                response = read_response(sock)
                if response is not None and response.status == 200:
                    return sock
            except (ConnectionResetError, BrokenPipeError):
                pass
            sock.close()
            self.assertLess(time.monotonic(), deadline, "no connection served within 8 s")
            time.sleep(0.2)

    def test_connections_over_the_limit_are_closed(self):
        held = []
        try:
            for _ in range(2):
                held.append(self.served_connection())
            with self.site.connect() as third:
                try:
                    third.sendall(request_bytes("GET", "/healthz"))
                except (BrokenPipeError, ConnectionResetError):
                    pass
                self.assertTrue(peer_closed(third, 5), "a third connection was kept open")
            # Both held connections still work.
            for sock in held:
                sock.sendall(request_bytes("GET", "/healthz"))
                self.assertEqual(read_response(sock).status, 200)
        finally:
            for sock in held:
                sock.close()
        # Once they are gone, new clients are served again.
        deadline = time.monotonic() + 8
        while True:
            try:
                if self.site.get("/healthz").status == 200:
                    break
            except OSError:
                pass
            self.assertLess(time.monotonic(), deadline, "not serving again 8 s after the connections closed")
            time.sleep(0.2)


class TimeoutsTest(SiteTestCase):
    """--header-timeout 2 and --idle-timeout 2: slow and idle clients are let go, others served."""

    @classmethod
    def setUpClass(cls):
        cls.site = cls.start_site(extra=["--header-timeout", "2", "--idle-timeout", "2"])

    def test_slowloris_is_disconnected_while_others_are_served(self):
        drippers = []
        for _ in range(10):
            sock = self.site.connect(timeout=5)
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Drip: ")
            drippers.append(sock)
        started = time.monotonic()
        open_socks = set(drippers)
        served = 0
        try:
            while open_socks and time.monotonic() - started < 8:
                for sock in list(open_socks):
                    try:
                        sock.send(b"a")
                    except (BrokenPipeError, ConnectionResetError):
                        open_socks.discard(sock)
                        continue
                    readable, _, _ = select.select([sock], [], [], 0)
                    if readable:
                        try:
                            data = sock.recv(65536)
                        except ConnectionResetError:
                            data = b""
                        # An answer (408) is allowed before the close; the close must follow.
                        if data:
                            self.assertTrue(peer_closed(sock, 3), f"answered {data[:40]!r} but stays open")
                        open_socks.discard(sock)
                response = self.site.get("/healthz")
                self.assertEqual(response.status, 200, "another client must be served meanwhile")
                served += 1
                time.sleep(0.25)
            elapsed = time.monotonic() - started
            self.assertEqual(len(open_socks), 0, f"{len(open_socks)} dripping clients still connected after {elapsed:.1f} s")
            self.assertGreaterEqual(served, 2)
            self.assertEqual(self.site.get("/").status, 200)
        finally:
            for sock in drippers:
                sock.close()

    def test_idle_keep_alive_connection_is_closed(self):
        with self.site.connect() as sock:
            sock.sendall(request_bytes("GET", "/healthz"))
            self.assertEqual(read_response(sock).status, 200)
            self.assertTrue(peer_closed(sock, 8), "idle connection still open 8 s after --idle-timeout 2")

    def test_connection_that_never_sends_is_closed(self):
        with self.site.connect() as sock:
            self.assertTrue(peer_closed(sock, 8), "silent connection still open 8 s after --header-timeout 2")


if __name__ == "__main__":
    unittest.main()
