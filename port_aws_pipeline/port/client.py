"""Port REST API client: token cache, bounded batches, retries that honour the server.

Every request goes through `_request`, which owns auth renewal, rate-limit waits
and backoff, so callers only see final answers.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from urllib.parse import quote

import requests

from port_aws_pipeline.config import PortSettings
from port_aws_pipeline.failures import PortUnreachable
from port_aws_pipeline.failures import is_dns_failure
from port_aws_pipeline.port.errors import PortApiError

MAX_BULK_ENTITIES = 20
MAX_BODY_BYTES = 1024 * 1024
MAX_BULK_DELETE = 100
SEARCH_PAGE_SIZE = 1000
TOKEN_RENEW_MARGIN_SECONDS = 300
BACKOFF_BASE_SECONDS = 0.5
BACKOFF_CAP_SECONDS = 30.0
RETRIED_STATUSES = {429, 500, 502, 503, 504}
#: A refused connection is retried this long (a restarting proxy), then it is permanent.
CONNECT_RETRY_WINDOW_SECONDS = 10.0
_TOKENS: dict[tuple[str, str, str], tuple[str, float]] = {}
_TOKEN_LOCK = threading.Lock()


@dataclass
class EntityError:
    """One entity Port refused, by identifier, as a 207 or a failed batch reports it."""

    blueprint: str
    identifier: str
    status: int
    error: str
    message: str

    def line(self) -> str:
        return f"{self.blueprint}/{self.identifier}: {self.status} {self.error}: {self.message}"


@dataclass
class WriteResult:
    written: list[str] = field(default_factory=list)
    errors: list[EntityError] = field(default_factory=list)

    def merge(self, other: WriteResult) -> None:
        self.written += other.written
        self.errors += other.errors


class _RequestPacer:
    """Spaces requests so this process stays under `rate` requests per second."""

    def __init__(self, rate: float | None):
        self.interval = 1.0 / rate if rate else 0.0
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        if not self.interval:
            return
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + self.interval
        if start > now:
            time.sleep(start - now)


def batches_by_size(
    entities: list[dict], max_count: int = MAX_BULK_ENTITIES, max_bytes: int = MAX_BODY_BYTES
) -> Iterator[list[dict]]:
    """Consecutive batches of at most `max_count` entities whose request body fits `max_bytes`."""
    envelope = len(json.dumps({"entities": []}).encode())
    batch: list[dict] = []
    size = envelope
    for entity in entities:
        entity_size = len(json.dumps(entity).encode()) + 2  # separator
        if batch and (len(batch) == max_count or size + entity_size > max_bytes):
            yield batch
            batch, size = [], envelope
        batch.append(entity)
        size += entity_size
    if batch:
        yield batch


def chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class PortClient:
    def __init__(self, settings: PortSettings, session: requests.Session | None = None):
        self.settings = settings
        self.http = session or requests.Session()
        self.calls: Counter[str] = Counter()
        self.retries: Counter[str] = Counter()
        self._pacer = _RequestPacer(settings.max_requests_per_second)

    # --- transport ---------------------------------------------------------------------

    def _access_token(self, force: bool = False) -> str:
        """A token shared by every client of this process with the same credentials (one per
        worker, not one per Dagster run), renewed before expiry or when Port refuses it."""
        key = (self.settings.base_url, self.settings.client_id, self.settings.client_secret)
        with _TOKEN_LOCK:
            token, expires_at = _TOKENS.get(key, (None, 0.0))
            if force or not token or time.monotonic() > expires_at - TOKEN_RENEW_MARGIN_SECONDS:
                body = self._send(
                    "POST",
                    "/v1/auth/access_token",
                    "POST /v1/auth/access_token",
                    json_body={"clientId": self.settings.client_id, "clientSecret": self.settings.client_secret},
                    authenticated=False,
                )
                token, expires_at = body["accessToken"], time.monotonic() + float(body.get("expiresIn", 3600))
                _TOKENS[key] = (token, expires_at)
            return token

    def _request(self, method: str, path: str, route: str, *, json_body=None, params=None) -> dict:
        return self._send(method, path, route, json_body=json_body, params=params, authenticated=True)

    def _send(self, method: str, path: str, route: str, *, json_body=None, params=None, authenticated: bool) -> dict:
        """One logical call: retried on 429/5xx/timeouts, token renewed once on 401."""
        url = f"{self.settings.base_url}{path}"
        renewed = False
        attempt = 0
        unreachable_since = 0.0
        while True:
            headers = {"Authorization": f"Bearer {self._access_token()}"} if authenticated else {}
            self._pacer.wait()
            self.calls[route] += 1
            try:
                response = self.http.request(
                    method,
                    url,
                    json=json_body,
                    params=params,
                    headers=headers,
                    timeout=self.settings.request_timeout_seconds,
                )
            except requests.Timeout:
                if attempt >= self.settings.max_retries:
                    raise PortUnreachable(
                        self.settings.base_url,
                        f"no answer within {self.settings.request_timeout_seconds:.0f}s after {attempt + 1} attempts",
                        transient=True,
                    ) from None
                attempt += 1
                self._sleep_before_retry(route, attempt, None)
                continue
            except requests.ConnectionError as exc:
                # Permanent unless it heals quickly: DNS fails now, a refused connection after a short bounded retry.
                if is_dns_failure(exc):
                    raise PortUnreachable(self.settings.base_url, "the host name does not resolve", dns=True) from None
                unreachable_since = unreachable_since or time.monotonic()
                if time.monotonic() - unreachable_since >= CONNECT_RETRY_WINDOW_SECONDS:
                    raise PortUnreachable(self.settings.base_url, "connection refused or reset") from None
                attempt += 1
                self.retries[route] += 1
                time.sleep(min(2.0, CONNECT_RETRY_WINDOW_SECONDS / 5))
                continue
            if response.status_code == 401 and authenticated and not renewed:
                renewed = True
                self._access_token(force=True)
                continue
            if response.status_code in RETRIED_STATUSES and attempt < self.settings.max_retries:
                attempt += 1
                self._sleep_before_retry(route, attempt, response)
                continue
            body = _json_or_text(response)
            if response.status_code >= 400:
                raise PortApiError(response.status_code, route, body, self.settings.base_url)
            return body if isinstance(body, dict) else {}

    def _sleep_before_retry(self, route: str, attempt: int, response: requests.Response | None) -> None:
        self.retries[route] += 1
        time.sleep(retry_delay(attempt, response))

    # --- blueprints --------------------------------------------------------------------

    def get_blueprint(self, identifier: str) -> dict | None:
        try:
            return self._request("GET", f"/v1/blueprints/{quote(identifier, safe='')}", "GET /v1/blueprints/{bp}")[
                "blueprint"
            ]
        except PortApiError as exc:
            if exc.status == 404:
                return None
            raise

    def create_blueprint(self, blueprint: dict) -> dict:
        return self._request("POST", "/v1/blueprints", "POST /v1/blueprints", json_body=blueprint)["blueprint"]

    def patch_blueprint(self, identifier: str, changes: dict) -> dict:
        return self._request(
            "PATCH", f"/v1/blueprints/{quote(identifier, safe='')}", "PATCH /v1/blueprints/{bp}", json_body=changes
        )["blueprint"]

    # --- entities ----------------------------------------------------------------------

    def search_entities(self, blueprint: str, rules: list[dict], combinator: str = "and") -> list[dict]:
        """Every entity of `blueprint` matching `rules`, following `next` cursors."""
        route = "POST /v1/blueprints/{bp}/entities/search"
        path = f"/v1/blueprints/{quote(blueprint, safe='')}/entities/search"
        entities: list[dict] = []
        cursor = None
        while True:
            body = {"query": {"combinator": combinator, "rules": rules}, "limit": SEARCH_PAGE_SIZE}
            if cursor:
                body["from"] = cursor
            page = self._request("POST", path, route, json_body=body)
            entities += page.get("entities", [])
            cursor = page.get("next")
            if not cursor:
                return entities

    def upsert_entities(
        self, blueprint: str, entities: list[dict], *, merge: bool = True, create_missing_related_entities: bool = False
    ) -> WriteResult:
        """Bulk upsert in batches of ≤20 and ≤1 MiB; per-entity errors come back by identifier."""
        result = WriteResult()
        params = {
            "upsert": "true",
            "merge": str(merge).lower(),
            "create_missing_related_entities": str(create_missing_related_entities).lower(),
        }
        for batch in batches_by_size(entities):
            result.merge(self._upsert_batch(blueprint, batch, params))
        return result

    def _upsert_batch(self, blueprint: str, batch: list[dict], params: dict) -> WriteResult:
        route = "POST /v1/blueprints/{bp}/entities/bulk"
        path = f"/v1/blueprints/{quote(blueprint, safe='')}/entities/bulk"
        try:
            body = self._request("POST", path, route, json_body={"entities": batch}, params=params)
        except PortApiError as exc:
            if exc.status in (401, 403):
                raise  # credentials: permanent for every batch, never a per-entity error
            error = exc.body.get("error", "error") if isinstance(exc.body, dict) else "error"
            return WriteResult(
                errors=[EntityError(blueprint, e["identifier"], exc.status, error, str(exc)) for e in batch]
            )
        written = [e["identifier"] for e in body.get("entities", [])]
        errors = [
            EntityError(
                blueprint,
                e.get("identifier") or batch[e["index"]]["identifier"],
                e.get("statusCode", 422),
                e.get("error", "error"),
                e.get("message", ""),
            )
            for e in body.get("errors", [])
        ]
        return WriteResult(written=written, errors=errors)

    def delete_entities(
        self, blueprint: str, identifiers: list[str], *, delete_dependents: bool = False
    ) -> WriteResult:
        """Bulk delete ≤100 at a time; a batch blocked by a dependent falls back to one-by-one,
        so only the entities something else still points at stay (and are reported)."""
        result = WriteResult()
        route = "POST /v1/blueprints/{bp}/bulk/entities/delete"
        path = f"/v1/blueprints/{quote(blueprint, safe='')}/bulk/entities/delete"
        for batch in chunks(identifiers, MAX_BULK_DELETE):
            try:
                body = self._request(
                    "POST",
                    path,
                    route,
                    json_body={"entities": batch},
                    params={"delete_dependents": str(delete_dependents).lower()},
                )
                result.written += body.get("deletedEntities", batch)
            except PortApiError as exc:
                if exc.status not in (409, 422):
                    result.errors += [EntityError(blueprint, i, exc.status, "delete_failed", str(exc)) for i in batch]
                    continue
                for identifier in batch:
                    result.merge(self._delete_one(blueprint, identifier, delete_dependents))
        return result

    def _delete_one(self, blueprint: str, identifier: str, delete_dependents: bool = False) -> WriteResult:
        route = "DELETE /v1/blueprints/{bp}/entities/{identifier}"
        path = f"/v1/blueprints/{quote(blueprint, safe='')}/entities/{quote(identifier, safe='')}"
        try:
            self._request("DELETE", path, route, params={"delete_dependents": str(delete_dependents).lower()})
        except PortApiError as exc:
            if exc.status == 404:
                return WriteResult(written=[identifier])
            return WriteResult(errors=[EntityError(blueprint, identifier, exc.status, "delete_failed", str(exc))])
        return WriteResult(written=[identifier])


def retry_delay(attempt: int, response: requests.Response | None) -> float:
    """Server-given wait when there is one, else capped exponential backoff with full jitter."""
    if response is not None:
        for header in ("Retry-After", "x-ratelimit-reset"):
            value = response.headers.get(header)
            if value:
                try:
                    return min(max(float(value), 0.0), BACKOFF_CAP_SECONDS * 4) + random.uniform(0, 0.1)
                except ValueError:
                    pass
    return random.uniform(0, min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** (attempt - 1)))


def _json_or_text(response: requests.Response) -> dict | str:
    try:
        return response.json()
    except ValueError:
        return response.text
