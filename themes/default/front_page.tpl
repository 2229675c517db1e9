{{%AUTOESCAPE context="HTML"}}
{{! The front page: the latest articles as cards, newest first, with pagination.
    Values: HEADING, ARTICLES{CARD include}, NO_ARTICLES, PAGINATION include. }}
<div class="page-wrap">
<h1 class="section-title">{{HEADING}}</h1>
{{#ARTICLES}}{{>CARD}}{{/ARTICLES}}{{#NO_ARTICLES}}<p class="empty">Nothing has been published yet. Come back soon.</p>
{{/NO_ARTICLES}}{{>PAGINATION}}</div>
