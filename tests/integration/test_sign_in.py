"""Signing in and out: the form and its pre-session cookie, the session cookie's attributes,
the signed-in page state and its caching, no account enumeration, CSRF and origin checks,
`next` staying on the site, the sign-in throttle, and server-side revocation at sign-out."""

import re
import time
import unittest
import urllib.parse

import pages
from tribune_server import PASSWORD, SiteTestCase

CSRF_FIELD = re.compile(r'name="csrf" value="([^"]*)"')
MISMATCH = "That username and password do not match."
SESSION_COOKIE = "tribune_session"
PRE_SESSION_COOKIE = "tribune_presession"
# SessionPolicy::remember_absolute: the cookie of "keep me signed in" lasts 90 days.
REMEMBERED_MAX_AGE = 90 * 24 * 60 * 60


def parse_set_cookie(value):
    """('name', 'value', {attribute lower-case: value or True})."""
    parts = [part.strip() for part in value.split(";")]
    name, _, cookie_value = parts[0].partition("=")
    attributes = {}
    for part in parts[1:]:
        key, sep, attribute_value = part.partition("=")
        attributes[key.lower()] = attribute_value if sep else True
    return name, cookie_value, attributes


def set_cookies(response):
    """{name: (value, attributes)} of the response's Set-Cookie headers."""
    cookies = {}
    for header in response.header_all("Set-Cookie"):
        name, value, attributes = parse_set_cookie(header)
        cookies[name] = (value, attributes)
    return cookies


def csrf_token(response):
    match = CSRF_FIELD.search(response.text)
    if match is None:
        raise AssertionError("no csrf field in the page")
    return match.group(1)


def article_setup(holder):
    def setup(site):
        site.create_user("ada", display_name="Ada Lovelace")
        holder["article"] = site.publish_article("ada", "Notes on the engine", "The analytical engine weaves patterns.")
    return setup


class SignInClient:
    """A browser-like client for one site: keeps the pre-session and session cookies."""

    def __init__(self, site):
        self.site = site
        self.cookies = {}

    def cookie_header(self):
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def remember(self, response):
        for name, (value, attributes) in set_cookies(response).items():
            if attributes.get("max-age") == "0":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def get(self, path):
        headers = {"Cookie": self.cookie_header()} if self.cookies else {}
        response = self.site.get(path, headers=headers)
        self.remember(response)
        return response

    def post(self, path, fields, *, origin=True, headers=None):
        all_headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if origin:
            all_headers["Origin"] = self.site.base_url if origin is True else origin
        if self.cookies:
            all_headers["Cookie"] = self.cookie_header()
        all_headers.update(headers or {})
        response = self.site.request("POST", path, headers=all_headers, body=urllib.parse.urlencode(fields))
        self.remember(response)
        return response

    def login_form(self, next_path=None):
        path = "/login" + ("?next=" + urllib.parse.quote(next_path, safe="") if next_path else "")
        return self.get(path)

    def sign_in(self, username="ada", password=PASSWORD, *, next_path=None, remember=False, **post_options):
        form = self.login_form()
        fields = {"csrf": csrf_token(form), "username": username, "password": password}
        if next_path is not None:
            fields["next"] = next_path
        if remember:
            fields["remember"] = "yes"
        return self.post("/login", fields, **post_options)


class SignInTest(SiteTestCase):
    @classmethod
    def setUpClass(cls):
        holder = {}
        cls.site = cls.start_site(setup=article_setup(holder))
        cls.article = holder["article"]

    def client(self):
        return SignInClient(self.site)

    def test_login_form_has_csrf_field_and_sets_the_pre_session_cookie(self):
        client = self.client()
        response = client.login_form("/articles/x#respond")
        self.assertEqual(response.status, 200)
        self.assertEqual(response.header("Cache-Control"), "no-store")
        dom = pages.parse_html(response.text)
        form = dom.find("form", cls="sign-in-form")
        self.assertIsNotNone(form, "no sign-in form")
        self.assertEqual(form.get("method"), "post")
        self.assertEqual(form.get("action"), "/login")
        fields = {field.get("name"): field for field in form.find_all("input")}
        self.assertEqual(fields["csrf"].get("type"), "hidden")
        self.assertTrue(fields["csrf"].get("value"))
        self.assertEqual(fields["next"].get("value"), "/articles/x#respond")
        self.assertEqual(fields["username"].get("autocomplete"), "username")
        self.assertEqual(fields["password"].get("autocomplete"), "current-password")
        self.assertEqual(fields["password"].get("type"), "password")
        self.assertEqual(fields["remember"].get("type"), "checkbox")
        labels = {label.get("for") for label in form.find_all("label")}
        self.assertTrue({"username", "password", "remember"} <= labels, labels)
        self.assertIn("Keep me signed in on this device", response.text)
        cookies = set_cookies(response)
        self.assertIn(PRE_SESSION_COOKIE, cookies)
        value, attributes = cookies[PRE_SESSION_COOKIE]
        self.assertGreaterEqual(len(value), 43)
        self.assertIn("httponly", attributes)
        self.assertEqual(attributes.get("samesite"), "Lax")
        self.assertEqual(attributes.get("path"), "/")
        self.assertGreater(int(attributes.get("max-age", "0")), 0)
        self.assertLessEqual(int(attributes["max-age"]), 3 * 60 * 60)

    def test_sign_in_sets_a_session_cookie_and_shows_the_signed_in_state(self):
        client = self.client()
        response = client.sign_in(next_path=self.article + "#respond")
        self.assertEqual(response.status, 303, response.text)
        self.assertEqual(response.header("Location"), self.article + "#respond")
        cookies = set_cookies(response)
        self.assertIn(SESSION_COOKIE, cookies)
        value, attributes = cookies[SESSION_COOKIE]
        self.assertGreaterEqual(len(value), 43)
        self.assertIn("httponly", attributes)
        self.assertEqual(attributes.get("samesite"), "Lax")
        self.assertEqual(attributes.get("path"), "/")
        self.assertNotIn("max-age", attributes, "without 'keep me signed in' the cookie ends with the browser")
        self.assertNotIn("expires", attributes)

        page = client.get(self.article)
        self.assertEqual(page.status, 200)
        self.assertEqual(page.header("Cache-Control"), "private, no-store")
        self.assertIn("Signed in as Ada Lovelace", page.text)
        self.assertIn("Posting comments arrives soon", page.text)
        self.assertNotIn("You must be logged in to post a comment.", page.text)
        dom = pages.parse_html(page.text)
        sign_out = dom.find("form", cls="sign-out-form")
        self.assertIsNotNone(sign_out, "no sign-out form in the masthead")
        self.assertEqual(sign_out.get("method"), "post")
        self.assertEqual(sign_out.get("action"), "/logout")
        for path in ("/", "/author/ada"):
            with self.subTest(path=path):
                other = client.get(path)
                self.assertEqual(other.header("Cache-Control"), "private, no-store")
                self.assertIn("Signed in as Ada Lovelace", other.text)

        # Visitors still get the public page and the public masthead.
        anonymous = self.site.get(self.article)
        self.assertTrue(anonymous.header("Cache-Control").startswith("public"), anonymous.header("Cache-Control"))
        self.assertNotIn("Signed in as", anonymous.text)
        self.assertIn('<a class="cta-register" href="/register">Register your voice</a>', anonymous.text)

    def test_keep_me_signed_in_gives_the_cookie_a_max_age(self):
        response = self.client().sign_in(remember=True)
        self.assertEqual(response.status, 303, response.text)
        value, attributes = set_cookies(response)[SESSION_COOKIE]
        self.assertEqual(int(attributes.get("max-age", "0")), REMEMBERED_MAX_AGE)

    def test_wrong_password_and_unknown_user_answer_alike(self):
        client = self.client()
        form = client.login_form()
        token = csrf_token(form)
        wrong = client.post("/login", {"csrf": token, "username": "ada", "password": "not the password at all"})
        unknown = client.post("/login", {"csrf": token, "username": "nobody-here", "password": "not the password at all"})
        self.assertEqual(wrong.status, 200)
        self.assertEqual(unknown.status, wrong.status)
        self.assertIn(MISMATCH, wrong.text)
        self.assertEqual(CSRF_FIELD.sub("", wrong.text), CSRF_FIELD.sub("", unknown.text))
        self.assertEqual(wrong.header_all("Set-Cookie"), unknown.header_all("Set-Cookie"))
        self.assertNotIn(SESSION_COOKIE, set_cookies(wrong))
        # The re-shown form works: its token is valid for the same pre-session cookie.
        retry = client.post("/login", {"csrf": csrf_token(wrong), "username": "ada", "password": PASSWORD})
        self.assertEqual(retry.status, 303)

    def test_missing_or_forged_csrf_token_is_refused(self):
        client = self.client()
        client.login_form()
        for fields in ({"username": "ada", "password": PASSWORD},
                       {"csrf": "forged", "username": "ada", "password": PASSWORD}):
            with self.subTest(fields=sorted(fields)):
                response = client.post("/login", fields)
                self.assertEqual(response.status, 403)
                self.assertNotIn(SESSION_COOKIE, set_cookies(response))
        # A token without its pre-session cookie is refused too.
        token = csrf_token(client.login_form())
        response = SignInClient(self.site).post("/login", {"csrf": token, "username": "ada", "password": PASSWORD})
        self.assertEqual(response.status, 403)

    def test_foreign_origin_is_refused(self):
        for options in ({"origin": "https://evil.example"}, {"origin": False}):
            with self.subTest(options=options):
                response = self.client().sign_in(**options)
                self.assertEqual(response.status, 403)
                self.assertNotIn(SESSION_COOKIE, set_cookies(response))

    def test_next_stays_on_the_site(self):
        for target, expected in (("//evil.example", "/"), ("https://evil.example", "/"),
                                 ("/\\evil.example", "/"), ("evil", "/"), ("/author/ada", "/author/ada")):
            with self.subTest(next=target):
                response = self.client().sign_in(next_path=target)
                self.assertEqual(response.status, 303)
                self.assertEqual(response.header("Location"), expected)

    def test_sign_out_revokes_the_session(self):
        client = self.client()
        self.assertEqual(client.sign_in().status, 303)
        old_cookie = client.cookies[SESSION_COOKIE]
        page = client.get(self.article)
        self.assertIn("Signed in as", page.text)
        # Without the session-bound token nothing happens.
        refused = client.post("/logout", {})
        self.assertEqual(refused.status, 403)
        self.assertIn("Signed in as", client.get(self.article).text)

        response = client.post("/logout", {"csrf": csrf_token(page)})
        self.assertEqual(response.status, 303)
        self.assertEqual(response.header("Location"), "/")
        value, attributes = set_cookies(response)[SESSION_COOKIE]
        self.assertEqual(value, "")
        self.assertEqual(attributes.get("max-age"), "0")

        # The old cookie, replayed, is worth nothing: the session was revoked server-side.
        replayed = self.site.get(self.article, headers={"Cookie": f"{SESSION_COOKIE}={old_cookie}"})
        self.assertNotIn("Signed in as", replayed.text)
        self.assertIn("You must be logged in to post a comment.", replayed.text)
        self.assertTrue(replayed.header("Cache-Control").startswith("public"))

    def test_sign_out_from_another_origin_is_refused(self):
        client = self.client()
        self.assertEqual(client.sign_in().status, 303)
        page = client.get(self.article)
        response = client.post("/logout", {"csrf": csrf_token(page)}, origin="https://evil.example")
        self.assertEqual(response.status, 403)
        self.assertIn("Signed in as", client.get(self.article).text)

    def test_logout_by_get_is_not_allowed(self):
        response = self.site.get("/logout")
        self.assertEqual(response.status, 405)
        self.assertIn("POST", response.header("Allow") or "")


class SignInThrottleTest(SiteTestCase):
    """Its own site: the failures here block the test address for a while."""

    @classmethod
    def setUpClass(cls):
        cls.site = cls.start_site(setup=article_setup({}), label="throttle")

    def test_repeated_wrong_passwords_are_throttled_even_for_the_right_one(self):
        client = SignInClient(self.site)
        token = csrf_token(client.login_form())
        throttled = None
        # Five free failures, then each blocks for a doubling delay; a slow verification may
        # outlast the first one-second block, so allow a few more tries to see the refusal.
        for attempt in range(1, 11):
            response = client.post("/login", {"csrf": token, "username": "ada", "password": f"wrong guess {attempt}"})
            if response.status == 429:
                throttled = response
                break
            self.assertEqual(response.status, 200)
            self.assertIn(MISMATCH, response.text)
        self.assertIsNotNone(throttled, "no 429 after 10 wrong passwords")
        self.assertGreaterEqual(attempt, 6, "throttled before the free attempts were used")
        retry_after = int(throttled.header("Retry-After"))
        self.assertGreaterEqual(retry_after, 1)
        self.assertIn("Too many attempts. Please wait", throttled.text)
        self.assertIsNotNone(pages.parse_html(throttled.text).find("form", cls="sign-in-form"))

        right = client.post("/login", {"csrf": token, "username": "ada", "password": PASSWORD})
        self.assertEqual(right.status, 429, "the right password must wait like any other attempt")
        self.assertNotIn(SESSION_COOKIE, set_cookies(right))
        wait = int(right.header("Retry-After"))
        self.assertGreaterEqual(wait, 1)

        time.sleep(wait + 0.2)
        later = client.post("/login", {"csrf": token, "username": "ada", "password": PASSWORD})
        self.assertEqual(later.status, 303, later.text)
        self.assertIn(SESSION_COOKIE, set_cookies(later))


if __name__ == "__main__":
    unittest.main()
