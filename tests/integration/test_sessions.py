"""The member's sessions page (/account/security): listing the live sessions with readable
device names and "This device", ending another session or all others server-side (effective
on that device's very next request), CSRF and origin checks, other members' sessions left
alone, visitors sent to sign in, and no revocation by GET."""

import re
import unittest

import pages
from test_sign_in import SESSION_COOKIE, SignInClient, csrf_token, set_cookies
from tribune_server import PASSWORD, SiteTestCase

FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0"
SAFARI_IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
                 "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1")
CHROME_WINDOWS = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                  "(KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36")
SECURITY = "/account/security"
REVOKE_OTHERS = "/account/sessions/revoke-others"
REVOKE_ACTION = re.compile(r"^/account/sessions/(\d+)/revoke$")
MEMBERS = ("ada", "bea", "cleo", "dora", "emil", "finn", "gus")


class Device(SignInClient):
    """A browser with its own cookie jar and User-Agent."""

    def __init__(self, site, user_agent):
        super().__init__(site)
        self.user_agent = user_agent

    def get(self, path):
        headers = {"User-Agent": self.user_agent}
        if self.cookies:
            headers["Cookie"] = self.cookie_header()
        response = self.site.get(path, headers=headers)
        self.remember(response)
        return response

    def post(self, path, fields, *, origin=True, headers=None):
        return super().post(path, fields, origin=origin, headers={"User-Agent": self.user_agent, **(headers or {})})


def session_rows(response):
    """[{'device', 'current', 'revoke' (path or None), 'address', 'times'}] of the sessions table."""
    dom = pages.parse_html(response.text)
    table = dom.find("table", cls="sessions")
    if table is None:
        raise AssertionError("no sessions table in the page")
    rows = []
    for row in table.find("tbody").find_all("tr"):
        heading = row.find("th")
        badge = heading.find("strong", cls="this-device")
        device = heading.normalized_text()
        if badge is not None:
            device = device.replace(badge.normalized_text(), "").strip()
        form = row.find("form", cls="revoke-session-form")
        rows.append({
            "device": device,
            "current": badge is not None,
            "revoke": form.get("action") if form is not None else None,
            "address": row.find("td", cls="session-address").normalized_text(),
            "times": [time.get("datetime") for time in row.find_all("time")],
        })
    return rows


class SessionsTest(SiteTestCase):
    @classmethod
    def setUpClass(cls):
        def setup(site):
            for username in MEMBERS:
                site.create_user(username, display_name=username.title() + " Member", role="member")
        cls.site = cls.start_site(setup=setup)

    def device(self, user_agent, username):
        device = Device(self.site, user_agent)
        response = device.sign_in(username)
        self.assertEqual(response.status, 303, response.text)
        return device

    def signed_in(self, device):
        return "Signed in as" in device.get("/").text

    def test_page_lists_sessions_and_marks_this_device(self):
        a = self.device(FIREFOX_LINUX, "ada")
        self.device(SAFARI_IPHONE, "ada")
        page = a.get(SECURITY)
        self.assertEqual(page.status, 200)
        self.assertEqual(page.header("Cache-Control"), "private, no-store")
        dom = pages.parse_html(page.text)
        self.assertEqual(pages.meta_content(dom, name="robots"), "noindex")
        self.assertEqual(dom.find("h1").normalized_text(), "Your sessions")
        self.assertEqual(dom.find("a", href=SECURITY).get("aria-current"), "page")
        rows = session_rows(page)
        self.assertEqual(sorted(row["device"] for row in rows), ["Firefox on Linux", "Safari on iPhone"])
        current = [row for row in rows if row["current"]]
        self.assertEqual([row["device"] for row in current], ["Firefox on Linux"])
        self.assertIsNone(current[0]["revoke"], "the current session is ended by sign-out, not here")
        other = next(row for row in rows if not row["current"])
        self.assertRegex(other["revoke"], REVOKE_ACTION)
        for row in rows:
            self.assertEqual(row["address"], "127.0.0.1")
            self.assertEqual(len(row["times"]), 2)
            for value in row["times"]:
                self.assertRegex(value, pages.RFC3339)
        forms = dom.find_all("form", method="post")
        self.assertTrue(any(form.get("action") == REVOKE_OTHERS for form in forms))
        for form in forms:
            self.assertIsNotNone(form.find("button", type="submit"))
            self.assertTrue(form.find("input", name="csrf").get("value"))
        # Nothing of the template's comment leaks into the page.
        self.assertRegex(page.text, r'<main id="content" tabindex="-1">\s*<div class="page-wrap account-page">')
        self.assertNotIn("}}", page.text)
        self.assertNotIn("<script", page.text)
        self.assertNotIn("style=", page.text)
        # The masthead of signed-in pages links here; visitors' pages do not.
        link = pages.parse_html(a.get("/").text).find("a", href=SECURITY)
        self.assertIsNotNone(link)
        self.assertIsNone(link.get("aria-current"))
        self.assertIsNone(pages.parse_html(self.site.get("/").text).find("a", href=SECURITY))

    def test_revoking_another_device_signs_it_out_on_its_next_request(self):
        a = self.device(FIREFOX_LINUX, "bea")
        b = self.device(SAFARI_IPHONE, "bea")
        self.assertTrue(self.signed_in(b))
        page = a.get(SECURITY)
        target = next(row for row in session_rows(page) if row["device"] == "Safari on iPhone")
        response = a.post(target["revoke"], {"csrf": csrf_token(page)})
        self.assertEqual(response.status, 303)
        self.assertEqual(response.header("Location"), SECURITY)

        front = b.get("/")
        self.assertNotIn("Signed in as", front.text)
        self.assertIn('<a href="/login">Sign in</a>', front.text)
        redirected = b.get(SECURITY)
        self.assertEqual(redirected.status, 303)
        self.assertTrue(redirected.header("Location").startswith("/login"))

        self.assertTrue(self.signed_in(a))
        rows = session_rows(a.get(SECURITY))
        self.assertEqual([row["device"] for row in rows], ["Firefox on Linux"])
        # Revoking it again: it is no longer a live session of the member.
        again = a.post(target["revoke"], {"csrf": csrf_token(page)})
        self.assertEqual(again.status, 404)

    def test_sign_out_everywhere_else_leaves_only_this_device(self):
        a = self.device(FIREFOX_LINUX, "cleo")
        b = self.device(SAFARI_IPHONE, "cleo")
        c = self.device(CHROME_WINDOWS, "cleo")
        page = a.get(SECURITY)
        self.assertEqual(len(session_rows(page)), 3)
        response = a.post(REVOKE_OTHERS, {"csrf": csrf_token(page)})
        self.assertEqual(response.status, 303)
        self.assertEqual(response.header("Location"), SECURITY)
        page = a.get(SECURITY)
        rows = session_rows(page)
        self.assertEqual([(row["device"], row["current"]) for row in rows], [("Firefox on Linux", True)])
        self.assertIsNone(pages.parse_html(page.text).find("form", action=REVOKE_OTHERS),
                          "no 'sign out everywhere else' when there is nowhere else")
        self.assertFalse(self.signed_in(b))
        self.assertFalse(self.signed_in(c))
        self.assertTrue(self.signed_in(a))

    def test_missing_token_or_foreign_origin_is_refused_and_revokes_nothing(self):
        a = self.device(FIREFOX_LINUX, "dora")
        b = self.device(SAFARI_IPHONE, "dora")
        page = a.get(SECURITY)
        token = csrf_token(page)
        target = next(row for row in session_rows(page) if not row["current"])["revoke"]
        attempts = (
            (target, {}, True),
            (target, {"csrf": "forged"}, True),
            (target, {"csrf": token}, "https://evil.example"),
            (target, {"csrf": token}, False),
            (REVOKE_OTHERS, {}, True),
            (REVOKE_OTHERS, {"csrf": token}, "https://evil.example"),
        )
        for path, fields, origin in attempts:
            with self.subTest(path=path, fields=sorted(fields), origin=origin):
                response = a.post(path, fields, origin=origin)
                self.assertEqual(response.status, 403)
        self.assertTrue(self.signed_in(b))
        self.assertEqual(len(session_rows(a.get(SECURITY))), 2)
        # A visitor's post is refused the same way.
        visitor = Device(self.site, CHROME_WINDOWS)
        self.assertEqual(visitor.post(REVOKE_OTHERS, {"csrf": token}).status, 403)
        self.assertEqual(visitor.post(target, {"csrf": token}).status, 403)
        self.assertTrue(self.signed_in(b))

    def test_another_members_session_is_not_found_and_keeps_working(self):
        owner = self.device(FIREFOX_LINUX, "emil")
        victim = self.device(SAFARI_IPHONE, "emil")
        target = next(row for row in session_rows(owner.get(SECURITY)) if not row["current"])["revoke"]
        intruder = self.device(CHROME_WINDOWS, "finn")
        page = intruder.get(SECURITY)
        response = intruder.post(target, {"csrf": csrf_token(page)})
        self.assertEqual(response.status, 404)
        self.assertTrue(self.signed_in(victim))
        self.assertEqual(len(session_rows(owner.get(SECURITY))), 2)
        # Ids that are no session at all answer the same.
        for path in ("/account/sessions/999999/revoke", "/account/sessions/0/revoke"):
            with self.subTest(path=path):
                self.assertEqual(intruder.post(path, {"csrf": csrf_token(page)}).status, 404)

    def test_visitor_is_sent_to_sign_in_and_back(self):
        response = self.site.get(SECURITY)
        self.assertEqual(response.status, 303)
        self.assertEqual(response.header("Location"), "/login?next=%2Faccount%2Fsecurity")
        self.assertFalse((response.header("Cache-Control") or "").startswith("public"))
        # An unknown or revoked cookie is a visitor too.
        stale = self.site.get(SECURITY, headers={"Cookie": f"{SESSION_COOKIE}=not-a-session"})
        self.assertEqual(stale.status, 303)
        device = Device(self.site, FIREFOX_LINUX)
        form = device.login_form("/account/security")
        self.assertEqual(pages.parse_html(form.text).find("input", name="next").get("value"), SECURITY)
        signed_in = device.post("/login", {"csrf": csrf_token(form), "username": "gus",
                                           "password": PASSWORD, "next": SECURITY})
        self.assertEqual(signed_in.status, 303)
        self.assertEqual(signed_in.header("Location"), SECURITY)
        self.assertIn(SESSION_COOKIE, set_cookies(signed_in))
        self.assertEqual(device.get(SECURITY).status, 200)

    def test_revoke_urls_refuse_get(self):
        for path in ("/account/sessions/1/revoke", REVOKE_OTHERS):
            with self.subTest(path=path):
                response = self.site.get(path)
                self.assertEqual(response.status, 405)
                self.assertIn("POST", response.header("Allow") or "")


if __name__ == "__main__":
    unittest.main()
