"""The desk's web application (aiohttp): pages for people, a JSON API for scripts and pages.

Served under /desk/ by bot.web.server (see `add_desk`). Handlers parse the request, call
ConversationDesk or the auth service, and map refusals to status codes:

    401 not signed in            403 CSRF token or origin wrong     404 not handed off / unknown
    409 claimed by someone else  400 bad input                      429 too many failed sign-ins
    502 Rasa did not answer

Every page and endpoint needs a signed-in agent except the sign-in page, the login
endpoint and the static files (style sheet and scripts, which hold no data).
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Optional
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web
from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.cases.service import CASE_STATUSES, CaseError
from bot.desk.auth import SESSION_LIFETIME, AuthError, AuthService, csrf_matches
from bot.desk.conversations import ConversationDesk
from bot.desk.live import LiveHub, Watcher
from bot.desk.models import AgentRecord
from bot.desk.rasa_client import RasaClient, RasaUnavailable
from bot.desk.reporting import DeskReports, chart_images
from bot.report.build import ReportError
from bot.desk.service import DeskError, DeskService
from bot.settings import Settings

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
COOKIE = "desk_session"
COOKIE_PATH = "/desk"
FAILED_LOGIN_DELAY_S = 0.5
HEARTBEAT_S = 15.0
STATUS_OF = {"not_found": 404, "already_claimed": 409, "held_by_other": 409, "not_claimed": 409,
             "empty_text": 400, "text_too_long": 400, "bad_email": 400, "weak_password": 400}
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "frame-ancestors 'none'; base-uri 'none'; form-action 'self'")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class DeskConfig:
    """What the desk needs to run: Rasa's API address and token, the store, timings."""

    rasa_api_url: str
    rasa_token: Optional[str]
    settings: Settings
    poll_interval: float = 0.5
    return_after: float = 60.0
    #: Rasa's tracker store, read by the report page (None: TRACKER_STORE_URL or its default).
    tracker_store_url: Optional[str] = None


CONFIG = web.AppKey("config", DeskConfig)
TEMPLATES = web.AppKey("templates", Environment)
INJECTED_DESK = web.AppKey("injected_desk", object)
AUTH = web.AppKey("auth", AuthService)
CONVERSATIONS = web.AppKey("conversations", ConversationDesk)
HUB = web.AppKey("hub", LiveHub)
CLIENT = web.AppKey("client", aiohttp.ClientSession)
WATCHER = web.AppKey("watcher", asyncio.Task)
REPORTS = web.AppKey("reports", DeskReports)


class ApiError(Exception):
    """A refusal to send as JSON: {"error": code} with `status`."""

    def __init__(self, status: int, code: str, headers: Optional[Dict[str, str]] = None) -> None:
        super().__init__(code)
        self.status, self.code, self.headers = status, code, headers or {}


def _json(data: Any, status: int = 200) -> web.Response:
    return web.json_response(data, status=status, dumps=lambda d: json.dumps(d, ensure_ascii=False))


def _agent_json(agent: AgentRecord) -> Dict[str, Any]:
    return {"id": agent.id, "email": agent.email, "name": agent.name, "available": bool(agent.available)}


async def _body(request: web.Request) -> Dict[str, Any]:
    """The request's JSON object, or a 400/415."""
    if request.content_type != "application/json":
        raise ApiError(415, "json_required")
    try:
        data = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ApiError(400, "bad_json") from None
    if not isinstance(data, dict):
        raise ApiError(400, "bad_json")
    return data


def _is_api(request: web.Request) -> bool:
    return request.path.startswith("/desk/api/")


# -- middlewares --------------------------------------------------------------------------
@web.middleware
async def errors_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Refusals as JSON (API) or plain pages; never a stack trace."""
    try:
        return await handler(request)
    except ApiError as exc:
        return web.json_response({"error": exc.code}, status=exc.status, headers=exc.headers)
    except DeskError as exc:
        return web.json_response({"error": exc.code}, status=STATUS_OF.get(exc.code, 400))
    except CaseError as exc:
        return web.json_response({"error": exc.code}, status=404 if exc.code == "unknown_case" else 400)
    except RasaUnavailable as exc:
        logger.error("Rasa did not answer: %s", exc)
        return web.json_response({"error": "rasa_unavailable"}, status=502)
    except web.HTTPException:
        raise
    except (asyncio.CancelledError, ConnectionResetError):
        raise
    except Exception:
        logger.exception("Desk request failed: %s %s", request.method, request.path)
        if _is_api(request):
            return web.json_response({"error": "internal_error"}, status=500)
        return web.Response(text="Something went wrong. Please reload the page.", status=500)


@web.middleware
async def headers_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Security headers on every desk response; nothing the desk serves is cached."""
    response = await handler(request)
    if not response.prepared:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("Cache-Control", "no-store")
    return response


PUBLIC = {("GET", "/desk"), ("GET", "/desk/login"), ("POST", "/desk/api/login")}


@web.middleware
async def auth_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Find the signed-in agent; refuse (401 or a redirect to sign-in) without one, and
    require the session's CSRF token and a same-origin request on every change."""
    if request.path.startswith("/desk/static/") or (request.method, request.path) in PUBLIC:
        return await handler(request)
    auth: AuthService = request.app[AUTH]
    token = request.cookies.get(COOKIE)
    found = await asyncio.get_running_loop().run_in_executor(None, auth.session, token) if token else None
    if found is None:
        if _is_api(request):
            raise ApiError(401, "not_signed_in")
        raise web.HTTPFound("/desk/login")
    agent, csrf_token = found
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        origin = request.headers.get("Origin")
        if origin and urlsplit(origin).netloc != request.host:
            raise ApiError(403, "cross_origin")
        if not csrf_matches(csrf_token, request.headers.get("X-CSRF-Token")):
            raise ApiError(403, "csrf_token_missing_or_wrong")
    request["agent"], request["csrf_token"], request["session_token"] = agent, csrf_token, token
    return await handler(request)


# -- pages --------------------------------------------------------------------------------
def _page(request: web.Request, template: str, **context: Any) -> web.Response:
    env: Environment = request.app[TEMPLATES]
    agent = request.get("agent")
    html = env.get_template(template).render(agent=agent, csrf_token=request.get("csrf_token", ""), **context)
    return web.Response(text=html, content_type="text/html")


async def login_page(request: web.Request) -> web.Response:
    """The sign-in form (signed-in agents go straight to the inbox)."""
    token = request.cookies.get(COOKIE)
    if token and await asyncio.get_running_loop().run_in_executor(None, request.app[AUTH].session, token):
        raise web.HTTPFound("/desk/")
    return _page(request, "login.html", page="login")


async def inbox_page(request: web.Request) -> web.Response:
    """The inbox: the queue, the open conversation, the side panel."""
    return _page(request, "inbox.html", page="inbox", statuses=CASE_STATUSES)


async def cases_page(request: web.Request) -> web.Response:
    """Open cases with their due times."""
    return _page(request, "cases.html", page="cases", statuses=CASE_STATUSES)


async def report_page(request: web.Request) -> web.Response:
    """The support report (?since=30d): figures, tables and the charts inline."""
    since = request.query.get("since") or "30d"
    try:
        report = await request.app[REPORTS].report_async(since)
    except ReportError as exc:
        return _page(request, "report.html", page="report", since=since[:20], error=str(exc), report=None,
                     charts={})
    charts = await asyncio.get_running_loop().run_in_executor(None, chart_images, report)
    return _page(request, "report.html", page="report", since=since[:20], error=None, report=report,
                 charts=charts)


# -- API ----------------------------------------------------------------------------------
async def report_api(request: web.Request) -> web.Response:
    """GET /desk/api/report?since=30d: every figure of the report as JSON."""
    try:
        return _json(await request.app[REPORTS].report_async(request.query.get("since") or "30d"))
    except ReportError as exc:
        raise ApiError(400, "bad_since") from exc


async def login(request: web.Request) -> web.Response:
    """POST /desk/api/login {"email", "password"} → {"agent", "csrf_token"} and the session cookie."""
    data = await _body(request)
    email, password = data.get("email"), data.get("password")
    if not isinstance(email, str) or not isinstance(password, str):
        raise ApiError(400, "email_and_password_required")
    auth: AuthService = request.app[AUTH]
    try:
        signed_in = await asyncio.get_running_loop().run_in_executor(
            None, auth.login, email, password, request.remote or "unknown")
    except AuthError as exc:
        if exc.code == "too_many_attempts":
            wait = max(1, round(exc.retry_after))
            raise ApiError(429, exc.code, {"Retry-After": str(wait)}) from None
        await asyncio.sleep(FAILED_LOGIN_DELAY_S)
        raise ApiError(401, exc.code) from None
    response = _json({"agent": _agent_json(signed_in.agent), "csrf_token": signed_in.csrf_token})
    response.set_cookie(COOKIE, signed_in.token, path=COOKIE_PATH, httponly=True, secure=True, samesite="Strict",
                        max_age=int(SESSION_LIFETIME.total_seconds()))
    return response


async def logout(request: web.Request) -> web.Response:
    """POST /desk/api/logout: end the session and clear the cookie."""
    await asyncio.get_running_loop().run_in_executor(None, request.app[AUTH].logout, request["session_token"])
    response = _json({"signed_out": True})
    response.del_cookie(COOKIE, path=COOKIE_PATH)
    return response


async def me(request: web.Request) -> web.Response:
    """GET /desk/api/me: the signed-in agent and the session's CSRF token."""
    return _json({"agent": _agent_json(request["agent"]), "csrf_token": request["csrf_token"]})


async def availability(request: web.Request) -> web.Response:
    """POST /desk/api/availability {"available": true|false}."""
    data = await _body(request)
    if not isinstance(data.get("available"), bool):
        raise ApiError(400, "available_must_be_true_or_false")
    desk: ConversationDesk = request.app[CONVERSATIONS]
    await desk.run(desk.desk.set_availability, request["agent"], data["available"])
    return _json({"available": data["available"]})


async def queue(request: web.Request) -> web.Response:
    """GET /desk/api/queue: conversations waiting or held."""
    desk: ConversationDesk = request.app[CONVERSATIONS]
    await desk.run(desk.desk.touch, request["agent"].id)
    return _json(await desk.queue())


def _conversation_id(request: web.Request) -> str:
    conversation_id = request.match_info["conversation_id"]
    if not conversation_id or len(conversation_id) > 128:
        raise ApiError(404, "not_found")
    return conversation_id


async def conversation(request: web.Request) -> web.Response:
    """GET /desk/api/conversations/ID: transcript, summary, slots (and more for the page)."""
    return _json(await request.app[CONVERSATIONS].conversation(_conversation_id(request)))


async def claim(request: web.Request) -> web.Response:
    """POST /desk/api/conversations/ID/claim."""
    return _json(await request.app[CONVERSATIONS].claim(_conversation_id(request), request["agent"]))


async def reply(request: web.Request) -> web.Response:
    """POST /desk/api/conversations/ID/reply {"text"}."""
    data = await _body(request)
    if not isinstance(data.get("text"), str):
        raise ApiError(400, "text_required")
    return _json(await request.app[CONVERSATIONS].reply(_conversation_id(request), request["agent"], data["text"]))


async def release(request: web.Request) -> web.Response:
    """POST /desk/api/conversations/ID/release."""
    return _json(await request.app[CONVERSATIONS].release(_conversation_id(request), request["agent"]))


async def add_note(request: web.Request) -> web.Response:
    """POST /desk/api/conversations/ID/notes {"text"}: an internal note."""
    data = await _body(request)
    if not isinstance(data.get("text"), str):
        raise ApiError(400, "text_required")
    note = await request.app[CONVERSATIONS].add_note(_conversation_id(request), request["agent"], data["text"])
    return _json(note, status=201)


async def save_case(request: web.Request) -> web.Response:
    """POST /desk/api/conversations/ID/case: open a case ({"kind", "email", "description",
    "category", "priority", "contract_id"}) or change one's status ({"case_id", "status"})."""
    data = await _body(request)
    case = await request.app[CONVERSATIONS].save_case(_conversation_id(request), request["agent"], data)
    return _json(case, status=200 if data.get("case_id") else 201)


async def cases(request: web.Request) -> web.Response:
    """GET /desk/api/cases?level=1&status=open: open cases with due times and overdue flags."""
    level_text, status = request.query.get("level") or None, request.query.get("status") or None
    if level_text is not None and level_text not in ("1", "2", "3", "4"):
        raise ApiError(400, "level_must_be_1_to_4")
    level = int(level_text) if level_text else None
    return _json(await request.app[CONVERSATIONS].open_cases(level, status))


async def case_status(request: web.Request) -> web.Response:
    """POST /desk/api/cases/ID/status {"status"}: what the customer hears when asking."""
    data = await _body(request)
    if not isinstance(data.get("status"), str):
        raise ApiError(400, "status_required")
    case_id = request.match_info["case_id"].upper()
    return _json(await request.app[CONVERSATIONS].change_case_status(case_id, data["status"]))


async def events(request: web.Request) -> web.StreamResponse:
    """GET /desk/api/events[?conversation=ID]: server-sent events "queue" and "conversation"."""
    agent: AgentRecord = request["agent"]
    hub: LiveHub = request.app[HUB]
    desk: ConversationDesk = request.app[CONVERSATIONS]
    auth: AuthService = request.app[AUTH]
    subscriber = hub.subscribe(agent.id, request.query.get("conversation") or None)
    response = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-store",
                                           "X-Accel-Buffering": "no", "X-Content-Type-Options": "nosniff"})
    try:
        await response.prepare(request)
        await _send_event(response, "queue", await desk.queue())
        while True:
            try:
                message = await asyncio.wait_for(subscriber.mailbox.get(), timeout=HEARTBEAT_S)
            except asyncio.TimeoutError:
                if await desk.run(auth.session, request["session_token"]) is None:
                    break  # signed out elsewhere
                await desk.run(desk.desk.touch, agent.id)
                await response.write(b": keep-alive\n\n")
                continue
            if message is None:
                break
            await _send_event(response, *message)
    except ConnectionResetError:  # the browser went away
        pass
    finally:
        hub.unsubscribe(subscriber)
    return response


async def _send_event(response: web.StreamResponse, name: str, data: Any) -> None:
    payload = json.dumps(data, ensure_ascii=False, default=str)
    await response.write(f"event: {name}\ndata: {payload}\n\n".encode("utf-8"))


# -- the application ----------------------------------------------------------------------
def _desk_only(middleware):
    """Apply a desk middleware to /desk paths only (the widget's files share the server)."""
    @web.middleware
    async def wrapped(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path != "/desk" and not request.path.startswith("/desk/"):
            return await handler(request)
        return await middleware(request, handler)
    return wrapped


def add_desk(app: web.Application, config: DeskConfig, desk: Optional[DeskService] = None) -> None:
    """Serve the desk under /desk/ on `app` (before the app starts).

    Routes are added to the server's own application rather than mounted as a
    sub-application: aiohttp 3.9 with the installed yarl cannot resolve sub-app
    prefixes when the Host header carries a port. Services, the HTTP client to Rasa
    and the watcher are created when the server starts, and closed when it stops.
    """
    for middleware in (errors_middleware, headers_middleware, auth_middleware):
        app.middlewares.append(_desk_only(middleware))
    app[CONFIG] = config
    app[TEMPLATES] = Environment(loader=FileSystemLoader(str(HERE / "templates")),
                                 autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
    app[INJECTED_DESK] = desk
    add = app.router
    add.add_get("/desk", desk_root)
    add.add_get("/desk/", inbox_page)
    add.add_get("/desk/login", login_page)
    add.add_get("/desk/cases", cases_page)
    add.add_get("/desk/report", report_page)
    add.add_static("/desk/static/", HERE / "static", show_index=False)
    add.add_post("/desk/api/login", login)
    add.add_post("/desk/api/logout", logout)
    add.add_get("/desk/api/me", me)
    add.add_post("/desk/api/availability", availability)
    add.add_get("/desk/api/queue", queue)
    add.add_get("/desk/api/events", events)
    add.add_get("/desk/api/conversations/{conversation_id}", conversation)
    add.add_post("/desk/api/conversations/{conversation_id}/claim", claim)
    add.add_post("/desk/api/conversations/{conversation_id}/reply", reply)
    add.add_post("/desk/api/conversations/{conversation_id}/release", release)
    add.add_post("/desk/api/conversations/{conversation_id}/notes", add_note)
    add.add_post("/desk/api/conversations/{conversation_id}/case", save_case)
    add.add_get("/desk/api/cases", cases)
    add.add_get("/desk/api/report", report_api)
    add.add_post("/desk/api/cases/{case_id}/status", case_status)
    app.on_startup.append(_start)
    app.on_shutdown.append(_stop_streams)
    app.on_cleanup.append(_stop)


async def desk_root(_: web.Request) -> web.Response:
    """/desk → /desk/ (relative links in the pages need the slash)."""
    raise web.HTTPFound("/desk/")


async def _start(app: web.Application) -> None:
    from bot.cases import build_case_service
    from bot.desk import build_desk_service

    config: DeskConfig = app[CONFIG]
    loop = asyncio.get_running_loop()
    desk = app[INJECTED_DESK] or await loop.run_in_executor(None, build_desk_service, config.settings)
    case_service = await loop.run_in_executor(None, build_case_service, config.settings)
    app[CLIENT] = aiohttp.ClientSession()
    rasa = RasaClient(config.rasa_api_url, config.rasa_token, app[CLIENT])
    app[AUTH] = AuthService(desk.repository)
    app[CONVERSATIONS] = ConversationDesk(desk, case_service, rasa, config.settings.kb_articles_dir)
    app[HUB] = LiveHub()
    watcher = Watcher(app[CONVERSATIONS], app[HUB], interval=config.poll_interval,
                      return_after=config.return_after)
    app[WATCHER] = asyncio.create_task(watcher.run())
    app[REPORTS] = _reports(config)


def _reports(config: DeskConfig) -> DeskReports:
    """The report's sources (tracker store, cases database) and the embedding model, loaded on first use."""
    from bot.report.build import ReportSources
    from bot.report.gaps import model_encoder
    from bot.serving.settings import ServingSettings

    settings = config.settings
    tracker_url = config.tracker_store_url or ServingSettings.from_env().tracker_store_url
    reports = DeskReports(ReportSources(tracker_url, settings.database_url),
                          model_encoder(settings.embedding_model, settings.query_prefix))
    if settings.frozen_now:  # end-to-end tests run on a fixed clock
        from bot.cases import frozen_clock

        reports.clock = frozen_clock(settings.frozen_now)
    return reports


async def _stop_streams(app: web.Application) -> None:
    if HUB in app:
        app[HUB].close_all()


async def _stop(app: web.Application) -> None:
    task = app.get(WATCHER)
    if task is not None:
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass
    if CLIENT in app:
        await app[CLIENT].close()

