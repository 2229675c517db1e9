"""Changes made with the admin CLI while the server runs show on the next request: the author
box count, new articles on the front page, author page and feeds, and new comments."""

import re
import unittest

import feedparser

import pages
from tribune_server import SiteTestCase

AUTHOR_COUNT = re.compile(r"has written (\d+) (articles?) for ")


def author_count(dom):
    paragraph = dom.find("p", cls="author-count")
    if paragraph is None:
        raise AssertionError('<p class="author-count"> missing')
    match = AUTHOR_COUNT.search(paragraph.normalized_text())
    if match is None:
        raise AssertionError(f"author count reads {paragraph.normalized_text()!r}")
    return int(match.group(1)), match.group(2)


class ContentChangesTest(SiteTestCase):
    @classmethod
    def setUpClass(cls):
        cls.site = cls.start_site(demo=True)

    def front_cards(self):
        return [card for _, _, dom in pages.crawl_listing(self.site, "/") for card in pages.cards(dom, self.site.base_url)]

    def article_dom(self, path):
        response = self.site.get(path)
        self.assertEqual(response.status, 200, path)
        return pages.parse_html(response.text)

    def test_author_count_increases_by_one_after_publish(self):
        card = self.front_cards()[-1]
        username = card["author_href"].rsplit("/", 1)[1]
        before, _ = author_count(self.article_dom(card["href"]))
        new_path = self.site.publish_article(username, "A fresh dispatch from the CLI",
                                             "Written while the server runs.\n\nIt should count.")
        after, word = author_count(self.article_dom(card["href"]))
        self.assertEqual(after, before + 1, "the author box of an older article should count the new one")
        self.assertEqual(word, "articles")
        self.assertEqual(author_count(self.article_dom(new_path))[0], before + 1)

    def test_new_article_is_newest_everywhere(self):
        author = self.front_cards()[0]["author_href"].rsplit("/", 1)[1]
        path = self.site.publish_article(author, "Breaking: the newest article", "Fresh off the press.")
        self.assertEqual(self.front_cards()[0]["href"], path, "the new article should head the front page")
        author_cards = pages.cards(pages.parse_html(self.site.get(f"/author/{author}").text), self.site.base_url)
        self.assertEqual(author_cards[0]["href"], path, "the new article should head its author's page")
        for feed in ("/feed", "/feed/atom"):
            with self.subTest(feed=feed):
                parsed = feedparser.parse(self.site.get(feed).body)
                self.assertEqual(parsed.entries[0].link, self.site.base_url + path)
                self.assertEqual(parsed.entries[0].title, "Breaking: the newest article")

    def test_new_author_with_one_article_reads_singular(self):
        self.site.create_user("newcomer", display_name="Nina Newcomer", bio="First time here.")
        path = self.site.publish_article("newcomer", "My first piece", "Hello, readers.")
        dom = self.article_dom(path)
        self.assertEqual(author_count(dom), (1, "article"))
        self.assertIn("First time here.", dom.find("p", cls="author-bio").normalized_text())

    def test_added_comments_appear_and_are_counted(self):
        self.site.create_user("commenter", display_name="Carla Commenter", role="member")
        self.site.create_user("lonely", display_name="Lonely Writer")
        path = self.site.publish_article("lonely", "Nobody has commented yet", "Be the first.")
        slug = path[len("/articles/"):]

        def card():
            return next(card for card in self.front_cards() if card["href"] == path)

        self.assertEqual(card()["comment_text"], "No comments yet")
        dom = self.article_dom(path)
        self.assertEqual(dom.find("section", id="comments").find_all("article", cls="comment"), [])

        self.site.add_comment(slug, "commenter", "The first response, plain and simple.")
        self.assertEqual(card()["comment_text"], "1 comment")
        comments = self.article_dom(path).find("section", id="comments").find_all("article", cls="comment")
        self.assertEqual(len(comments), 1)
        self.assertIn("The first response, plain and simple.", comments[0].normalized_text())
        self.assertIn("Carla Commenter", comments[0].normalized_text())

        self.site.add_comment(slug, "lonely", "The author replies.")
        self.assertEqual(card()["comment_text"], "2 comments")
        comments = self.article_dom(path).find("section", id="comments").find_all("article", cls="comment")
        self.assertEqual(len(comments), 2)
        texts = [comment.normalized_text() for comment in comments]
        self.assertEqual(sum("The first response" in text for text in texts), 1, texts)
        self.assertEqual(sum("The author replies." in text for text in texts), 1, texts)

    def test_duplicate_username_or_email_is_refused(self):
        self.site.create_user("twin", display_name="Twin One", email="twin@example.com")
        for username, email in (("twin", "other-twin@example.com"), ("twin-two", "twin@example.com")):
            with self.subTest(username=username, email=email):
                result = self.site.create_user(username, email=email, check=False)
                self.assertNotEqual(result.returncode, 0)
                self.assertEqual(len(result.stderr.strip().splitlines()), 1, f"stderr: {result.stderr!r}")


if __name__ == "__main__":
    unittest.main()
