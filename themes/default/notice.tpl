{{%AUTOESCAPE context="HTML"}}
{{! A page that only says something: a heading and a message. Values: HEADING, MESSAGE. }}
<div class="page-wrap notice-page">
<h1>{{HEADING}}</h1>
<p class="message">{{MESSAGE}}</p>
<p><a href="/">Back to the front page</a></p>
</div>
