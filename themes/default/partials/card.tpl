{{%AUTOESCAPE context="HTML"}}
{{! One article in a list: the front page and the author pages. An included template sees only
    its own values: TITLE, URL, COMMENTS_URL, AUTHOR_NAME, AUTHOR_URL, DATE_TEXT, DATE_ISO,
    EXCERPT{EXCERPT_TEXT}, COMMENT_COUNT_TEXT ("3 comments", "1 comment", "No comments yet"). }}
<article class="card">
<h2><a href="{{URL}}">{{TITLE}}</a></h2>
<p class="meta">By <a href="{{AUTHOR_URL}}">{{AUTHOR_NAME}}</a> <span aria-hidden="true">·</span> <time datetime="{{DATE_ISO}}">{{DATE_TEXT}}</time></p>
{{#EXCERPT}}<p class="excerpt">{{EXCERPT_TEXT}}</p>
{{/EXCERPT}}<p class="comment-count"><a href="{{COMMENTS_URL}}">{{COMMENT_COUNT_TEXT}}</a></p>
</article>
