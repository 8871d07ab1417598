"""The emulator's whole state: tokens, rate window, fault injection, integration records, traffic."""

from __future__ import annotations

import math
import secrets
import threading
import time
from collections import Counter
from dataclasses import dataclass
from dataclasses import field

from pydantic import ValidationError

from port_aws_pipeline.devtools.port_emulator.catalog import Catalog
from port_aws_pipeline.devtools.port_emulator.catalog import port_now
from port_aws_pipeline.devtools.port_emulator.catalog import stamped
from port_aws_pipeline.devtools.port_emulator.rules import RUNTIME_SETTINGS
from port_aws_pipeline.devtools.port_emulator.rules import ApiError
from port_aws_pipeline.devtools.port_emulator.rules import EmulatorSettings
from port_aws_pipeline.devtools.port_emulator.rules import invalid

SERVER_INTEGRATION_FIELDS = {
    "identifier",
    "installationId",
    "installationType",
    "logAttributes",
    "metricAttributes",
    "resyncState",
    "createdAt",
    "createdBy",
    "updatedAt",
    "updatedBy",
}


class Integrations:
    """The organization's integration records, as an Ocean integration reads and updates its own.
    Not thread-safe by itself: `Emulator.lock` guards every use."""

    def __init__(self, actor: str):
        self.actor = actor
        self.records: dict[str, dict] = {}
        self.examples: dict[tuple[str, str], list] = {}  # (integration, kind) -> latest examples

    def get(self, identifier: str) -> dict:
        if identifier not in self.records:
            raise ApiError(404, "not_found", f'integration "{identifier}" was not found')
        return self.records[identifier]

    def create(self, body: dict, ingest_root: str) -> dict:
        """`installationId` names it; Port adds where the integration ships its logs and sync metrics."""
        identifier = body.get("installationId")
        if not isinstance(identifier, str) or not identifier:
            raise invalid("installationId must be a non-empty string")
        if identifier in self.records:
            raise ApiError(409, "identifier_taken", f'integration "{identifier}" already exists')
        ingest = f"{ingest_root.rstrip('/')}/ingest"
        record = {
            "config": {},
            **_integration_changes(body),
            "identifier": identifier,
            "installationId": identifier,
            "installationType": "OnPrem",
            "resyncState": None,
            "logAttributes": {"ingestId": identifier, "ingestUrl": f"{ingest}/logs/{identifier}"},
            "metricAttributes": {"ingestId": identifier, "ingestUrl": f"{ingest}/metrics/{identifier}"},
        }
        self.records[identifier] = stamped(record, None, self.actor)
        return self.records[identifier]

    def patch(self, identifier: str, changes: dict) -> dict:
        """Top-level fields replace (so `config` is replaced whole); Port's own fields stay."""
        previous = self.get(identifier)
        self.records[identifier] = stamped({**previous, **_integration_changes(changes)}, previous, self.actor)
        return self.records[identifier]

    def set_resync_state(self, identifier: str, state: dict) -> dict:
        previous = self.get(identifier)
        self.records[identifier] = stamped(
            {**previous, "resyncState": {**state, "updatedAt": port_now()}}, previous, self.actor
        )
        return self.records[identifier]

    def set_examples(self, identifier: str, kind: str, examples: list) -> None:
        self.get(identifier)
        self.examples[identifier, kind] = examples


def _integration_changes(body: dict) -> dict:
    if "config" in body and body["config"] is not None and not isinstance(body["config"], dict):
        raise invalid("config must be an object or null")
    return {key: value for key, value in body.items() if key not in SERVER_INTEGRATION_FIELDS}


@dataclass
class RateWindow:
    """A fixed-window request counter, the shape of Port's per-organization limit."""

    started: float = 0.0
    count: int = 0

    def hit(self, limit: int, period: float) -> tuple[bool, dict[str, str]]:
        """Counts one request; returns whether it is within the limit and the x-ratelimit-* headers."""
        now = time.monotonic()
        if now - self.started >= period:
            self.started, self.count = now, 0
        self.count += 1
        reset = max(1, math.ceil(self.started + period - now))
        return self.count <= limit, {
            "x-ratelimit-limit": str(limit),
            "x-ratelimit-remaining": str(max(limit - self.count, 0)),
            "x-ratelimit-reset": str(reset),
            "x-ratelimit-period": f"{period:g}",
        }


@dataclass
class Traffic:
    """What the stats report and the limits act on; wiped by reset along with the catalog."""

    requests_by_route: Counter[str] = field(default_factory=Counter)
    throttled: int = 0
    injected_failures: int = 0
    admitted: int = 0  # authenticated requests past the rate limit: what fail_every_n counts
    window: RateWindow = field(default_factory=RateWindow)


class Emulator:
    """One emulator's whole state behind one lock, since the server answers on many threads."""

    def __init__(self, settings: EmulatorSettings):
        self.settings = settings
        self.lock = threading.Lock()
        self.tokens: dict[str, float] = {}  # token -> time.monotonic() when issued
        self.catalog = Catalog(actor=settings.client_id)
        self.integrations = Integrations(actor=settings.client_id)
        self.traffic = Traffic()

    def reset(self) -> None:
        """Empties the catalog, the integrations and the counters; issued tokens stay valid, so clients carry on."""
        self.catalog = Catalog(actor=self.settings.client_id)
        self.integrations = Integrations(actor=self.settings.client_id)
        self.traffic = Traffic()

    def issue_token(self, body: dict) -> dict:
        if body.get("clientId") != self.settings.client_id or body.get("clientSecret") != self.settings.client_secret:
            raise ApiError(401, "unauthorized", "clientId or clientSecret is wrong")
        token = secrets.token_urlsafe(32)
        self.tokens[token] = time.monotonic()
        return {"ok": True, "accessToken": token, "expiresIn": self.settings.token_ttl_seconds, "tokenType": "Bearer"}

    def admit(self, authorization: str | None) -> dict[str, str]:
        """Gate for authenticated routes: token, then rate limit, then (for tests) an injected
        outage. Returns the headers every authenticated answer carries; refusals raise."""
        self._authenticate(authorization)
        headers: dict[str, str] = {}
        if self.settings.rate_limit:
            allowed, headers = self.traffic.window.hit(self.settings.rate_limit, self.settings.rate_window_seconds)
            if not allowed:
                self.traffic.throttled += 1
                raise ApiError(
                    429,
                    "too_many_requests",
                    f"rate limit of {self.settings.rate_limit} requests per "
                    f"{self.settings.rate_window_seconds:g}s exceeded",
                    headers={**headers, "Retry-After": headers["x-ratelimit-reset"]},
                )
        self.traffic.admitted += 1
        if self.settings.fail_every_n and self.traffic.admitted % self.settings.fail_every_n == 0:
            self.traffic.injected_failures += 1
            raise ApiError(503, "service_unavailable", "injected failure (fail_every_n)", headers=headers)
        return headers

    def _authenticate(self, authorization: str | None) -> None:
        scheme, _, token = (authorization or "").partition(" ")
        issued = self.tokens.get(token) if scheme.lower() == "bearer" else None
        if issued is None:
            raise ApiError(
                401, "unauthorized", "a valid bearer token is required; get one from POST /v1/auth/access_token"
            )
        if time.monotonic() - issued >= self.settings.token_ttl_seconds:
            del self.tokens[token]
            raise ApiError(
                401, "unauthorized", "the access token has expired; get a new one from POST /v1/auth/access_token"
            )

    def update_settings(self, changes: dict) -> None:
        """Runtime changes restart the rate window and the fail_every_n count, so tests can rely on them."""
        unknown = set(changes) - RUNTIME_SETTINGS
        if unknown:
            raise invalid(
                f"settings {', '.join(sorted(unknown))} cannot be changed; use {', '.join(sorted(RUNTIME_SETTINGS))}"
            )
        try:
            self.settings = EmulatorSettings.model_validate({**self.settings.model_dump(), **changes})
        except ValidationError as exc:
            raise invalid("; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())) from None
        self.traffic.window = RateWindow()
        self.traffic.admitted = 0

    def stats(self) -> dict:
        return {
            "requests_by_route": dict(self.traffic.requests_by_route),
            "entities_by_blueprint": {bp: len(entities) for bp, entities in sorted(self.catalog.entities.items())},
            "throttled": self.traffic.throttled,
            "injected_failures": self.traffic.injected_failures,
        }
