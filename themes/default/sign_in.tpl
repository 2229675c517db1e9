{{%AUTOESCAPE context="HTML"}}
{{! The sign-in form. A plain POST that works without JavaScript; the hidden csrf field is
    bound to the pre-session cookie, and next is where to go afterwards (site-relative).
    The username is not echoed back after a failed attempt, so a failure for an unknown
    account and one for a wrong password read the same.
    Values: CSRF_TOKEN, NEXT, ERROR{ERROR_TEXT}. }}
<div class="page-wrap notice-page sign-in-page">
<h1>Sign in</h1>
<form class="sign-in-form" method="post" action="/login">
<input type="hidden" name="csrf" value="{{CSRF_TOKEN}}">
<input type="hidden" name="next" value="{{NEXT}}">
{{#ERROR}}<p class="form-error" id="sign-in-error" role="alert">{{ERROR_TEXT}}</p>
{{/ERROR}}<label for="username">Username</label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required{{#ERROR}} aria-describedby="sign-in-error"{{/ERROR}}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" maxlength="1024" required>
<p class="remember"><input id="remember" name="remember" type="checkbox" value="yes"> <label for="remember">Keep me signed in on this device</label></p>
<button class="button" type="submit">Sign in</button>
</form>
<p><a href="/register">Register your voice</a> if you do not have an account yet.</p>
</div>
