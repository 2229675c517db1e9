{{%AUTOESCAPE context="HTML"}}
{{! An author's page: who they are, then their articles as cards.
    Values: DISPLAY_NAME, BIO{BIO_TEXT}, ARTICLE_COUNT_TEXT ("12 articles"), ARTICLES{CARD include},
    NO_ARTICLES, PAGINATION include. }}
<div class="page-wrap">
<header class="author-header">
<h1>{{DISPLAY_NAME}}</h1>
{{#BIO}}<p class="author-bio">{{BIO_TEXT}}</p>
{{/BIO}}<p class="author-count">{{ARTICLE_COUNT_TEXT}}</p>
</header>
{{#ARTICLES}}{{>CARD}}{{/ARTICLES}}{{#NO_ARTICLES}}<p class="empty">No articles yet.</p>
{{/NO_ARTICLES}}{{>PAGINATION}}</div>
