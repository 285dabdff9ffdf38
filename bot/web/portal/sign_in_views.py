"""The sign-in pages' HTML: the number (or e-mail address) form, the code form, a sign-in
link's button."""

from __future__ import annotations

from html import escape

from domain.phones import local_phone

SAME_ANSWER = (
    "If {number} is a number we know, we've sent a code and a sign-in link to where you "
    "talk to us with it (SMS, WhatsApp or Telegram)."
)
SAME_ANSWER_EMAIL = (
    "If {address} is an e-mail address you have confirmed with us, we've e-mailed it a code "
    "and a sign-in link."
)


def _alert(error: str) -> str:
    return f'<p class="error" role="alert">{escape(error)}</p>' if error else ""


def number_form(after: str, error: str = "", note: str = "") -> str:
    told = f'<p role="status">{escape(note)}</p>' if note else ""
    return f"""<section class="sign-in" aria-labelledby="sign-in-title">
<h1 id="sign-in-title">Sign in</h1>
{told}{_alert(error)}
<form method="post" action="/portal/sign-in">
<input type="hidden" name="next" value="{escape(after)}">
<label for="number">Your phone number or e-mail address</label>
<input id="number" name="number" type="text" autocomplete="username" maxlength="254" required
  aria-describedby="number-help">
<p id="number-help" class="help">The number you message us from on WhatsApp or SMS, or shared
with us on Telegram; or the e-mail address you confirmed with us. No password: we send you a
code.</p>
<button type="submit">Send me a code</button>
</form>
<p class="help">In a chat with us already? Type <strong>portal</strong> there for a sign-in
link.</p>
</section>"""


def code_form(number: str, after: str, error: str = "") -> str:
    if "@" in number:
        told = SAME_ANSWER_EMAIL.format(address=number)
    else:
        told = SAME_ANSWER.format(number=local_phone(number) if number else "that")
    return f"""<section class="sign-in" aria-labelledby="code-title">
<h1 id="code-title">Enter your code</h1>
<p role="status">{escape(told)}</p>
{_alert(error)}
<form method="post" action="/portal/code">
<input type="hidden" name="next" value="{escape(after)}">
<input type="hidden" name="number" value="{escape(number)}">
<label for="code">The six-digit code</label>
<input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="12"
  required aria-describedby="code-help">
<p id="code-help" class="help">It works for 10 minutes. Or tap the link in the same message.</p>
<button type="submit">Sign in</button>
</form>
<p><a href="/portal/sign-in">Use another number or address, or ask for a new code</a></p>
</section>"""


def link_button(token: str) -> str:
    return f"""<section class="sign-in" aria-labelledby="link-title">
<h1 id="link-title">Sign in to your portal</h1>
<p>Tap the button to sign in on this device. The link works once.</p>
<form method="post" action="/portal/link/{escape(token)}">
<button type="submit">Sign in</button>
</form>
</section>"""


def link_gone() -> str:
    return """<section class="sign-in" aria-labelledby="gone-title">
<h1 id="gone-title">This sign-in link no longer works</h1>
<p>It was used already, or it is more than 30 minutes old. Type <strong>portal</strong> in a
chat with us for a fresh one, or <a href="/portal/sign-in">sign in with your number</a>.</p>
</section>"""
