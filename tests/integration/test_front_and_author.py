"""The front page and author pages: cards, pagination, order, and the empty site."""

import datetime
import unittest

import feedparser

import pages
from tribune_server import SiteTestCase


def parse_time(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def comment_text(count):
    return "No comments yet" if count == 0 else "1 comment" if count == 1 else f"{count} comments"


class DemoListingTest(SiteTestCase):
    """The demo site's front page and author pages."""

    @classmethod
    def setUpClass(cls):
        cls.site = cls.start_site(demo=True)
        cls.front = pages.crawl_listing(cls.site, "/")
        cls.cards = [card for _, _, dom in cls.front for card in pages.cards(dom, cls.site.base_url)]

    def test_front_page_has_the_common_markers(self):
        for path, response, _ in self.front:
            with self.subTest(page=path):
                pages.check_common_markers(self, self.site, path, response)

    def test_demo_site_has_enough_content(self):
        self.assertGreaterEqual(len(self.cards), 30, "the demo should have 30+ articles")
        self.assertGreaterEqual(len({card["author_href"] for card in self.cards}), 4, "4+ demo authors")
        self.assertGreaterEqual(sum(card["comment_count"] or 0 for card in self.cards), 60, "60+ demo comments")

    def test_cards_carry_title_link_author_date_and_comment_count(self):
        for card in self.cards:
            with self.subTest(card=card["href"]):
                self.assertRegex(card["href"] or "", r"^/articles/[^/?#]+$")
                self.assertTrue(card["title"])
                self.assertRegex(card["author_href"] or "", r"^/author/[^/?#]+$")
                self.assertTrue(card["author_name"])
                self.assertRegex(card["datetime"] or "", pages.RFC3339)
                self.assertIsNotNone(card["comment_text"], f"no comment count in {card['node'].normalized_text()!r}")
                self.assertEqual(card["comment_text"], comment_text(card["comment_count"]))

    def test_pagination_pages_link_both_ways(self):
        total_pages = len(self.front)
        self.assertGreaterEqual(total_pages, 2, "30+ articles at 10 a page need page 2")
        self.assertEqual(self.front[1][0], "/page/2")
        for index, (path, _, dom) in enumerate(self.front, start=1):
            with self.subTest(page=path):
                nav, rels, page_of = pages.pagination(dom)
                self.assertIsNotNone(nav, '<nav class="pagination"> missing')
                self.assertEqual(nav.get("aria-label"), "Pagination")
                self.assertEqual(page_of, (index, total_pages), "Page N of M")
                count = len(pages.cards(dom, self.site.base_url))
                if index < total_pages:
                    self.assertEqual(count, 10, "every page but the last holds 10 articles")
                    self.assertEqual(pages.local_path(rels.get("next") or "", self.site.base_url), f"/page/{index + 1}")
                else:
                    self.assertTrue(1 <= count <= 10)
                    self.assertNotIn("next", rels, "the last page has no rel=next")
                if index == 1:
                    self.assertNotIn("prev", rels, "the first page has no rel=prev")
                else:
                    self.assertIn("prev", rels, "rel=prev missing")
                    previous = self.site.get(pages.local_path(rels["prev"], self.site.base_url))
                    self.assertEqual(previous.status, 200)
                    previous_slugs = [card["slug"] for card in pages.cards(pages.parse_html(previous.text), self.site.base_url)]
                    self.assertEqual(previous_slugs, [card["slug"] for card in pages.cards(self.front[index - 2][2], self.site.base_url)])

    def test_every_article_appears_once_newest_first(self):
        slugs = [card["slug"] for card in self.cards]
        self.assertEqual(len(slugs), len(set(slugs)), "an article appears on two pages")
        times = [parse_time(card["datetime"]) for card in self.cards]
        self.assertEqual(times, sorted(times, reverse=True), "front page is not newest first")

    def test_beyond_the_last_page_is_404(self):
        self.assertEqual(self.site.get(f"/page/{len(self.front) + 1}").status, 404)
        response = self.site.get("/page/999")
        self.assertEqual(response.status, 404)
        self.assertEqual(response.header("Content-Type"), "text/html; charset=utf-8")

    def test_author_pages_list_exactly_that_authors_articles(self):
        authors = sorted({(card["author_href"], card["author_name"]) for card in self.cards})
        listed = []
        for author_path, display_name in authors:
            with self.subTest(author=author_path):
                listing = pages.crawl_listing(self.site, author_path)
                for index, (path, response, dom) in enumerate(listing, start=1):
                    pages.check_common_markers(self, self.site, path, response)
                    self.assertEqual(dom.find("h1").text(), display_name)
                    if index > 1:
                        self.assertEqual(path, f"{author_path}/page/{index}")
                author_cards = [card for _, _, dom in listing for card in pages.cards(dom, self.site.base_url)]
                self.assertTrue(all(card["author_href"] == author_path for card in author_cards))
                expected = [card["slug"] for card in self.cards if card["author_href"] == author_path]
                self.assertEqual([card["slug"] for card in author_cards], expected,
                                 "author page should list the author's articles, newest first")
                # The bio the article pages show appears on the author page too.
                article = pages.parse_html(self.site.get(author_cards[0]["href"]).text)
                bio = article.find("p", cls="author-bio")
                self.assertIsNotNone(bio)
                self.assertIn(bio.normalized_text(), listing[0][2].normalized_text())
                self.assertEqual(self.site.get(f"{author_path}/page/{len(listing) + 1}").status, 404)
                listed += [card["slug"] for card in author_cards]
        self.assertEqual(sorted(listed), sorted(card["slug"] for card in self.cards))

    def test_unknown_author_is_404(self):
        self.assertEqual(self.site.get("/author/nobody-by-this-name").status, 404)


class AuthorPaginationTest(SiteTestCase):
    """A site built with the CLI: one author with 13 articles, another with 1."""

    START = datetime.datetime(2026, 1, 1, 10, 0, 0, tzinfo=datetime.timezone.utc)

    @classmethod
    def setUpClass(cls):
        def setup(site):
            site.migrate()
            site.create_user("prolific", display_name="Paula Prolific", bio="Writes about everything, often.")
            site.create_user("solo", display_name="Sol Solo", bio="One and done.", role="contributor")
            cls.paths = []
            for number in range(13):
                published = (cls.START + datetime.timedelta(days=number)).strftime("%Y-%m-%dT%H:%M:%SZ")
                cls.paths.append(site.publish_article(
                    "prolific", f"Dispatch number {number}", f"Body of dispatch {number}.\n\nSecond paragraph.",
                    slug=f"dispatch-{number}", published=published))
            cls.solo_path = site.publish_article("solo", "The only one", "Just this.", published="2025-06-01T08:30:00Z")
        cls.site = cls.start_site(setup=setup)

    def test_publish_article_prints_the_path_of_the_given_slug(self):
        self.assertEqual(self.paths, [f"/articles/dispatch-{number}" for number in range(13)])
        self.assertRegex(self.solo_path, r"^/articles/[a-z0-9-]+$")

    def test_published_time_is_the_one_given(self):
        dom = pages.parse_html(self.site.get("/articles/dispatch-3").text)
        self.assertEqual(parse_time(dom.find("article", cls="article").find("time").get("datetime")),
                         self.START + datetime.timedelta(days=3))

    def test_author_page_paginates_by_ten(self):
        first = self.site.get("/author/prolific")
        self.assertEqual(first.status, 200)
        dom = pages.check_common_markers(self, self.site, "/author/prolific", first)
        self.assertEqual(dom.find("h1").text(), "Paula Prolific")
        self.assertIn("Writes about everything, often.", dom.normalized_text())
        cards = pages.cards(dom, self.site.base_url)
        self.assertEqual([card["slug"] for card in cards], [f"dispatch-{n}" for n in range(12, 2, -1)])
        _, rels, page_of = pages.pagination(dom)
        self.assertEqual(page_of, (1, 2))
        self.assertEqual(pages.local_path(rels.get("next", ""), self.site.base_url), "/author/prolific/page/2")
        self.assertNotIn("prev", rels)

        second = self.site.get("/author/prolific/page/2")
        self.assertEqual(second.status, 200)
        dom = pages.check_common_markers(self, self.site, "/author/prolific/page/2", second)
        self.assertEqual([card["slug"] for card in pages.cards(dom, self.site.base_url)],
                         ["dispatch-2", "dispatch-1", "dispatch-0"])
        _, rels, page_of = pages.pagination(dom)
        self.assertEqual(page_of, (2, 2))
        self.assertNotIn("next", rels)
        self.assertEqual(pages.local_path(rels.get("prev", ""), self.site.base_url), "/author/prolific")
        self.assertEqual(self.site.get("/author/prolific/page/3").status, 404)

    def test_single_article_author_has_one_page(self):
        dom = pages.parse_html(self.site.get("/author/solo").text)
        cards = pages.cards(dom, self.site.base_url)
        self.assertEqual([card["href"] for card in cards], [self.solo_path])
        _, rels, _ = pages.pagination(dom)
        self.assertNotIn("next", rels)
        self.assertEqual(self.site.get("/author/solo/page/2").status, 404)

    def test_front_page_orders_both_authors_by_date(self):
        listing = pages.crawl_listing(self.site, "/")
        self.assertEqual([len(pages.cards(dom, self.site.base_url)) for _, _, dom in listing], [10, 4])
        slugs = [card["href"] for _, _, dom in listing for card in pages.cards(dom, self.site.base_url)]
        self.assertEqual(slugs, list(reversed(self.paths)) + [self.solo_path])
        self.assertEqual(self.site.get("/page/3").status, 404)


class EmptySiteTest(SiteTestCase):
    """Without --demo a fresh site has no content, and still serves."""

    @classmethod
    def setUpClass(cls):
        cls.site = cls.start_site(demo=False)

    def test_front_page_says_there_are_no_articles(self):
        response = self.site.get("/")
        self.assertEqual(response.status, 200)
        dom = pages.check_common_markers(self, self.site, "/", response)
        self.assertEqual(pages.cards(dom, self.site.base_url), [])
        # The contract gives no exact wording; the theme says "Nothing has been published yet."
        self.assertRegex(dom.normalized_text().lower(), r"no articles yet|nothing has been published yet")

    def test_no_second_page(self):
        self.assertEqual(self.site.get("/page/2").status, 404)

    def test_feeds_are_valid_and_empty(self):
        for path in ("/feed", "/feed/atom"):
            with self.subTest(feed=path):
                response = self.site.get(path)
                self.assertEqual(response.status, 200)
                parsed = feedparser.parse(response.body)
                self.assertEqual(parsed.bozo, 0, repr(parsed.get("bozo_exception")))
                self.assertEqual(len(parsed.entries), 0)

    def test_other_pages_serve(self):
        for path in ("/healthz", "/static/style.css", "/register", "/login"):
            with self.subTest(path=path):
                self.assertEqual(self.site.get(path).status, 200)


if __name__ == "__main__":
    unittest.main()
