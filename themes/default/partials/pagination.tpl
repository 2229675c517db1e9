{{%AUTOESCAPE context="HTML"}}
{{! Newer / older links; rel="prev" points to newer articles, as the list runs newest first.
    Values: PAGE, TOTAL_PAGES, NEWER{NEWER_URL}, OLDER{OLDER_URL}. }}
<nav class="pagination" aria-label="Pagination">
{{#NEWER}}<a class="newer" href="{{NEWER_URL}}" rel="prev">Newer articles</a>
{{/NEWER}}<span class="page-of">Page {{PAGE}} of {{TOTAL_PAGES}}</span>
{{#OLDER}}<a class="older" href="{{OLDER_URL}}" rel="next">Older articles</a>
{{/OLDER}}</nav>
