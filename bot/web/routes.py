"""The web side's routes, added to the app by build_app()."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from bot.channels.email_links import ROUTE as UNSUBSCRIBE_ROUTE
from bot.web import (
    brand,
    calendar_feed,
    chat_routes,
    console_routes,
    email_routes,
    figures_routes,
    privacy_routes,
    status_routes,
)
from bot.web.portal.routes import add_portal_routes
from bot.web.portal_pages.routes import add_portal_pages
from bot.web.socket import close_pages

STATIC = Path(__file__).parent / "static"


def add_web_routes(app: web.Application) -> None:
    app.router.add_get("/", chat_routes.chat_page)
    app.router.add_get("/ws", chat_routes.chat_ws)
    app.router.add_post("/upload", chat_routes.chat_upload)
    app.router.add_get("/admin", console_routes.console_page)
    app.router.add_post("/admin/sign-in", console_routes.sign_in)
    app.router.add_post("/admin/sign-out", console_routes.sign_out)
    app.router.add_get("/admin/ws", console_routes.console_ws)
    app.router.add_post("/admin/upload", console_routes.console_upload)
    app.router.add_get("/admin/figures", figures_routes.figures_page)
    app.router.add_get("/admin/figures.csv", figures_routes.figures_csv)
    app.router.add_get(status_routes.ROUTE, status_routes.status_page)
    app.router.add_get(status_routes.EVENTS_ROUTE, status_routes.status_events)
    app.router.add_get(email_routes.CALENDAR_ROUTE, email_routes.visit_calendar)
    app.router.add_get(UNSUBSCRIBE_ROUTE, email_routes.unsubscribe_page)
    app.router.add_post(UNSUBSCRIBE_ROUTE, email_routes.unsubscribe)
    app.router.add_get(calendar_feed.ROUTE, calendar_feed.calendar_feed)
    app.router.add_get("/privacy", privacy_routes.privacy_page)
    app.router.add_get(privacy_routes.DATA_ROUTE, privacy_routes.data_page)
    app.router.add_get(privacy_routes.DOWNLOAD_ROUTE, privacy_routes.download)
    app.router.add_get("/brand.css", brand.brand_css)
    app.router.add_get("/brand/logo", brand.logo)
    app.router.add_get("/favicon.ico", brand.logo)
    add_portal_routes(app)
    add_portal_pages(app)
    app.router.add_static("/static", STATIC)
    app.on_shutdown.append(close_pages)
