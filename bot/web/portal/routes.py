"""The portal's routes, added by bot/web/routes.py."""

from __future__ import annotations

from aiohttp import web

from bot.web.portal import sessions_page, sign_in_routes


def add_portal_routes(app: web.Application) -> None:
    app.router.add_get(sign_in_routes.SIGN_IN_ROUTE, sign_in_routes.sign_in_page)
    app.router.add_post(sign_in_routes.SIGN_IN_ROUTE, sign_in_routes.ask_code)
    app.router.add_post(sign_in_routes.CODE_ROUTE, sign_in_routes.enter_code)
    app.router.add_get(sign_in_routes.LINK_ROUTE, sign_in_routes.link_page)
    app.router.add_post(sign_in_routes.LINK_ROUTE, sign_in_routes.spend_link_page)
    app.router.add_get(sessions_page.ROUTE, sessions_page.sessions_page)
    app.router.add_post(sessions_page.END_ROUTE, sessions_page.end_session)
    app.router.add_post(sessions_page.END_ALL_ROUTE, sessions_page.end_all)
    app.router.add_post(sessions_page.SIGN_OUT_ROUTE, sessions_page.sign_out)
