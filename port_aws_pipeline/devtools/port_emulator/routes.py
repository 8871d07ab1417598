"""The Flask app: Port's routes, the Ocean integration routes, and the `/_emulator/*` admin routes."""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import Flask
from flask import g
from flask import jsonify
from flask import request
from werkzeug.exceptions import HTTPException
from werkzeug.exceptions import RequestEntityTooLarge

from port_aws_pipeline.devtools.port_emulator.rules import DEFAULT_SEARCH_LIMIT
from port_aws_pipeline.devtools.port_emulator.rules import MAX_BODY_BYTES
from port_aws_pipeline.devtools.port_emulator.rules import MAX_BULK_DELETE
from port_aws_pipeline.devtools.port_emulator.rules import MAX_BULK_UPSERT
from port_aws_pipeline.devtools.port_emulator.rules import MAX_DATASOURCE_LIMIT
from port_aws_pipeline.devtools.port_emulator.rules import MAX_SEARCH_LIMIT
from port_aws_pipeline.devtools.port_emulator.rules import TOKEN_ROUTE
from port_aws_pipeline.devtools.port_emulator.rules import ApiError
from port_aws_pipeline.devtools.port_emulator.rules import EmulatorSettings
from port_aws_pipeline.devtools.port_emulator.rules import WriteOptions
from port_aws_pipeline.devtools.port_emulator.rules import invalid
from port_aws_pipeline.devtools.port_emulator.search import compile_query
from port_aws_pipeline.devtools.port_emulator.search import decode_cursor
from port_aws_pipeline.devtools.port_emulator.search import encode_cursor
from port_aws_pipeline.devtools.port_emulator.search import project
from port_aws_pipeline.devtools.port_emulator.state import Emulator

# --- HTTP -------------------------------------------------------------------------------------


def _json_body() -> dict:
    body = request.get_json(force=True, silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_request", "the body must be a JSON object")
    return body


def _flag(name: str) -> bool:
    value = request.args.get(name, "false").lower()
    if value not in ("true", "false"):
        raise invalid(f"{name} must be true or false")
    return value == "true"


def _write_options() -> WriteOptions:
    return WriteOptions(
        upsert=_flag("upsert"),
        merge=_flag("merge"),
        create_missing_related=_flag("create_missing_related_entities"),
        validation_only=_flag("validation_only"),
    )


def _datasource() -> str | None:
    """Who writes: Port records the writer's User-Agent as the entity's `$datasource`."""
    return request.headers.get("User-Agent")


def _bounded_list(body: dict, name: str, most: int) -> list:
    value = body.get(name)
    if not isinstance(value, list) or not 1 <= len(value) <= most:
        raise invalid(f"{name} must be a list of 1 to {most} items")
    return value


def _field_names(body: dict, name: str) -> list[str]:
    value = body.get(name, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise invalid(f"{name} must be a list of field names")
    return value


def _search_limit(body: dict) -> int:
    limit = body.get("limit", DEFAULT_SEARCH_LIMIT)
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_SEARCH_LIMIT:
        raise invalid(f"limit must be an integer from 1 to {MAX_SEARCH_LIMIT}")
    return limit


def _route_key() -> str | None:
    """The stats key: method and route template with Port-style placeholders, e.g. "GET /v1/blueprints/{bp}"."""
    if request.url_rule is None:
        return None
    template = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", request.url_rule.rule)
    return f"{request.method} {template}"


def _answer(emulator: Emulator, key: str, read: Callable[[], object], status: int = 200):
    """Port's `{ok: true, <key>: ...}` answer, read under the emulator's lock."""
    with emulator.lock:
        return jsonify(ok=True, **{key: read()}), status


def create_app(settings: EmulatorSettings | None = None) -> Flask:
    """A Flask app serving the Port API from memory; each app has its own, empty state."""
    emulator = Emulator(settings or EmulatorSettings())
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.extensions["port_emulator"] = emulator
    _add_gate(app, emulator)
    _add_api_routes(app, emulator)
    _add_integration_routes(app, emulator)
    _add_admin_routes(app, emulator)
    return app


def _add_gate(app: Flask, emulator: Emulator) -> None:
    """What runs around every request: stats, the body limit, auth, rate limit, faults, error shape."""

    @app.before_request
    def gate():
        api_route = request.path.startswith(("/v1/", "/ingest/"))
        key = _route_key()
        if api_route and key:
            with emulator.lock:
                emulator.traffic.requests_by_route[key] += 1
        request.get_data()  # an oversized body is refused here (413), before auth, on every route
        if api_route and key != TOKEN_ROUTE:
            with emulator.lock:
                g.rate_limit_headers = emulator.admit(request.headers.get("Authorization"))

    @app.after_request
    def add_rate_limit_headers(response):
        response.headers.update(g.get("rate_limit_headers", {}))
        return response

    @app.errorhandler(ApiError)
    def api_error(exc: ApiError):
        return jsonify(exc.body()), exc.status, exc.headers

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(_exc: RequestEntityTooLarge):
        return api_error(ApiError(413, "payload_too_large", f"the request body exceeds {MAX_BODY_BYTES} bytes"))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        return api_error(ApiError(exc.code or 500, exc.name.lower().replace(" ", "_"), exc.description or exc.name))


def _add_api_routes(app: Flask, emulator: Emulator) -> None:
    """Port's /v1 routes. `emulator.catalog` is looked up per request because reset replaces it."""

    @app.post("/v1/auth/access_token")
    def access_token():
        body = _json_body()
        with emulator.lock:
            return jsonify(emulator.issue_token(body))

    @app.get("/v1/blueprints")
    def list_blueprints():
        return _answer(emulator, "blueprints", lambda: emulator.catalog.list_blueprints())

    @app.post("/v1/blueprints")
    def create_blueprint():
        body = _json_body()
        return _answer(emulator, "blueprint", lambda: emulator.catalog.create_blueprint(body))

    @app.get("/v1/blueprints/<bp>")
    def get_blueprint(bp: str):
        return _answer(emulator, "blueprint", lambda: emulator.catalog.blueprint(bp))

    @app.put("/v1/blueprints/<bp>")
    def replace_blueprint(bp: str):
        body = _json_body()
        return _answer(emulator, "blueprint", lambda: emulator.catalog.replace_blueprint(bp, body))

    @app.patch("/v1/blueprints/<bp>")
    def patch_blueprint(bp: str):
        body = _json_body()
        return _answer(emulator, "blueprint", lambda: emulator.catalog.patch_blueprint(bp, body))

    @app.delete("/v1/blueprints/<bp>")
    def delete_blueprint(bp: str):
        with emulator.lock:
            emulator.catalog.delete_blueprint(bp)
        return jsonify(ok=True)

    @app.post("/v1/blueprints/<bp>/entities")
    def upsert_entity(bp: str):
        body, options = _json_body(), _write_options()
        with emulator.lock:
            entity, _created = emulator.catalog.upsert(bp, body, options, _datasource())
        return jsonify(ok=True, entity=entity), 201

    @app.post("/v1/blueprints/<bp>/entities/bulk")
    def bulk_upsert(bp: str):
        entities, options = _bounded_list(_json_body(), "entities", MAX_BULK_UPSERT), _write_options()
        with emulator.lock:
            written, errors = emulator.catalog.bulk_upsert(bp, entities, options, _datasource())
        if errors:
            return jsonify(ok=False, entities=written, errors=errors), 207
        return jsonify(ok=True, entities=written)

    @app.get("/v1/blueprints/<bp>/entities/<path:identifier>")
    def get_entity(bp: str, identifier: str):
        return _answer(emulator, "entity", lambda: emulator.catalog.entity(bp, identifier))

    @app.delete("/v1/blueprints/<bp>/entities/<path:identifier>")
    def delete_entity(bp: str, identifier: str):
        delete_dependents = _flag("delete_dependents")
        with emulator.lock:
            emulator.catalog.entity(bp, identifier)  # 404 when absent, unlike the bulk route
            emulator.catalog.delete(bp, [identifier], delete_dependents)
        return jsonify(ok=True)

    @app.post("/v1/blueprints/<bp>/bulk/entities/delete")
    def bulk_delete(bp: str):
        identifiers, delete_dependents = (
            _bounded_list(_json_body(), "entities", MAX_BULK_DELETE),
            _flag("delete_dependents"),
        )
        if not all(isinstance(identifier, str) for identifier in identifiers):
            raise invalid("entities must be a list of entity identifiers")
        with emulator.lock:
            deleted = emulator.catalog.delete(bp, identifiers, delete_dependents)
        return jsonify(ok=True, deletedEntities=deleted)

    @app.post("/v1/blueprints/<bp>/entities/search")
    def search_blueprint(bp: str):
        body = _json_body()
        predicate, limit, after = (
            compile_query(body.get("query")),
            _search_limit(body),
            decode_cursor(body.get("from")),
        )
        include, exclude = _field_names(body, "include"), _field_names(body, "exclude")
        with emulator.lock:
            found = emulator.catalog.search(bp, predicate)
        rest = [entity for entity in found if after is None or entity["identifier"] > after]
        page = rest[:limit]
        answer = {"ok": True, "entities": [project(entity, include, exclude) for entity in page]}
        if len(rest) > limit:
            answer["next"] = encode_cursor(page[-1]["identifier"])
        return jsonify(answer)

    @app.post("/v1/entities/search")
    def search_all():
        """Not paginated; `include` / `exclude` are query parameters here (repeated)."""
        predicate = compile_query(_json_body())
        include, exclude = request.args.getlist("include"), request.args.getlist("exclude")
        with emulator.lock:
            found = emulator.catalog.search(None, predicate)
        return jsonify(ok=True, entities=[project(entity, include, exclude) for entity in found])

    @app.post("/v1/blueprints/entities/datasource-entities")
    def datasource_entities():
        """What Ocean reconciles deletions with: the entities it maintains, paged by `from` / `next`."""
        body = _json_body()
        prefix, suffix = body.get("datasource_prefix"), body.get("datasource_suffix", "")
        if not isinstance(prefix, str) or not prefix or not isinstance(suffix, str):
            raise invalid("datasource_prefix must be a non-empty string and datasource_suffix a string")
        limit = body.get("limit", MAX_DATASOURCE_LIMIT)
        if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_DATASOURCE_LIMIT:
            raise invalid(f"limit must be an integer from 1 to {MAX_DATASOURCE_LIMIT}")
        cursor = decode_cursor(body.get("from"))
        after = tuple(cursor.split("\n", 1)) if cursor is not None else None
        with emulator.lock:
            owned = emulator.catalog.owned_by(prefix, suffix, body.get("before"))
        rest = [e for e in owned if after is None or (e["blueprint"], e["identifier"]) > after]
        page = rest[:limit]
        answer = {"ok": True, "entities": page, "next": None}
        if len(rest) > limit:  # a newline is in neither a blueprint nor an entity identifier
            answer["next"] = encode_cursor(f"{page[-1]['blueprint']}\n{page[-1]['identifier']}")
        return jsonify(answer)


def _add_integration_routes(app: Flask, emulator: Emulator) -> None:
    """The organization and integration records an Ocean integration reads and keeps up to date,
    and the ingestion its record points it at. `emulator.integrations` is looked up per request."""

    @app.get("/v1/organization")
    def organization():
        """No feature flags: Ocean then maps and writes entities itself (no Port-side processing)."""
        return jsonify(ok=True, organization={"id": "org_emulator", "name": "Port emulator", "featureFlags": []})

    @app.get("/v1/integration/provision-enabled")
    def provision_enabled():
        """Integration types whose defaults Port would provision itself: none, the integration brings its own."""
        return jsonify(ok=True, integrations=[])

    @app.post("/v1/integration")
    def create_integration():
        return _answer(
            emulator, "integration", lambda: emulator.integrations.create(_json_body(), request.host_url), status=201
        )

    @app.get("/v1/integration/<identifier>")
    def get_integration(identifier: str):
        return _answer(emulator, "integration", lambda: emulator.integrations.get(identifier))

    @app.patch("/v1/integration/<identifier>")
    def patch_integration(identifier: str):
        return _answer(emulator, "integration", lambda: emulator.integrations.patch(identifier, _json_body()))

    @app.patch("/v1/integration/<identifier>/config")
    def patch_integration_config(identifier: str):
        body = _json_body()
        if "config" not in body:
            raise invalid("the body must have config")
        return _answer(
            emulator, "integration", lambda: emulator.integrations.patch(identifier, {"config": body["config"]})
        )

    @app.patch("/v1/integration/<identifier>/resync-state")
    def patch_resync_state(identifier: str):
        return _answer(
            emulator, "integration", lambda: emulator.integrations.set_resync_state(identifier, _json_body())
        )

    @app.post("/v1/integration/<identifier>/kinds/<path:kind>/examples")
    def kind_examples(identifier: str, kind: str):
        examples = _json_body().get("examples")
        if not isinstance(examples, list):
            raise invalid("examples must be a list")
        with emulator.lock:
            emulator.integrations.set_examples(identifier, kind, examples)
        return jsonify(ok=True)

    @app.post("/ingest/logs/<identifier>")
    def ingest_logs(identifier: str):
        if not isinstance(_json_body().get("logs"), list):
            raise invalid("logs must be a list")
        return _accepted_for(identifier)

    @app.post("/ingest/metrics/<identifier>/syncMetrics")
    @app.put("/ingest/metrics/<identifier>/syncMetrics/resync/<event_id>/kind/<path:kind>")
    @app.post("/ingest/metrics/<identifier>/heartbeat")
    def ingest_metrics(identifier: str, **_ids: str):
        _json_body()
        return _accepted_for(identifier)

    def _accepted_for(identifier: str):
        with emulator.lock:
            emulator.integrations.get(identifier)
        return jsonify(ok=True)


def _add_admin_routes(app: Flask, emulator: Emulator) -> None:
    """Not Port's: for tests and the demo to look inside and steer the emulator. No auth."""

    @app.get("/_emulator/stats")
    def stats():
        with emulator.lock:
            return jsonify(emulator.stats())

    @app.post("/_emulator/reset")
    def reset():
        with emulator.lock:
            emulator.reset()
        return jsonify(ok=True)

    @app.get("/_emulator/entities/<bp>")
    def blueprint_entities(bp: str):
        return _answer(emulator, "entities", lambda: emulator.catalog.search(bp))

    @app.post("/_emulator/settings")
    def update_settings():
        changes = _json_body()
        with emulator.lock:
            emulator.update_settings(changes)
            return jsonify(ok=True, settings=emulator.settings.model_dump(exclude={"client_secret"}))
