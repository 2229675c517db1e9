{{%AUTOESCAPE context="HTML"}}
{{! Share on Mastodon: Mastodon has no central share address, so this first-party page asks
    for the reader's server and sends them to its share form. Works without JavaScript.
    Values: URL, TEXT, INSTANCE, ERROR{ERROR_TEXT}. }}
<div class="page-wrap notice-page share-page">
<h1>Share on Mastodon</h1>
<p class="message">You are sharing <a href="{{URL}}">{{TEXT}}</a>.</p>
<form class="share-form" method="get" action="/share/mastodon/go">
<input type="hidden" name="url" value="{{URL}}">
<input type="hidden" name="text" value="{{TEXT}}">
<label for="instance">Your Mastodon server</label>
{{#ERROR}}<p class="form-error" id="instance-error" role="alert">{{ERROR_TEXT}}</p>
{{/ERROR}}<input id="instance" name="instance" type="text" inputmode="url" autocomplete="url" required placeholder="mastodon.social" value="{{INSTANCE}}"{{#ERROR}} aria-invalid="true" aria-describedby="instance-error"{{/ERROR}}>
<button class="button" type="submit">Continue to your server</button>
</form>
<p><a href="{{URL}}">Back to the article</a></p>
</div>
