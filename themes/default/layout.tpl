{{%AUTOESCAPE context="HTML"}}
{{! The frame of every page: head, masthead, navigation and footer. Each page's own template
    is expanded first and arrives here as CONTENT_HTML. Values are escaped for their context;
    only *_HTML values are written raw. :x-href (theme.cpp) checks a URL like an href does,
    but also lets mailto: through; use it only inside a quoted attribute.
    Every page's dictionary has: LANG, SITE_NAME, TAGLINE{TAGLINE_TEXT}, PAGE_TITLE, DESCRIPTION,
    NOINDEX, CANONICAL, CANONICAL_URL, FEED{FEED_TYPE, FEED_TITLE, FEED_URL}, OPEN_GRAPH{OG_TITLE,
    OG_TYPE, OG_IMAGE{IMAGE_URL}, PUBLISHED{PUBLISHED_ISO}, MODIFIED{MODIFIED_ISO},
    ARTICLE_AUTHOR{META_AUTHOR}, TWITTER_CARD}, HOME_CURRENT (front page), SECURITY_CURRENT
    (the sessions page), CONTENT_HTML,
    and either VISITOR or VIEWER{VIEWER_NAME, SIGN_OUT_CSRF} for the masthead. }}
<!doctype html>
<html lang="{{LANG}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{PAGE_TITLE}}</title>
<meta name="description" content="{{DESCRIPTION}}">
{{#NOINDEX}}<meta name="robots" content="noindex">
{{/NOINDEX}}{{#CANONICAL}}<link rel="canonical" href="{{CANONICAL_URL}}">
{{/CANONICAL}}{{#FEED}}<link rel="alternate" type="{{FEED_TYPE}}" title="{{FEED_TITLE}}" href="{{FEED_URL}}">
{{/FEED}}
<link rel="stylesheet" href="/static/style.css">
<link rel="icon" href="/static/logo.svg" type="image/svg+xml">
{{#OPEN_GRAPH}}<meta property="og:site_name" content="{{SITE_NAME}}">
<meta property="og:title" content="{{OG_TITLE}}">
<meta property="og:description" content="{{DESCRIPTION}}">
<meta property="og:url" content="{{CANONICAL_URL:x-href}}">
<meta property="og:type" content="{{OG_TYPE}}">
{{#OG_IMAGE}}<meta property="og:image" content="{{IMAGE_URL:x-href}}">
{{/OG_IMAGE}}{{#PUBLISHED}}<meta property="article:published_time" content="{{PUBLISHED_ISO}}">
{{/PUBLISHED}}{{#MODIFIED}}<meta property="article:modified_time" content="{{MODIFIED_ISO}}">
{{/MODIFIED}}{{#ARTICLE_AUTHOR}}<meta property="article:author" content="{{META_AUTHOR}}">
{{/ARTICLE_AUTHOR}}<meta name="twitter:card" content="{{TWITTER_CARD}}">
<meta name="twitter:title" content="{{OG_TITLE}}">
<meta name="twitter:description" content="{{DESCRIPTION}}">
{{/OPEN_GRAPH}}</head>
<body>
<a class="skip-link" href="#content">Skip to content</a>
<header class="masthead">
<div class="masthead-inner">
<div class="brand">
<a class="site-name" href="/"><img class="logo" src="/static/logo.svg" alt="" width="32" height="32">{{SITE_NAME}}</a>
{{#TAGLINE}}<p class="tagline">{{TAGLINE_TEXT}}</p>
{{/TAGLINE}}</div>
<nav class="site-nav" aria-label="Main">
<ul>
<li><a href="/"{{#HOME_CURRENT}} aria-current="page"{{/HOME_CURRENT}}>Home</a></li>
<li><a href="/feed">Feeds</a></li>
{{#VISITOR}}<li><a href="/login">Sign in</a></li>
<li><a class="cta-register" href="/register">Register your voice</a></li>
{{/VISITOR}}{{#VIEWER}}<li class="signed-in-as">Signed in as {{VIEWER_NAME}}</li>
<li><a href="/account/security"{{#SECURITY_CURRENT}} aria-current="page"{{/SECURITY_CURRENT}}>Security</a></li>
<li><form class="sign-out-form" method="post" action="/logout"><input type="hidden" name="csrf" value="{{SIGN_OUT_CSRF}}"><button class="link-button" type="submit">Sign out</button></form></li>
{{/VIEWER}}</ul>
</nav>
</div>
</header>
<main id="content" tabindex="-1">
{{CONTENT_HTML:none}}</main>
<footer class="site-footer">
<div class="footer-inner">
<p class="footer-name"><a href="/">{{SITE_NAME}}</a></p>
<ul class="footer-links">
<li><a href="/feed">Feeds</a></li>
<li>Powered by Tribune</li>
</ul>
</div>
</footer>
</body>
</html>
