{{%AUTOESCAPE context="HTML"}}
{{! One article: its text, share links, the author box, the comments and the reply area.
    Values: TITLE, AUTHOR_NAME, AUTHOR_URL, DATE_TEXT, DATE_ISO, BODY_HTML (sanitised),
    SHARE{NETWORK, LABEL, SHARE_URL, EXTERNAL}, AUTHOR_ARTICLE_COUNT, ARTICLE_NOUN, AUTHOR_BIO{BIO},
    COMMENT_COUNT_TEXT, COMMENT{ANCHOR, COMMENT_AUTHOR_NAME, COMMENT_AUTHOR_URL, COMMENT_DATE_TEXT,
    COMMENT_DATE_ISO, COMMENT_BODY_HTML (sanitised)}, SIGNED_OUT{LOGIN_URL, REGISTER_URL}, SIGNED_IN. }}
<article class="article">
<header class="article-header">
<h1>{{TITLE}}</h1>
<p class="byline">By <a href="{{AUTHOR_URL}}" rel="author">{{AUTHOR_NAME}}</a> <span aria-hidden="true">·</span> <time datetime="{{DATE_ISO}}">{{DATE_TEXT}}</time></p>
</header>
<div class="article-body">{{BODY_HTML:none}}</div>
</article>
<div class="after-article">
<section class="share" aria-labelledby="share-heading"><h2 id="share-heading">Share this post</h2>
<ul class="share-list">
{{#SHARE}}<li><a class="share-{{NETWORK}}" href="{{SHARE_URL:x-href}}"{{#EXTERNAL}} rel="noopener noreferrer"{{/EXTERNAL}}>{{LABEL}}</a></li>
{{/SHARE}}
</ul>
</section>
<section class="author-box" aria-labelledby="author-heading"><h2 id="author-heading">About the author</h2>
<p class="author-count"><a href="{{AUTHOR_URL}}">{{AUTHOR_NAME}}</a> has written {{AUTHOR_ARTICLE_COUNT}} {{ARTICLE_NOUN}} for {{SITE_NAME}}</p>
{{#AUTHOR_BIO}}<p class="author-bio">{{BIO}}</p>
{{/AUTHOR_BIO}}</section>
<section id="comments" aria-labelledby="comments-heading"><h2 id="comments-heading">Leave your response</h2>
<p class="comment-total">{{COMMENT_COUNT_TEXT}}</p>
{{#COMMENT}}<article class="comment" id="{{ANCHOR}}">
<header class="comment-meta"><h3 class="comment-author"><a href="{{COMMENT_AUTHOR_URL}}">{{COMMENT_AUTHOR_NAME}}</a></h3>
<a class="comment-link" href="#{{ANCHOR}}"><time datetime="{{COMMENT_DATE_ISO}}">{{COMMENT_DATE_TEXT}}</time></a></header>
<div class="comment-body">{{COMMENT_BODY_HTML:none}}</div>
</article>
{{/COMMENT}}
<div id="respond">
{{#SIGNED_OUT}}<p class="login-required">You must be logged in to post a comment.</p>
<p class="respond-actions"><a class="button" href="{{LOGIN_URL}}">Sign in</a> or <a href="{{REGISTER_URL}}">register your voice</a> to join the conversation.</p>
{{/SIGNED_OUT}}{{#SIGNED_IN}}<p class="comment-soon">Posting comments arrives soon: the comment form is on its way.</p>
{{/SIGNED_IN}}</div>
</section>
</div>
