"""Hostile names, titles, bios and bodies come out escaped and intact in every page and feed:
no live script, no javascript: link, no event handler attribute, and unescaping the text or
attribute gives the original back."""

import re
import unittest

import feedparser

import pages
from tribune_server import SiteTestCase

NASTY = "Zoë Ångström 日本語 <script>alert(1)</script> \"quotes\" & 'apostrophes' ]]>"
DISPLAY_NAME = "Zoë \"Z\" <script>alert(1)</script> & 'Ångström' ]]> 日本語"
BIO = "Bio: " + NASTY
TITLE = "Title " + NASTY
COMMENTER = "Mallory <script>alert(1)</script> & \"friends\" 日本語"
BODY = (
    "Intro: " + NASTY + "\n\n"
    "A [bad link](javascript:alert(1)) and a [good link](https://example.com/ok).\n\n"
    "<img src=x onerror=alert(2)>\n"
)
COMMENT = "Comment: " + NASTY + " [click](javascript:alert(3))"

RAW_FORBIDDEN = re.compile(r"<script>alert|<img src=x", re.IGNORECASE)


def live_javascript_links(dom):
    bad = []
    for node in dom.iter():
        for name in ("href", "src", "action", "formaction"):
            value = node.get(name)
            if value is not None and re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith(("javascript:", "vbscript:", "data:text/html")):
                bad.append((node.tag, name, value))
    return bad


def event_handlers(dom):
    return [(node.tag, name) for node in dom.iter() for name in node.attrs if name.startswith("on")]


class HostileContentTest(SiteTestCase):
    @classmethod
    def setUpClass(cls):
        def setup(site):
            site.migrate()
            site.create_user("zoe", display_name=DISPLAY_NAME, bio=BIO)
            site.create_user("mallory", display_name=COMMENTER, role="member")
            cls.path = site.publish_article("zoe", TITLE, BODY, slug="hostile")
            cls.auto_path = site.publish_article("zoe", "Second " + NASTY, "Plain body.",
                                                 published="2020-01-01T00:00:00Z")
            site.add_comment("hostile", "mallory", COMMENT)
        cls.site = cls.start_site(setup=setup)

    def html_paths(self):
        return ["/", self.path, self.auto_path, "/author/zoe"]

    def get_dom(self, path):
        response = self.site.get(path)
        self.assertEqual(response.status, 200, path)
        return response, pages.parse_html(response.text)

    def test_explicit_slug_and_generated_slug(self):
        self.assertEqual(self.path, "/articles/hostile")
        self.assertRegex(self.auto_path, r"^/articles/[A-Za-z0-9%._~-]+$", "generated slug should be URL-safe")
        _, dom = self.get_dom(self.auto_path)
        self.assertEqual(dom.find("article", cls="article").find("h1").text(), "Second " + NASTY)

    def test_no_raw_markup_no_javascript_links_no_handlers_in_pages(self):
        for path in self.html_paths():
            with self.subTest(page=path):
                response, dom = self.get_dom(path)
                self.assertIsNone(RAW_FORBIDDEN.search(response.text), f"raw hostile markup in {path}")
                self.assertEqual(live_javascript_links(dom), [])
                self.assertEqual(event_handlers(dom), [])
                self.assertEqual([s for s in dom.find_all("script") if not s.get("src")], [], "inline script")

    def test_article_page_text_and_attributes_come_back_intact(self):
        _, dom = self.get_dom(self.path)
        article = dom.find("article", cls="article")
        self.assertEqual(article.find("h1").text(), TITLE)
        self.assertIn(TITLE, dom.find("title").text())
        self.assertEqual(pages.meta_content(dom, property="og:title"), TITLE)
        self.assertEqual(pages.meta_content(dom, property="og:url"), self.site.base_url + self.path)
        author_links = [a for a in article.find_all("a") if a.get("href") == "/author/zoe"]
        self.assertTrue(author_links)
        self.assertEqual(author_links[0].normalized_text(), " ".join(DISPLAY_NAME.split()))
        body = dom.find("div", cls="article-body")
        self.assertIn("Intro: " + NASTY, body.text())
        self.assertIn("<img src=x onerror=alert(2)>", body.text(), "raw HTML in Markdown shows as text")
        self.assertIn("bad link", body.text())
        good = [a for a in body.find_all("a") if a.get("href") == "https://example.com/ok"]
        self.assertEqual(len(good), 1, "an https link stays a link")

    def test_share_links_carry_the_hostile_title_intact(self):
        _, dom = self.get_dom(self.path)
        pages.check_share_links(self, dom, canonical=self.site.base_url + self.path, title=TITLE,
                                base_url=self.site.base_url)

    def test_author_box_and_comment(self):
        _, dom = self.get_dom(self.path)
        count = dom.find("p", cls="author-count")
        self.assertEqual(count.find("a").text(), DISPLAY_NAME)
        self.assertIn("has written 2 articles for", count.normalized_text())
        self.assertEqual(dom.find("p", cls="author-bio").text().strip(), BIO)
        comments = dom.find("section", id="comments").find_all("article", cls="comment")
        self.assertEqual(len(comments), 1)
        self.assertIn(NASTY, comments[0].text())
        self.assertIn(COMMENTER, comments[0].text())
        self.assertEqual(live_javascript_links(comments[0]), [])

    def test_front_and_author_pages(self):
        _, front = self.get_dom("/")
        card = next(card for card in pages.cards(front, self.site.base_url) if card["href"] == self.path)
        self.assertEqual(card["title"], TITLE)
        self.assertEqual(card["node"].find("a", href="/author/zoe").text(), DISPLAY_NAME)
        _, author = self.get_dom("/author/zoe")
        self.assertEqual(author.find("h1").text(), DISPLAY_NAME)
        self.assertIn(BIO, author.text())
        self.assertIn(TITLE, [card["title"] for card in pages.cards(author, self.site.base_url)])

    def test_feeds_parse_and_keep_the_hostile_text(self):
        for path in ("/feed", "/feed/atom"):
            with self.subTest(feed=path):
                response = self.site.get(path)
                self.assertEqual(response.status, 200)
                self.assertIsNone(RAW_FORBIDDEN.search(response.body.decode("utf-8")), "raw hostile markup in the feed")
                parsed = feedparser.parse(response.body, sanitize_html=False)
                self.assertEqual(parsed.bozo, 0, repr(parsed.get("bozo_exception")))
                entry = next(entry for entry in parsed.entries if entry.link == self.site.base_url + self.path)
                self.assertEqual(entry.title, TITLE)
                self.assertIn(DISPLAY_NAME, entry.get("author", ""))
                content = entry.content[0].value if entry.get("content") else entry.get("summary", "")
                content_dom = pages.parse_html(content)
                self.assertIn("Intro: " + NASTY, content_dom.text())
                self.assertEqual(live_javascript_links(content_dom), [])
                self.assertEqual(event_handlers(content_dom), [])
                self.assertEqual(content_dom.find_all("script"), [])


if __name__ == "__main__":
    unittest.main()
