"""The article page of the demo site: every marker the theme promises, share links, the
author box, comments and the signed-out comment prompt."""

import datetime
import re
import unittest
import urllib.parse

import pages
from tribune_server import SiteTestCase


def parse_time(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


AUTHOR_COUNT = re.compile(r"^(.+) has written (\d+) (articles?) for (.+)$")


class DemoArticlePageTest(SiteTestCase):
    @classmethod
    def setUpClass(cls):
        cls.site = cls.start_site(demo=True)
        front = pages.crawl_listing(cls.site, "/")
        cls.cards = [card for _, _, dom in front for card in pages.cards(dom, cls.site.base_url)]
        if not cls.cards:
            raise AssertionError("the demo front page lists no articles")
        # The article with the most comments, the one the theme has the most to show for.
        cls.card = max(cls.cards, key=lambda card: card["comment_count"] or 0)
        cls.path = cls.card["href"]
        cls.canonical = cls.site.base_url + cls.path
        cls.response = cls.site.get(cls.path)
        cls.text = cls.response.body.decode("utf-8", errors="replace")
        cls.dom = pages.parse_html(cls.text)
        cls.article = cls.dom.find("article", cls="article")

    def test_page_answers_200_with_the_common_markers(self):
        self.assertEqual(self.response.status, 200)
        pages.check_common_markers(self, self.site, self.path, self.response)

    def test_article_heading_author_and_date(self):
        self.assertIsNotNone(self.article, '<article class="article"> missing')
        heading = self.article.find("h1")
        self.assertIsNotNone(heading)
        self.assertEqual(heading.text(), self.card["title"], "h1 should be the title shown on the card")
        author_links = [a for a in self.article.find_all("a")
                        if pages.local_path(a.get("href") or "", self.site.base_url) == self.card["author_href"]]
        self.assertTrue(author_links, f"no link to {self.card['author_href']} in the article")
        self.assertEqual(author_links[0].normalized_text(), self.card["author_name"])
        time = self.article.find("time")
        self.assertIsNotNone(time, "<time> missing in the article")
        self.assertRegex(time.get("datetime") or "", pages.RFC3339)
        self.assertEqual(parse_time(time.get("datetime")), parse_time(self.card["datetime"]),
                         "article date and card date differ")

    def test_article_body_has_content(self):
        body = self.dom.find("div", cls="article-body")
        self.assertIsNotNone(body, '<div class="article-body"> missing')
        self.assertGreater(len(body.normalized_text()), 40, "article body is (nearly) empty")

    def test_share_links_decode_to_canonical_url_and_title(self):
        pages.check_share_links(self, self.dom, canonical=self.canonical, title=self.card["title"],
                                base_url=self.site.base_url)

    def author_articles(self, author_path):
        listing = pages.crawl_listing(self.site, author_path)
        return [card for _, _, dom in listing for card in pages.cards(dom, self.site.base_url)]

    def test_author_box_counts_the_authors_published_articles(self):
        box = self.dom.find("section", cls="author-box")
        self.assertIsNotNone(box, '<section class="author-box"> missing')
        self.assertEqual(pages.section_heading_text(box), "About the author")
        count = box.find("p", cls="author-count")
        self.assertIsNotNone(count, '<p class="author-count"> missing')
        match = AUTHOR_COUNT.match(count.normalized_text())
        self.assertIsNotNone(match, f"author count reads {count.normalized_text()!r}")
        link = count.find("a")
        self.assertIsNotNone(link)
        self.assertEqual(link.get("href"), self.card["author_href"])
        self.assertEqual(link.normalized_text(), self.card["author_name"])
        expected = len(self.author_articles(self.card["author_href"]))
        self.assertEqual(int(match.group(2)), expected, "count differs from the author's listed articles")
        self.assertEqual(match.group(3), "article" if expected == 1 else "articles")
        site_name = match.group(4)
        # The site name is the one the page shows elsewhere: <title>, og:site_name or the header.
        elsewhere = [node.normalized_text() for node in self.dom.find_all("title") + self.dom.find_all("header")
                     if node.parent is not None and node.find("p", cls="author-count") is None]
        elsewhere.append(pages.meta_content(self.dom, property="og:site_name") or "")
        self.assertTrue(any(site_name in text for text in elsewhere),
                        f"site name {site_name!r} in the author box is not the one in {elsewhere}")
        bio = box.find("p", cls="author-bio")
        self.assertIsNotNone(bio, '<p class="author-bio"> missing')
        self.assertTrue(bio.normalized_text(), "author bio is empty")
        # The order: count first, then the bio.
        paragraphs = [p for p in box.find_all("p") if p.classes & {"author-count", "author-bio"}]
        self.assertEqual([sorted(p.classes & {"author-count", "author-bio"})[0] for p in paragraphs],
                         ["author-count", "author-bio"])

    def test_comments_are_shown(self):
        section = self.dom.find("section", id="comments")
        self.assertIsNotNone(section, '<section id="comments"> missing')
        self.assertEqual(pages.section_heading_text(section), "Leave your response")
        comments = section.find_all("article", cls="comment")
        self.assertGreater(self.card["comment_count"], 0, "the demo should have an article with comments")
        self.assertEqual(len(comments), self.card["comment_count"], "comments shown vs the card's count")
        ids = [comment.get("id") or "" for comment in comments]
        for anchor in ids:
            self.assertRegex(anchor, r"^comment-\d+$")
        self.assertEqual(len(set(ids)), len(ids), "comment ids repeat")
        for comment in comments:
            self.assertTrue(comment.normalized_text(), "empty comment")

    def test_signed_out_reader_is_asked_to_log_in(self):
        respond = self.dom.find("div", id="respond")
        self.assertIsNotNone(respond, '<div id="respond"> missing')
        self.assertIn("You must be logged in to post a comment.", respond.normalized_text())
        logins = [a for a in respond.find_all("a") if (a.get("href") or "").startswith("/login?next=")]
        self.assertEqual(len(logins), 1, "expected one sign-in link to /login?next=...")
        raw_next = logins[0].get("href")[len("/login?next="):]
        self.assertNotIn("#", raw_next, "the fragment must be percent-encoded inside next=")
        self.assertEqual(urllib.parse.unquote(raw_next), self.path + "#respond")
        self.assertIsNone(respond.find("form"), "no comment form for a signed-out reader")

    def test_open_graph_and_twitter_card(self):
        self.assertEqual(pages.meta_content(self.dom, property="og:title"), self.card["title"])
        self.assertEqual(pages.meta_content(self.dom, property="og:url"), self.canonical)
        self.assertEqual(pages.meta_content(self.dom, property="og:type"), "article")
        published = pages.meta_content(self.dom, property="article:published_time")
        self.assertIsNotNone(published, "article:published_time missing")
        self.assertRegex(published, pages.RFC3339)
        self.assertEqual(parse_time(published), parse_time(self.card["datetime"]))
        self.assertIsNotNone(pages.meta_content(self.dom, name="twitter:card"), "twitter:card missing")

    def test_every_demo_article_renders(self):
        for card in self.cards:
            with self.subTest(article=card["href"]):
                response = self.site.get(card["href"])
                self.assertEqual(response.status, 200)
                dom = pages.check_common_markers(self, self.site, card["href"], response)
                self.assertEqual(dom.find("article", cls="article").find("h1").text(), card["title"])
                pages.check_share_links(self, dom, canonical=self.site.base_url + card["href"],
                                        title=card["title"], base_url=self.site.base_url)
                comments = dom.find("section", id="comments").find_all("article", cls="comment")
                self.assertEqual(len(comments), card["comment_count"])

    def test_unknown_article_is_404(self):
        response = self.site.get("/articles/there-is-no-such-article-here")
        self.assertEqual(response.status, 404)
        self.assertEqual(response.header("Content-Type"), "text/html; charset=utf-8")


if __name__ == "__main__":
    unittest.main()
