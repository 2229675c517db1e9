"""Reads Tribune's HTML pages for the integration tests: a small element tree built with the
standard library's HTMLParser (text and attribute values come back unescaped), and readers
for the theme's markers (article cards, pagination, share links, comments).
"""

import re
import urllib.parse
from html.parser import HTMLParser

VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                 "source", "track", "wbr"}

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


class Node:
    def __init__(self, tag, attrs, parent=None):
        self.tag = tag
        self.attrs = attrs
        self.children = []
        self.parent = parent

    def get(self, name, default=None):
        return self.attrs.get(name, default)

    @property
    def classes(self):
        return set((self.attrs.get("class") or "").split())

    def iter(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag=None, cls=None, **attrs):
        """Descendants with that tag, class (one of their classes) and exact attribute values
        (attribute names with '_' for '-': aria_label=...)."""
        wanted = {name.replace("_", "-"): value for name, value in attrs.items()}
        found = []
        for node in self.iter():
            if tag is not None and node.tag != tag:
                continue
            if cls is not None and cls not in node.classes:
                continue
            if any(node.attrs.get(name) != value for name, value in wanted.items()):
                continue
            found.append(node)
        return found

    def find(self, tag=None, cls=None, **attrs):
        found = self.find_all(tag, cls, **attrs)
        return found[0] if found else None

    def text(self):
        parts = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else child.text())
        return "".join(parts)

    def normalized_text(self):
        return " ".join(self.text().split())

    def __repr__(self):
        return f"<{self.tag} {self.attrs}>"


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {name: (value if value is not None else "") for name, value in attrs},
                    self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID_ELEMENTS:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        node = Node(tag, {name: (value if value is not None else "") for name, value in attrs},
                    self.stack[-1])
        self.stack[-1].children.append(node)

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse_html(text):
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def local_path(href, base_url):
    """A link as a site path: strips the base URL from an absolute link to this site."""
    if href.startswith(base_url + "/"):
        return href[len(base_url):]
    return href


def head_link(dom, rel, media_type=None):
    for link in dom.find_all("link"):
        if rel in (link.get("rel") or "").split() and (media_type is None or link.get("type") == media_type):
            return link
    return None


def meta_content(dom, *, property=None, name=None):
    for meta in dom.find_all("meta"):
        if property is not None and meta.get("property") == property:
            return meta.get("content")
        if name is not None and meta.get("name") == name:
            return meta.get("content")
    return None


COMMENT_COUNT = re.compile(r"\b(\d+) comments?\b|No comments yet")


def cards(dom, base_url):
    """The article cards of a listing page, in page order."""
    result = []
    for card in dom.find_all("article", cls="card"):
        heading = card.find("h2")
        link = heading.find("a") if heading is not None else None
        author_links = [a for a in card.find_all("a")
                        if local_path(a.get("href") or "", base_url).startswith("/author/")]
        time = card.find("time")
        count_match = COMMENT_COUNT.search(card.normalized_text())
        result.append({
            "node": card,
            "href": link.get("href") if link is not None else None,
            "slug": (link.get("href") or "")[len("/articles/"):] if link is not None else None,
            "title": link.text() if link is not None else None,
            "author_href": local_path(author_links[0].get("href"), base_url) if author_links else None,
            "author_name": author_links[0].normalized_text() if author_links else None,
            "datetime": time.get("datetime") if time is not None else None,
            "comment_text": count_match.group(0) if count_match else None,
            "comment_count": (int(count_match.group(1)) if count_match and count_match.group(1) else
                              0 if count_match else None),
        })
    return result


PAGE_OF = re.compile(r"Page (\d+) of (\d+)")


def pagination(dom):
    """(nav node or None, {'next': href, 'prev': href}, (page, pages) or None)."""
    nav = dom.find("nav", cls="pagination")
    if nav is None:
        return None, {}, None
    rels = {}
    for link in nav.find_all("a"):
        for rel in (link.get("rel") or "").split():
            rels[rel] = link.get("href")
    match = PAGE_OF.search(nav.normalized_text())
    return nav, rels, (int(match.group(1)), int(match.group(2))) if match else None


def query_values(href, *, plus_is_space=True):
    """The query parameters of a link, percent-decoded ('+' as space unless told otherwise),
    as a dict of lists. mailto: links keep '+' (RFC 6068)."""
    query = urllib.parse.urlsplit(href).query
    values = {}
    for pair in query.split("&"):
        if not pair:
            continue
        name, _, value = pair.partition("=")
        decode = urllib.parse.unquote_plus if plus_is_space else urllib.parse.unquote
        values.setdefault(decode(name), []).append(decode(value))
    return values


def section_heading_text(section):
    for tag in ("h2", "h3", "h1", "h4"):
        heading = section.find(tag)
        if heading is not None:
            return heading.normalized_text()
    return None


def crawl_listing(site, first_path, limit=200):
    """Follows rel=next from first_path. Returns [(path, response, dom)] in order; asserts
    each page answers 200 and that no page repeats."""
    pages = []
    seen = set()
    path = first_path
    while path is not None:
        if path in seen or len(pages) >= limit:
            raise AssertionError(f"pagination loops or never ends at {path} (visited {sorted(seen)})")
        seen.add(path)
        response = site.get(path)
        if response.status != 200:
            raise AssertionError(f"GET {path} answered {response.status}, following rel=next from {first_path}")
        dom = parse_html(response.text)
        pages.append((path, response, dom))
        _, rels, _ = pagination(dom)
        path = local_path(rels["next"], site.base_url) if rels.get("next") else None
    return pages


SHARE_TARGETS = {
    # class: (link prefix, {parameter: "url" | "title"})
    "share-x": ("https://twitter.com/intent/tweet?", {"url": "url", "text": "title"}),
    "share-facebook": ("https://www.facebook.com/sharer/sharer.php?", {"u": "url"}),
    "share-linkedin": ("https://www.linkedin.com/sharing/share-offsite/?", {"url": "url"}),
    "share-reddit": ("https://www.reddit.com/submit?", {"url": "url", "title": "title"}),
    "share-mastodon": ("/share/mastodon?", {"url": "url", "text": "title"}),
    "share-email": ("mailto:?", {"subject": "title", "body": "url"}),
}


def check_share_links(test, dom, *, canonical, title, base_url):
    """Asserts the share section of an article page: heading, one link per network, every
    parameter decoding to exactly the canonical URL or the title."""
    section = dom.find("section", cls="share")
    test.assertIsNotNone(section, '<section class="share"> missing')
    test.assertEqual(section_heading_text(section), "Share this post")
    rss = section.find("a", cls="share-rss")
    test.assertIsNotNone(rss, "share-rss link missing")
    test.assertEqual(local_path(rss.get("href") or "", base_url), "/feed", "share-rss should point to the feed")
    for css_class, (prefix, parameters) in SHARE_TARGETS.items():
        with test.subTest(share=css_class):
            links = section.find_all("a", cls=css_class)
            test.assertEqual(len(links), 1, f"expected one <a class={css_class}>")
            href = links[0].get("href") or ""
            if css_class == "share-mastodon":
                href = local_path(href, base_url)
            test.assertTrue(href.startswith(prefix), f"{css_class} href {href!r} should start with {prefix!r}")
            values = query_values(href, plus_is_space=not href.startswith("mailto:"))
            expected = {"url": canonical, "title": title}
            for name, meaning in parameters.items():
                test.assertEqual(values.get(name), [expected[meaning]],
                                 f"{css_class}: parameter {name} of {href!r} should decode to the {meaning}")


def check_common_markers(test, site, path, response):
    """Asserts what every HTML page carries: HTML content type, canonical link from base_url,
    the register call to action, RSS and Atom autodiscovery."""
    test.assertEqual(response.header("Content-Type"), "text/html; charset=utf-8", path)
    text = response.text
    dom = parse_html(text)
    canonical = head_link(dom, "canonical")
    test.assertIsNotNone(canonical, f"{path}: no canonical link")
    test.assertEqual(canonical.get("href"), site.base_url + path, f"{path}: canonical link")
    test.assertIn('<a class="cta-register" href="/register">Register your voice</a>', text,
                  f"{path}: register call to action missing")
    rss = head_link(dom, "alternate", "application/rss+xml")
    atom = head_link(dom, "alternate", "application/atom+xml")
    test.assertIsNotNone(rss, f"{path}: RSS autodiscovery link missing")
    test.assertIsNotNone(atom, f"{path}: Atom autodiscovery link missing")
    test.assertEqual(local_path(rss.get("href") or "", site.base_url), "/feed", f"{path}: RSS autodiscovery href")
    test.assertEqual(local_path(atom.get("href") or "", site.base_url), "/feed/atom", f"{path}: Atom autodiscovery href")
    return dom
