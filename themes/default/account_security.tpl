{{%AUTOESCAPE context="HTML"}}
{{! The member's live sessions (GET /account/security), most recently active first. The
    session the page was asked for is marked "This device" and has no button: ending it is
    sign-out. Every other one has its own POST form; "Sign out everywhere else" ends them all.
    The csrf fields are bound to the member's session. Works without JavaScript.
    Values: OTHERS{CSRF_TOKEN}, and per session SESSION{DEVICE, ADDRESS, STARTED_TEXT,
    STARTED_ISO, LAST_ACTIVE_TEXT, LAST_ACTIVE_ISO, CURRENT, REVOKE}, where REVOKE holds
    REVOKE_URL, CSRF_TOKEN and REVOKE_DEVICE. (Two closing braces in a row end a comment.) }}
<div class="page-wrap account-page">
<h1>Your sessions</h1>
<p>These are the devices signed in to your account. If you do not recognise one, sign it out and change your password.</p>
<table class="sessions">
<caption>Active sessions</caption>
<thead>
<tr><th scope="col">Device</th><th scope="col">Address</th><th scope="col">Signed in</th><th scope="col">Last active</th><th scope="col"><span class="visually-hidden">Action</span></th></tr>
</thead>
<tbody>
{{#SESSION}}<tr class="session{{#CURRENT}} current-session{{/CURRENT}}">
<th scope="row" class="session-device">{{DEVICE}}{{#CURRENT}} <strong class="this-device">This device</strong>{{/CURRENT}}</th>
<td class="session-address">{{ADDRESS}}</td>
<td><time datetime="{{STARTED_ISO}}">{{STARTED_TEXT}}</time></td>
<td><time datetime="{{LAST_ACTIVE_ISO}}">{{LAST_ACTIVE_TEXT}}</time></td>
<td>{{#REVOKE}}<form class="revoke-session-form" method="post" action="{{REVOKE_URL}}"><input type="hidden" name="csrf" value="{{CSRF_TOKEN}}"><button class="button button-secondary" type="submit" aria-label="Sign out {{REVOKE_DEVICE}}">Sign out</button></form>{{/REVOKE}}</td>
</tr>
{{/SESSION}}</tbody>
</table>
{{#OTHERS}}<form class="revoke-others-form" method="post" action="/account/sessions/revoke-others">
<input type="hidden" name="csrf" value="{{CSRF_TOKEN}}">
<button class="button" type="submit">Sign out everywhere else</button>
</form>
{{/OTHERS}}<p class="hint">To sign out on this device, use “Sign out” at the top of the page.</p>
</div>
