"""RSS 2.0 at /feed and Atom 1.0 at /feed/atom on the demo site: clean parse, the newest 20
articles with absolute links, full content and author names."""

import datetime
import gzip
import unittest

import feedparser

import pages
from tribune_server import SiteTestCase

FEEDS = {
    "/feed": ("application/rss+xml; charset=utf-8", "rss20"),
    "/feed/atom": ("application/atom+xml; charset=utf-8", "atom10"),
}


class DemoFeedsTest(SiteTestCase):
    @classmethod
    def setUpClass(cls):
        cls.site = cls.start_site(demo=True)
        cls.cards = [card for _, _, dom in pages.crawl_listing(cls.site, "/")
                     for card in pages.cards(dom, cls.site.base_url)]
        cls.feeds = {}
        for path in FEEDS:
            response = cls.site.get(path)
            cls.feeds[path] = (response, feedparser.parse(response.body))

    def test_content_type_and_clean_parse(self):
        for path, (content_type, version) in FEEDS.items():
            with self.subTest(feed=path):
                response, parsed = self.feeds[path]
                self.assertEqual(response.status, 200)
                self.assertEqual(response.header("Content-Type"), content_type)
                self.assertEqual(parsed.bozo, 0, repr(parsed.get("bozo_exception")))
                self.assertEqual(parsed.version, version)
                self.assertTrue(parsed.feed.get("title"), "feed title missing")

    def test_lists_the_newest_twenty_articles_in_order(self):
        expected = [self.site.base_url + card["href"] for card in self.cards[:20]]
        for path in FEEDS:
            with self.subTest(feed=path):
                entries = self.feeds[path][1].entries
                self.assertEqual([entry.link for entry in entries], expected)
                self.assertEqual([entry.title for entry in entries], [card["title"] for card in self.cards[:20]])
                ids = [entry.get("id") for entry in entries]
                self.assertTrue(all(ids), "every entry needs an id/guid")
                self.assertEqual(len(set(ids)), len(ids), "entry ids repeat")

    def test_entries_carry_dates_and_author_names(self):
        for path in FEEDS:
            with self.subTest(feed=path):
                for entry, card in zip(self.feeds[path][1].entries, self.cards):
                    self.assertIn(card["author_name"], entry.get("author", ""), entry.link)
                    parsed_time = entry.get("published_parsed") or entry.get("updated_parsed")
                    self.assertIsNotNone(parsed_time, f"{entry.link}: no date")
                    card_time = datetime.datetime.fromisoformat(card["datetime"].replace("Z", "+00:00"))
                    self.assertEqual(datetime.datetime(*parsed_time[:6], tzinfo=datetime.timezone.utc), card_time,
                                     f"{entry.link}: feed date differs from the page")

    def test_entries_carry_the_full_article(self):
        for card in self.cards[:5]:
            page = pages.parse_html(self.site.get(card["href"]).text)
            page_text = page.find("div", cls="article-body").normalized_text()
            for path in FEEDS:
                with self.subTest(feed=path, article=card["href"]):
                    entry = next(e for e in self.feeds[path][1].entries if e.link == self.site.base_url + card["href"])
                    content = entry.content[0].value if entry.get("content") else entry.get("summary", "")
                    self.assertEqual(pages.parse_html(content).normalized_text(), page_text,
                                     "feed content should be the whole article body")

    def test_head_and_gzip_on_feeds(self):
        for path in FEEDS:
            with self.subTest(feed=path):
                plain = self.feeds[path][0]
                head = self.site.request("HEAD", path)
                self.assertEqual(head.status, 200)
                self.assertEqual(head.body, b"")
                self.assertEqual(head.header("Content-Length"), str(len(plain.body)))
                zipped = self.site.get(path, headers={"Accept-Encoding": "gzip"})
                self.assertEqual(zipped.header("Content-Encoding"), "gzip")
                self.assertEqual(gzip.decompress(zipped.body), plain.body)


if __name__ == "__main__":
    unittest.main()
