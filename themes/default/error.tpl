{{%AUTOESCAPE context="HTML"}}
{{! Error pages (404, 403, 500...): what happened and, for a report, the request id.
    Values: STATUS, TITLE, MESSAGE, REQUEST_ID{REQUEST_ID_TEXT}. }}
<div class="page-wrap notice-page error-page">
<p class="status-code">Error {{STATUS}}</p>
<h1>{{TITLE}}</h1>
<p class="message">{{MESSAGE}}</p>
{{#REQUEST_ID}}<p class="request-id">Request id: {{REQUEST_ID_TEXT}}</p>
{{/REQUEST_ID}}<p><a href="/">Back to the front page</a></p>
</div>
