"""The portal's content pages, added to the app by bot/web/routes.py."""

from __future__ import annotations

from aiohttp import web

from bot.web.portal_pages import (
    book_routes,
    change_routes,
    chat_routes,
    details_routes,
    job_routes,
)

# A job's reference as the pages write it: any other path is a 404 before a page or the
# database sees it (a NUL in a path would reach Postgres, which refuses it).
JOB = r"/portal/jobs/{ref:BG-[0-9]{4,12}}"


def add_portal_pages(app: web.Application) -> None:
    app.router.add_get("/portal", job_routes.my_jobs)
    app.router.add_get(JOB, job_routes.job_page)
    app.router.add_get(JOB + "/events", job_routes.job_stream)
    app.router.add_get(JOB + "/files/{file_id:[0-9]{1,18}}", job_routes.job_file)
    app.router.add_get(JOB + "/move", change_routes.move_page)
    app.router.add_post(JOB + "/move", change_routes.move)
    app.router.add_get(JOB + "/cancel", change_routes.cancel_page)
    app.router.add_post(JOB + "/cancel", change_routes.cancel)
    app.router.add_get("/portal/book", book_routes.book_page)
    app.router.add_post("/portal/book", book_routes.book_step)
    app.router.add_get("/portal/details", details_routes.details_page)
    app.router.add_post("/portal/details", details_routes.change_details)
    app.router.add_get("/portal/chat", chat_routes.chat_page)
    app.router.add_get(chat_routes.WS, chat_routes.chat_ws)
    app.router.add_post(chat_routes.UPLOAD, chat_routes.chat_upload)
