"""The pages, rendered on the server: small, accessible (landmarks, labels, a live region for
new messages), mobile-first; a little script each, from /static."""

from __future__ import annotations

from html import escape

from aiohttp import web

# A message's length in characters: what the page lets one type, and the server keeps. Far
# inside the socket's frame limit, so a long paste is never a frame that closes the socket
# (the page would resend it on every reconnect).
MAX_TEXT = 4000

# Only our own scripts and styles; nobody may frame the pages (clickjacking on the console).
# Pictures may also come from where file links point (PUBLIC_BASE_URL, Supabase Storage).
CSP = (
    "default-src 'self'; img-src 'self' data:{images}; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # "no-referrer" would make form posts say Origin: null
    "Cache-Control": "no-store",
}


def page(
    title: str, body: str, *, script: str = "", status: int = 200, images: tuple[str, ...] = ()
) -> web.Response:
    scripts = f'<script src="/static/{script}" defer></script>' if script else ""
    html = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<link rel="stylesheet" href="/static/style.css">
{scripts}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header><p class="brand">{escape(title)}</p></header>
<main id="main">
{body}
</main>
</body>
</html>
"""
    csp = CSP.format(images="".join(f" {origin}" for origin in images))
    headers = SECURITY_HEADERS | {"Content-Security-Policy": csp}
    return web.Response(text=html, content_type="text/html", status=status, headers=headers)


def chat_body(business: str, csrf: str) -> str:
    return f"""<section class="chat" aria-labelledby="chat-title"
  data-ws="/ws" data-upload="/upload" data-csrf="{escape(csrf)}">
<h1 id="chat-title">Chat with {escape(business)}</h1>
<p class="intro">Book a visit, follow your job or talk to the technician.
Say <strong>hi</strong> to begin.</p>
<p id="connection" class="connection" role="status">Connecting…</p>
<ol id="messages" class="messages" aria-live="polite" aria-label="Messages"></ol>
{_composer("Your message", "Type a message")}
</section>"""


def console_body(business: str, csrf: str) -> str:
    commands = ("/queue", "/today", "/week", "/urgent", "/help")
    buttons = "".join(
        f'<li><button type="button" data-command="{c}">{c}</button></li>' for c in commands
    )
    return f"""<section class="chat console" aria-labelledby="console-title"
  data-ws="/admin/ws" data-upload="/admin/upload" data-csrf="{escape(csrf)}">
<h1 id="console-title">{escape(business)} - technician's console</h1>
<form method="post" action="/admin/sign-out" class="sign-out">
<input type="hidden" name="csrf" value="{escape(csrf)}">
<button type="submit">Sign out</button>
</form>
<nav aria-label="Quick commands"><ul class="commands">{buttons}
<li><a href="/admin/figures">Figures</a></li></ul></nav>
<p id="connection" class="connection" role="status">Connecting…</p>
<ol id="messages" class="messages" aria-live="polite" aria-label="Messages"></ol>
<p id="replying" class="replying" hidden>
<span id="replying-to"></span> <button type="button" id="reply-cancel">Not a reply</button></p>
{_composer("Command or message", "/job BG-1001, /note BG-1001 text, or a reply")}
</section>"""


def sign_in_body(business: str, error: str = "") -> str:
    alert = f'<p class="error" role="alert">{escape(error)}</p>' if error else ""
    return f"""<section class="sign-in" aria-labelledby="sign-in-title">
<h1 id="sign-in-title">{escape(business)} - technician's console</h1>
{alert}
<form method="post" action="/admin/sign-in">
<label for="token">Admin token (ADMIN_TOKEN)</label>
<input id="token" name="token" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>
</section>"""


def _composer(label: str, placeholder: str) -> str:
    return f"""<form id="composer" class="composer">
<label for="text" class="visually-hidden">{escape(label)}</label>
<input id="text" name="text" autocomplete="off" maxlength="{MAX_TEXT}"
  placeholder="{escape(placeholder)}">
<button type="submit">Send</button>
</form>
<form id="photo" class="photo">
<label for="file">Send a photo (the message box above is its caption)</label>
<input id="file" name="file" type="file" accept="image/jpeg,image/png,image/webp">
</form>"""
