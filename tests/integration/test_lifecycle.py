"""The process: CLI commands, start-up line, access log, configuration layers and bad values,
--demo on a non-empty site, and a clean exit on SIGTERM with requests in flight."""

import json
import os
import re
import signal
import socket
import time
import unittest

import pages
from tribune_server import (HOST, SiteTestCase, TribuneSite, free_port,
                            peer_closed, read_response, run_cli)

SERVE_OPTIONS = ["--listen", "--data-dir", "--base-url", "--demo", "--threads", "--config", "--db",
                 "--header-timeout", "--idle-timeout", "--max-header-bytes", "--max-body-bytes",
                 "--max-connections", "--shutdown-grace"]


def request_bytes(method, target):
    return f"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()


class TemporarySiteTestCase(SiteTestCase):
    """Each test builds its own site(s); they are closed (exit code 0 asserted) after the test."""

    def setUp(self):
        self.sites = []

    def new_site(self, label="site"):
        site = TribuneSite(label)
        self.sites.append(site)
        self.addCleanup(site.close)
        return site

    def sites_to_report(self):
        return list(self.sites)


class CliTest(TemporarySiteTestCase):
    def test_version_and_help(self):
        version = run_cli(["version"])
        self.assertEqual(version.returncode, 0, version.stderr)
        self.assertRegex(version.stdout, r"\d+\.\d+\.\d+")
        top = run_cli(["--help"])
        self.assertEqual(top.returncode, 0, top.stderr)
        for command in ("serve", "migrate", "admin"):
            self.assertIn(command, top.stdout)
        serve = run_cli(["serve", "--help"])
        self.assertEqual(serve.returncode, 0, serve.stderr)
        for option in SERVE_OPTIONS:
            with self.subTest(option=option):
                self.assertRegex(serve.stdout, re.escape(option) + r"\b")

    def test_migrate_creates_the_database_and_is_idempotent(self):
        site = self.new_site("migrate")
        site.migrate()
        self.assertTrue(os.path.isfile(os.path.join(site.data_dir, "tribune.db")))
        site.migrate()

    def test_demo_fills_only_an_empty_site(self):
        site = self.new_site("demo-nonempty")
        site.migrate()
        site.create_user("only", display_name="Only Author")
        path = site.publish_article("only", "The one article", "Alone.")
        site.start(demo=True)
        cards = pages.cards(pages.parse_html(site.get("/").text), site.base_url)
        self.assertEqual([card["href"] for card in cards], [path], "--demo must not fill a site with content")


class ServeOutputTest(TemporarySiteTestCase):
    def test_ready_line_and_access_log(self):
        site = self.new_site("access-log")
        site.start()
        wanted = [("GET", "/", None), ("GET", "/no/such/page", None), ("HEAD", "/feed", None),
                  ("POST", "/", b"")]
        ids = {}
        for method, path, body in wanted:
            response = site.request(method, path, body=body)
            ids[response.header("X-Request-Id")] = (method, path, response.status)
        site.stop()
        lines = site.stdout_text().splitlines()
        self.assertIn(f"Tribune is serving http://{HOST}:{site.port}/", lines)
        entries = {}
        for line in lines:
            if line.startswith("{"):
                entry = json.loads(line)  # every JSON-looking line must be valid JSON
                for key in ("id", "method", "path", "status", "bytes", "micros"):
                    self.assertIn(key, entry, f"access log line lacks {key}: {line}")
                self.assertIsInstance(entry["status"], int, line)
                self.assertIsInstance(entry["bytes"], int, line)
                self.assertIsInstance(entry["micros"], int, line)
                self.assertGreaterEqual(entry["micros"], 0, line)
                entries[entry["id"]] = entry
        for request_id, (method, path, status) in ids.items():
            with self.subTest(request=f"{method} {path}"):
                self.assertIn(request_id, entries, "no access log line with the response's X-Request-Id")
                entry = entries[request_id]
                self.assertEqual((entry["method"], entry["path"], entry["status"]), (method, path, status))


class ConfigurationTest(TemporarySiteTestCase):
    """tribune.toml < TRIBUNE_* < flags, observed through the canonical link and the limits."""

    def write_config(self, site, base_url, port, extra=""):
        return site.write_file(
            f'listen = "{HOST}:{port}"\n'
            f'data_dir = "{site.data_dir}"\n'
            f'base_url = "{base_url}"\n'
            f'threads = 2\n'
            f'demo = true\n'
            f'{extra}', ".toml")

    def canonical_of_front_page(self, site, port):
        site.port = port
        response = site.get("/")
        self.assertEqual(response.status, 200)
        return pages.head_link(pages.parse_html(response.text), "canonical").get("href")

    def test_toml_alone(self):
        site = self.new_site("toml")
        config = self.write_config(site, "http://toml.test", site.port, "[limits]\nmax_body_bytes = 1000\n")
        site.start(args=["serve", "--config", config])
        self.assertEqual(self.canonical_of_front_page(site, site.port), "http://toml.test/")
        self.assertTrue(pages.cards(pages.parse_html(site.get("/").text), "http://toml.test"),
                        "demo = true in the toml should fill the site")
        over = site.exchange(f"POST / HTTP/1.1\r\nHost: {HOST}\r\nContent-Length: 1001\r\n\r\n".encode())
        self.assertEqual(over.status, 413, "[limits] max_body_bytes from the toml")

    def test_environment_over_toml(self):
        site = self.new_site("env")
        toml_port, env_port = free_port(), site.port
        config = self.write_config(site, "http://toml.test", toml_port)
        site.start(args=["serve", "--config", config],
                   env={"TRIBUNE_BASE_URL": "http://env.test", "TRIBUNE_LISTEN": f"{HOST}:{env_port}",
                        "TRIBUNE_THREADS": "1"})
        self.assertEqual(self.canonical_of_front_page(site, env_port), "http://env.test/")
        with self.assertRaises(OSError, msg="the toml's port should not be listening"):
            socket.create_connection((HOST, toml_port), timeout=2).close()

    def test_flags_over_environment_over_toml(self):
        site = self.new_site("flags")
        toml_port, env_port, flag_port = free_port(), free_port(), site.port
        config = self.write_config(site, "http://toml.test", toml_port, "[limits]\nmax_body_bytes = 1000\n")
        site.start(args=["serve", "--config", config, "--base-url", "http://flag.test",
                         "--listen", f"{HOST}:{flag_port}", "--max-body-bytes", "5000"],
                   env={"TRIBUNE_BASE_URL": "http://env.test", "TRIBUNE_LISTEN": f"{HOST}:{env_port}"})
        self.assertEqual(self.canonical_of_front_page(site, flag_port), "http://flag.test/")
        under_flag = site.exchange(f"POST / HTTP/1.1\r\nHost: {HOST}\r\nContent-Length: 1001\r\n\r\n".encode()
                                   + b"a" * 1001)
        self.assertEqual(under_flag.status, 405, "--max-body-bytes 5000 should override the toml's 1000")

    def test_environment_alone(self):
        site = self.new_site("env-only")
        site.start(args=["serve"], env={"TRIBUNE_LISTEN": f"{HOST}:{site.port}", "TRIBUNE_DATA_DIR": site.data_dir,
                                        "TRIBUNE_BASE_URL": "http://env-only.test", "TRIBUNE_DEMO": "true"})
        self.assertEqual(self.canonical_of_front_page(site, site.port), "http://env-only.test/")
        self.assertTrue(pages.cards(pages.parse_html(site.get("/").text), "http://env-only.test"))
        self.assertTrue(os.path.isfile(os.path.join(site.data_dir, "tribune.db")))

    def test_db_url_puts_the_database_elsewhere(self):
        site = self.new_site("db-url")
        elsewhere = os.path.join(site.root, "elsewhere", "site.db")
        os.makedirs(os.path.dirname(elsewhere))
        site.start(demo=True, extra=["--db", "sqlite://" + elsewhere])
        self.assertTrue(pages.cards(pages.parse_html(site.get("/").text), site.base_url))
        self.assertTrue(os.path.isfile(elsewhere), "--db sqlite:///PATH should create the database there")
        self.assertFalse(os.path.exists(os.path.join(site.data_dir, "tribune.db")),
                         "with --db the data folder's tribune.db is not used")

    BAD_VALUES = [
        # (label, extra flags, env, toml text, key pattern)
        ("flag threads", ["--threads", "abc"], {}, None, r"threads"),
        ("flag listen", ["--listen", "nonsense"], {}, None, r"listen"),
        ("flag listen port", ["--listen", f"{HOST}:99999"], {}, None, r"listen"),
        ("flag max-body-bytes", ["--max-body-bytes", "-5"], {}, None, r"max[_-]body[_-]bytes"),
        ("env threads", [], {"TRIBUNE_THREADS": "lots"}, None, r"threads"),
        ("env demo", [], {"TRIBUNE_DEMO": "perhaps"}, None, r"demo"),
        ("toml threads", [], {}, "threads = -1\n", r"threads"),
        ("toml header_timeout", [], {}, "[limits]\nheader_timeout = \"soon\"\n", r"header[_-]timeout"),
        ("toml max_connections", [], {}, "[limits]\nmax_connections = -3\n", r"max[_-]connections"),
    ]

    def test_bad_values_stop_start_up_with_one_line_naming_the_key(self):
        for label, flags, env, toml, key in self.BAD_VALUES:
            with self.subTest(case=label):
                site = self.new_site("bad")
                args = ["serve", "--data-dir", site.data_dir, "--base-url", site.base_url]
                if "--listen" not in flags:
                    args += ["--listen", f"{HOST}:{site.port}"]
                if toml is not None:
                    args += ["--config", site.write_file(toml, ".toml")]
                result = run_cli(args + flags, env=env, timeout=30)
                self.assertNotEqual(result.returncode, 0, f"started despite a bad value: {result.stdout}")
                lines = result.stderr.strip().splitlines()
                self.assertEqual(len(lines), 1, f"stderr should be one line, was: {result.stderr!r}")
                self.assertRegex(lines[0], key, "the line should name the key")

    def test_unknown_flags_and_missing_commands_are_one_line_errors(self):
        cases = [
            ("unknown flag", ["serve", "--bogus-flag", "1"], r"bogus"),
            ("no command", [], r"subcommand"),
            ("missing required option", ["admin", "create-user", "--username", "x"], r"display-name"),
        ]
        for label, args, pattern in cases:
            with self.subTest(case=label):
                result = run_cli(args, timeout=30)
                self.assertNotEqual(result.returncode, 0)
                lines = result.stderr.strip().splitlines()
                self.assertEqual(len(lines), 1, f"stderr should be one line, was: {result.stderr!r}")
                self.assertRegex(lines[0], pattern)


class ShutdownTest(TemporarySiteTestCase):
    def test_sigterm_lets_requests_in_flight_complete(self):
        """Four keep-alive connections each send a request, SIGTERM follows at once: every
        response arrives complete and the process exits 0. Repeated: the race is the point."""
        site = self.new_site("sigterm")
        problems = []
        first_count = None
        for round_number in range(5):
            site.process = None
            site.returncode = None
            site.start(demo=True)
            cards = pages.cards(pages.parse_html(site.get("/").text), site.base_url)
            # --demo on the now non-empty site must not add a second copy.
            first_count = len(cards) if first_count is None else first_count
            self.assertEqual(len(cards), first_count, "--demo refilled a non-empty site")
            path = max(cards, key=lambda card: card["comment_count"] or 0)["href"]
            reference = site.get(path).body
            connections = []
            try:
                for _ in range(4):
                    sock = site.connect(timeout=20)
                    sock.sendall(request_bytes("GET", "/healthz"))
                    self.assertEqual(read_response(sock).status, 200)
                    connections.append(sock)
                # Each connection is accepted and waiting; send the requests, then SIGTERM at once.
                for sock in connections:
                    sock.sendall(request_bytes("GET", path))
                site.signal(signal.SIGTERM)
                for number, sock in enumerate(connections):
                    try:
                        response = read_response(sock)
                    except (OSError, AssertionError) as error:
                        response = error
                    if not hasattr(response, "status"):
                        problems.append(f"round {round_number}, connection {number}: no response ({response!r})")
                    elif response.status != 200 or response.body != reference:
                        problems.append(f"round {round_number}, connection {number}: {response.status}, "
                                        f"{len(response.body)} of {len(reference)} bytes")
            finally:
                for sock in connections:
                    sock.close()
                code = site.wait_exit(15)
            if code != 0:
                problems.append(f"round {round_number}: exit code {code} after SIGTERM")
                site.kill()
        self.assertEqual(problems, [], f"{len(problems)} problems in 5 rounds of 4 requests")

    def test_idle_and_slow_connections_do_not_hold_shutdown_past_the_grace(self):
        site = self.new_site("grace")
        site.start(extra=["--shutdown-grace", "2"])
        idle = site.connect()
        idle.sendall(request_bytes("GET", "/healthz"))
        self.assertEqual(read_response(idle).status, 200)
        slow = site.connect()
        slow.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Drip: a")
        try:
            started = time.monotonic()
            site.signal(signal.SIGTERM)
            code = site.wait_exit(10)
            self.assertIsNotNone(code, "still running 10 s after SIGTERM with --shutdown-grace 2")
            self.assertEqual(code, 0)
            self.assertTrue(peer_closed(idle, 2))
            self.assertLess(time.monotonic() - started, 10)
        finally:
            idle.close()
            slow.close()


if __name__ == "__main__":
    unittest.main()
