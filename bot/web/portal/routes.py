"""The portal's routes, added by bot/web/routes.py."""

from __future__ import annotations

from aiohttp import web

from bot.web.portal import sessions_page


def add_portal_routes(app: web.Application) -> None:
    app.router.add_get(sessions_page.ROUTE, sessions_page.sessions_page)
    app.router.add_post(sessions_page.END_ROUTE, sessions_page.end_session)
    app.router.add_post(sessions_page.END_ALL_ROUTE, sessions_page.end_all)
    app.router.add_post(sessions_page.SIGN_OUT_ROUTE, sessions_page.sign_out)
