"""The pages, rendered on the server: small, accessible (landmarks, labels, a live region for
new messages), mobile-first; a little script each, from /static."""

from __future__ import annotations

from html import escape

from aiohttp import web

from domain.business import BusinessInfo
from domain.phones import local_phone

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
# The photo button's picture, drawn here: no icon font, no emoji the device may lack.
CAMERA = (
    '<svg aria-hidden="true" width="24" height="24" viewBox="0 0 24 24" fill="none" '
    'stroke="currentColor" stroke-width="2" stroke-linejoin="round"><path d="M3 8h4l2-3h6l2 '
    '3h4v11H3z"/><circle cx="12" cy="13" r="3.5"/></svg>'
)
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # "no-referrer" would make form posts say Origin: null
    "Cache-Control": "no-store",
}


def page(
    info: BusinessInfo,
    title: str,
    body: str,
    *,
    script: str = "",
    status: int = 200,
    images: tuple[str, ...] = (),
    chat: bool = False,
) -> web.Response:
    """A whole page in the business's look; `chat`: the page is one screen, its messages
    scrolling between the header and the message box."""
    scripts = f'<script src="/static/{script}" defer></script>' if script else ""
    name = escape(info.shown_name)
    html = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} - {name}</title>
<link rel="icon" href="/brand/logo">
<link rel="stylesheet" href="/static/style.css">
<link rel="stylesheet" href="/brand.css">
{scripts}
</head>
<body{' class="one-screen"' if chat else ""}>
<a class="skip" href="#main">Skip to content</a>
<header class="site"><img class="logo" src="/brand/logo" alt="" width="36" height="36">
<p class="brand">{name}</p></header>
<main id="main">
{body}
</main>
{_contact(info)}
</body>
</html>
"""
    csp = CSP.format(images="".join(f" {origin}" for origin in images))
    headers = SECURITY_HEADERS | {"Content-Security-Policy": csp}
    return web.Response(text=html, content_type="text/html", status=status, headers=headers)


def _contact(info: BusinessInfo) -> str:
    return f"""<footer class="contact"><p>
<a href="tel:{escape(info.phone)}">{escape(local_phone(info.phone))}</a> ·
<a href="mailto:{escape(info.email)}">{escape(info.email)}</a> ·
<span>{escape(info.address)}</span></p></footer>"""


def chat_body(info: BusinessInfo, csrf: str, *, ws: str = "/ws", upload: str = "/upload") -> str:
    """The customers' chat; the portal's (signed in) talks over its own socket."""
    return f"""<section class="chat" aria-labelledby="chat-title"
  data-ws="{ws}" data-upload="{upload}" data-csrf="{escape(csrf)}">
<h1 id="chat-title">Chat with {escape(info.shown_name)}</h1>
<p class="intro">Book a visit, follow your job or talk to the technician.
Say <strong>hi</strong> to begin.</p>
<p id="connection" class="connection" role="status">Connecting…</p>
<ol id="messages" class="messages" aria-live="polite" aria-label="Messages"></ol>
{_composer("Your message", "Type a message")}
</section>"""


def console_body(info: BusinessInfo, csrf: str) -> str:
    commands = ("/queue", "/today", "/week", "/urgent", "/unpaid", "/audit", "/help")
    buttons = "".join(
        f'<li><button type="button" data-command="{c}">{c}</button></li>' for c in commands
    )
    return f"""<section class="chat console" aria-labelledby="console-title"
  data-ws="/admin/ws" data-upload="/admin/upload" data-csrf="{escape(csrf)}">
<div class="console-top">
<h1 id="console-title">Technician's console</h1>
<form method="post" action="/admin/sign-out" class="sign-out">
<input type="hidden" name="csrf" value="{escape(csrf)}">
<button type="submit">Sign out</button>
</form>
</div>
<nav aria-label="Quick commands"><ul class="commands">{buttons}
<li><a href="/admin/figures">Figures</a></li></ul></nav>
<p id="connection" class="connection" role="status">Connecting…</p>
<ol id="messages" class="messages" aria-live="polite" aria-label="Messages"></ol>
<p id="replying" class="replying" hidden>
<span id="replying-to"></span> <button type="button" id="reply-cancel">Not a reply</button></p>
{_composer("Command or message", "/job BG-1001, /note BG-1001 text, or a reply")}
</section>"""


def sign_in_body(error: str = "") -> str:
    alert = f'<p class="error" role="alert">{escape(error)}</p>' if error else ""
    return f"""<section class="sign-in" aria-labelledby="sign-in-title">
<h1 id="sign-in-title">Technician's console</h1>
{alert}
<form method="post" action="/admin/sign-in">
<p>This console is for the technician: the jobs, the customers' messages, the answers.</p>
<label for="token">Access code</label>
<input id="token" name="token" type="password" autocomplete="current-password" required
  aria-describedby="token-help">
<p id="token-help" class="help">The code you were given with the service (its ADMIN_TOKEN
setting). Lost it? Whoever runs the service can look it up or set a new one.</p>
<button type="submit">Sign in</button>
</form>
</section>"""


def _composer(label: str, placeholder: str) -> str:
    """The message box, its Send button and a photo button (what is typed is its caption)."""
    return f"""<form id="composer" class="composer">
<label for="text" class="visually-hidden">{escape(label)}</label>
<input id="text" name="text" autocomplete="off" maxlength="{MAX_TEXT}"
  placeholder="{escape(placeholder)}">
<label class="photo" title="Send a photo; the message box is its caption">
<input id="file" name="file" type="file" accept="image/jpeg,image/png,image/webp"
  class="visually-hidden">{CAMERA}<span class="visually-hidden">Send a photo (the message box
is its caption)</span></label>
<button type="submit">Send</button>
</form>"""
