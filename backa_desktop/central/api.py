"""The HTTP API of the central store (FastAPI). Thin: parse, authenticate, call the service.

Every deliberate refusal is an `ErrorBody` with a Swedish message; every response code an
endpoint can give is declared in the OpenAPI document, which the tests fuzz (schemathesis).
"""

from __future__ import annotations

import email.message
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import ValidationError
from sqlalchemy import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backa_desktop.central import audit_log, log_review, manual_merge
from backa_desktop.central.access import Caller
from backa_desktop.central.db import make_engine
from backa_desktop.central.service import CentralService, ServiceError
from backa_desktop.central.statistics import Scope as StatScope
from backa_desktop.central.statistics import statistics_for
from backa_desktop.domain.statistics import StatisticsReport, StatisticsRequest
from backa_desktop.sync.protocol import (
    MAX_REQUEST_BYTES,
    MIN_PROTOCOL_VERSION,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    REASON_CODE_VERSION,
    UPGRADE_MESSAGE_EN,
    UPGRADE_MESSAGE_SV,
    AuditPush,
    AuditPushResponse,
    EnrollRequest,
    EnrollResponse,
    ErrorBody,
    Health,
    LogCheckEntry,
    LogCheckRequest,
    LogExtract,
    LogExtractRequest,
    LogReview,
    LogReviewRequest,
    MergeDone,
    MergeList,
    MergeListRequest,
    MergePreview,
    MergeRequest,
    MergeUndone,
    PullPage,
    PullRequest,
    PushBatch,
    PushResponse,
    ReviewUnits,
    ReviewUnitsRequest,
    TokenRequest,
    TokenResponse,
    UndoMergeRequest,
)

_bearer = HTTPBearer(auto_error=False, description="Access token from /v1/token")


def _error(status: int, body: ErrorBody, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(status_code=status, content=body.model_dump(), headers=headers)


def _responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    descriptions = {
        401: "Missing, expired or revoked credentials",
        403: "The caller's role does not allow this",
        404: "Not found",
        409: "Conflict",
        413: "Request too large",
        422: "Invalid request; nothing was stored",
        426: "Client too old: please update",
        429: "Too many failed log-ins",
    }
    return {c: {"model": ErrorBody, "description": descriptions[c]} for c in codes}


class _BodyTooLarge(Exception):
    pass


class LimitBody:
    """Refuse request bodies above `MAX_REQUEST_BYTES` (declared or streamed) with 413 before
    they are parsed, so one request cannot exhaust a server process."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > MAX_REQUEST_BYTES:
                await _too_large(send)
                return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > MAX_REQUEST_BYTES:
                    raise _BodyTooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _BodyTooLarge:
            await _too_large(send)


async def _too_large(send: Send) -> None:
    body = (
        ErrorBody(
            code="too_large",
            message="Request body too large.",
            message_sv="Förfrågan är för stor. Synkronisera i mindre delar.",
        )
        .model_dump_json()
        .encode("utf-8")
    )
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": body})


def protocol(
    version: Annotated[
        str | None,
        Header(
            alias=PROTOCOL_HEADER,
            description="The client's protocol version",
            max_length=16,
        ),
    ] = None,
) -> int:
    valid = version is not None and version.isascii() and version.isdigit()
    number = int(version) if valid and version is not None else 0
    if number < MIN_PROTOCOL_VERSION:
        raise ServiceError(426, "upgrade_required", UPGRADE_MESSAGE_EN, UPGRADE_MESSAGE_SV)
    return number


def caller(
    request: Request,
    _version: Annotated[int, Depends(protocol)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Caller:
    service: CentralService = request.app.state.service
    return service.authenticate(credentials.credentials if credentials else None)


_WITHOUT_REASON_CODE: Any = {"results": {"__all__": {"reason_code"}}}


@dataclass
class PushBody:
    """A push request's body as read by `push_body`: the batch, or why it is invalid."""

    batch: PushBatch | None
    errors: list[dict[str, Any]]
    """Validation errors (FastAPI's shape, located under "body"): raised as a 422 by the
    endpoint, once the caller is known — as FastAPI does, an unauthenticated request gets 401
    whatever its body holds."""


async def _raw_body(request: Request) -> bytes:
    return await request.body()


def push_body(request: Request, raw: Annotated[bytes, Depends(_raw_body)]) -> PushBody:
    """The push batch validated from the request's bytes in one pass (pydantic parses the
    JSON and builds the models together), where FastAPI's own body handling parses the
    JSON into Python objects first and validates those. The answers stay FastAPI's: a body
    that is not JSON is refused at once (422, before the credentials are looked at), one
    that cannot be decoded with 400, an empty body, one of another content type, or a
    batch of the wrong shape with 422 once the caller is known. Runs in the thread pool (a
    plain function), not on the event loop. Only a refused body is read twice."""
    if not raw:
        return PushBody(
            None, [{"type": "missing", "loc": ("body",), "msg": "Field required", "input": None}]
        )
    if not _is_json(request.headers.get("content-type")):
        # FastAPI hands such a body over as bytes, which no model accepts.
        return _validated(raw)
    try:
        return PushBody(PushBatch.model_validate_json(raw), [])
    except ValidationError:
        pass
    # Refused: the body goes FastAPI's way, so the answer is the one it gave — the standard
    # library's JSON (which also reads UTF-16 and UTF-32 and says where the JSON breaks),
    # then the models validated from Python objects (whose messages differ in places).
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise RequestValidationError(
            [
                {
                    "type": "json_invalid",
                    "loc": ("body", exc.pos),
                    "msg": "JSON decode error",
                    "input": {},
                    "ctx": {"error": exc.msg},
                }
            ]
        ) from None
    except (ValueError, RecursionError):
        # Not decodable, or nested too deep for the parser.
        raise StarletteHTTPException(400, "There was an error parsing the body") from None
    return _validated(data)


def _validated(data: Any) -> PushBody:
    try:
        return PushBody(PushBatch.model_validate(data, from_attributes=True), [])
    except ValidationError as exc:
        return PushBody(None, _located(exc))


def _located(exc: ValidationError) -> list[dict[str, Any]]:
    return [{**err, "loc": ("body", *err["loc"])} for err in exc.errors(include_url=False)]


def _is_json(content_type: str | None) -> bool:
    """Whether FastAPI reads a body of this type as JSON (its own test: a missing type is
    not JSON, application/json and application/*+json are)."""
    if not content_type:
        return False
    message = email.message.Message()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


def _declare_push_body(document: dict[str, Any]) -> None:
    """The push endpoint reads its body itself (`push_body`), so FastAPI does not know its
    schema: declared here as FastAPI itself declares a `PushBatch` body (made by FastAPI,
    on a probe app), so the document and the fuzz tests that read it stay as they were."""
    probe = FastAPI()

    @probe.post("/push", responses=_responses(422))
    def _probe(body: PushBatch) -> None:
        raise NotImplementedError

    made = probe.openapi()
    components = document.setdefault("components", {}).setdefault("schemas", {})
    for name, part in made["components"]["schemas"].items():
        components.setdefault(name, part)
    document["paths"]["/v1/push"]["post"]["requestBody"] = made["paths"]["/push"]["post"][
        "requestBody"
    ]


def create_app(engine: Engine | str) -> FastAPI:
    if isinstance(engine, str):
        engine = make_engine(engine)
    service = CentralService(engine)
    app = FastAPI(
        title="Backa central store",
        version=str(PROTOCOL_VERSION),
        description="Sync API for Backa Desktop (protocol version "
        f"{PROTOCOL_VERSION}; send the `{PROTOCOL_HEADER}` header).",
    )
    app.state.service = service

    @app.exception_handler(ServiceError)
    async def _service_error(_request: Request, exc: ServiceError) -> JSONResponse:
        return _error(
            exc.status,
            ErrorBody(
                code=exc.code,
                message=exc.message,
                message_sv=exc.message_sv,
                invalid_changes=exc.invalid,
            ),
            exc.headers,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        # Unreadable bodies (400), unknown paths (404), wrong methods (405): same shape.
        return _error(
            exc.status_code,
            ErrorBody(
                code=f"http_{exc.status_code}",
                message=str(exc.detail)[:500],
                message_sv="Förfrågan kunde inte tas emot. Inget sparades.",
            ),
            dict(exc.headers) if exc.headers else None,
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # Only where and what, never the input: it may hold a child's name.
        places = sorted(
            {
                ".".join(str(p) for p in err.get("loc", ())) + ": " + str(err.get("msg", ""))
                for err in exc.errors()
            }
        )
        return _error(
            422,
            ErrorBody(
                code="invalid_request",
                message="; ".join(places)[:2000] or "invalid request",
                message_sv="Förfrågan är ogiltig. Inget sparades.",
            ),
        )

    @app.middleware("http")
    async def _no_store(request: Request, call_next: Callable[[Request], Awaitable[Any]]) -> Any:
        response = await call_next(request)
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.get("/health", response_model=Health)
    def health() -> Health:
        return Health()

    @app.post(
        "/v1/enroll",
        response_model=EnrollResponse,
        responses=_responses(401, 413, 422, 426, 429),
        summary="Enroll a device with user name and password; returns a device token",
    )
    def enroll(
        body: EnrollRequest, request: Request, _version: Annotated[int, Depends(protocol)]
    ) -> EnrollResponse:
        # The peer address (uvicorn puts a trusted proxy's X-Forwarded-For here): log-in
        # attempts are counted per user name and address.
        return service.enroll(body, client=request.client.host if request.client else "")

    @app.post(
        "/v1/token",
        response_model=TokenResponse,
        responses=_responses(401, 413, 422, 426),
        summary="Exchange a device token for a short-lived access token",
    )
    def token(body: TokenRequest, _version: Annotated[int, Depends(protocol)]) -> TokenResponse:
        return service.token(body)

    @app.post(
        "/v1/push",
        response_model=PushResponse,
        responses=_responses(401, 413, 422, 426),
        summary="Push a batch of outbox changes (idempotent by change id)",
    )
    def push(
        body: Annotated[PushBody, Depends(push_body)],
        who: Annotated[Caller, Depends(caller)],
        version: Annotated[int, Depends(protocol)],
    ) -> Response:
        if body.batch is None:
            raise RequestValidationError(body.errors)
        answer = service.push(who, body.batch)
        # Serialised once, here: FastAPI would check the answer against `PushResponse`
        # again (dump, validate, dump) for every result of the batch. An older client's
        # models reject unknown fields: it gets the answer it knows, with the Swedish
        # `reason` only.
        exclude = None if version >= REASON_CODE_VERSION else _WITHOUT_REASON_CODE
        return Response(answer.model_dump_json(exclude=exclude), media_type="application/json")

    @app.post(
        "/v1/pull",
        response_model=PullPage,
        responses=_responses(401, 413, 422, 426),
        summary="Pull one page of changes since a cursor",
    )
    def pull(body: PullRequest, who: Annotated[Caller, Depends(caller)]) -> Response:
        # Assembled from stored envelopes; the schema is the declared PullPage.
        return Response(content=service.pull_json(who, body), media_type="application/json")

    @app.post(
        "/v1/statistics",
        response_model=StatisticsReport,
        responses=_responses(401, 403, 404, 413, 422, 426),
        summary="Anonymised statistics for a period and units (statistics role, unit leads)",
    )
    def statistics(
        body: StatisticsRequest, who: Annotated[Caller, Depends(caller)]
    ) -> StatisticsReport:
        scope = StatScope(body.period_from, body.period_to, tuple(dict.fromkeys(body.units)))
        return statistics_for(service.engine, who, scope)

    @app.post(
        "/v1/audit",
        response_model=AuditPushResponse,
        responses=_responses(401, 409, 413, 422, 426),
        summary="Append the laptop's audit events to its chain on the server (409: the chain "
        "does not extend what the server holds)",
    )
    def audit_push(body: AuditPush, who: Annotated[Caller, Depends(caller)]) -> AuditPushResponse:
        return audit_log.receive(service.engine, who, body)

    @app.post(
        "/v1/log-review",
        response_model=LogReview,
        responses=_responses(401, 403, 404, 413, 422, 426),
        summary="Log review (loggkontroll) of one unit and period; log reviewers and unit leads",
    )
    def review(body: LogReviewRequest, who: Annotated[Caller, Depends(caller)]) -> LogReview:
        return log_review.review(service.engine, who, body)

    @app.post(
        "/v1/log-review/units",
        response_model=ReviewUnits,
        responses=_responses(401, 413, 422, 426),
        summary="The units the caller may review (for the review window's picker)",
    )
    def review_units(
        body: ReviewUnitsRequest, who: Annotated[Caller, Depends(caller)]
    ) -> ReviewUnits:
        return log_review.reviewable_units(service.engine, who)

    @app.post(
        "/v1/log-checks",
        response_model=LogCheckEntry,
        responses=_responses(401, 403, 404, 413, 422, 426),
        summary="Record that a log review was done and what was found",
    )
    def log_check(body: LogCheckRequest, who: Annotated[Caller, Depends(caller)]) -> LogCheckEntry:
        return log_review.record_check(service.engine, who, body)

    @app.post(
        "/v1/log-extract",
        response_model=LogExtract,
        responses=_responses(401, 403, 413, 422, 426),
        summary="Who read or changed what about one child, from every laptop",
    )
    def extract(body: LogExtractRequest, who: Annotated[Caller, Depends(caller)]) -> LogExtract:
        return log_review.extract(service.engine, who, body.child_id)

    @app.post(
        "/v1/merge/preview",
        response_model=MergePreview,
        responses=_responses(401, 404, 409, 413, 422, 426),
        summary="What merging one child into another by hand would combine (Barnkontakt of "
        "both, or their unit lead; 404 for anyone else, as for a child that does not exist)",
    )
    def merge_preview(body: MergeRequest, who: Annotated[Caller, Depends(caller)]) -> MergePreview:
        return manual_merge.preview(service.engine, who, body)

    @app.post(
        "/v1/merge",
        response_model=MergeDone,
        responses=_responses(401, 404, 409, 413, 422, 426),
        summary="Merge one child into another by hand (undo within 24 hours)",
    )
    def merge(body: MergeRequest, who: Annotated[Caller, Depends(caller)]) -> MergeDone:
        return manual_merge.merge(service.engine, who, body)

    @app.post(
        "/v1/merge/list",
        response_model=MergeList,
        responses=_responses(401, 404, 413, 422, 426),
        summary="The merges into a child the caller may still undo",
    )
    def merge_list(body: MergeListRequest, who: Annotated[Caller, Depends(caller)]) -> MergeList:
        return manual_merge.undoable(service.engine, who, body.child_id)

    @app.post(
        "/v1/merge/undo",
        response_model=MergeUndone,
        responses=_responses(401, 404, 409, 413, 422, 426),
        summary="Undo a merge made by hand within 24 hours",
    )
    def merge_undo(body: UndoMergeRequest, who: Annotated[Caller, Depends(caller)]) -> MergeUndone:
        return manual_merge.undo(service.engine, who, body.merge_id)

    plain_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            _declare_push_body(plain_openapi())
        assert app.openapi_schema is not None
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    app.add_middleware(LimitBody)
    return app
