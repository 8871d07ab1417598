"""The Port emulator over real HTTP: what the integration tests and the demo rely on it to do like Port."""

import time
from datetime import UTC
from datetime import datetime
from urllib.parse import quote

import pytest
import requests

from port_aws_pipeline.devtools.port_emulator import EmulatorServer
from port_aws_pipeline.devtools.port_emulator import EmulatorSettings

CLIENT_ID, CLIENT_SECRET = "emulator-test-client", "emulator-test-secret"
UPSERT_MERGE = {"upsert": "true", "merge": "true", "create_missing_related_entities": "false"}
BULK_UPSERT = "POST /v1/blueprints/{bp}/entities/bulk"

ACCOUNT = {
    "identifier": "account",
    "title": "Account",
    "schema": {
        "properties": {"name": {"type": "string"}, "email": {"type": "string", "format": "email"}},
        "required": [],
    },
    "relations": {},
}
QUEUE = {
    "identifier": "queue",
    "title": "Queue",
    "schema": {
        "properties": {
            "region": {"type": "string"},
            "size": {"type": "number"},
            "fifo": {"type": "boolean"},
            "tags": {"type": "object"},
        },
        "required": ["region"],
    },
    "relations": {
        "account": {"target": "account", "many": False, "required": True},
        "peers": {"target": "queue", "many": True, "required": False},
    },
}


class Api:
    """Authenticated calls against one emulator: `api("POST", "/v1/...", json=...)`."""

    def __init__(self, url: str):
        self.url = url
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token(url)}"

    def __call__(self, method: str, path: str, **kwargs) -> requests.Response:
        return self.session.request(method, self.url + path, timeout=5, **kwargs)

    def settings(self, **changes) -> None:
        assert requests.post(f"{self.url}/_emulator/settings", json=changes, timeout=5).status_code == 200

    def stats(self) -> dict:
        return requests.get(f"{self.url}/_emulator/stats", timeout=5).json()

    def upsert(self, blueprint: str, *entities: dict, headers: dict | None = None, **params) -> requests.Response:
        return self(
            "POST",
            f"/v1/blueprints/{blueprint}/entities/bulk",
            json={"entities": list(entities)},
            params={**UPSERT_MERGE, **params},
            headers=headers,
        )

    def entity(self, blueprint: str, identifier: str) -> requests.Response:
        return self("GET", f"/v1/blueprints/{blueprint}/entities/{quote(identifier, safe='')}")

    def search(self, blueprint: str, *rules: dict, combinator: str = "and", **body) -> requests.Response:
        return self(
            "POST",
            f"/v1/blueprints/{blueprint}/entities/search",
            json={"query": {"combinator": combinator, "rules": list(rules)}, **body},
        )

    def bulk_delete(self, blueprint: str, identifiers: list[str], delete_dependents: bool = False) -> requests.Response:
        return self(
            "POST",
            f"/v1/blueprints/{blueprint}/bulk/entities/delete",
            json={"entities": identifiers},
            params={"delete_dependents": str(delete_dependents).lower()},
        )


def token(url: str, client_id: str = CLIENT_ID, client_secret: str = CLIENT_SECRET) -> str:
    response = requests.post(
        f"{url}/v1/auth/access_token", json={"clientId": client_id, "clientSecret": client_secret}, timeout=5
    )
    assert response.status_code == 200, response.text
    return response.json()["accessToken"]


def queue(identifier: str, account: str = "111", peers: list[str] | None = None, **properties) -> dict:
    relations = {"account": account, **({"peers": peers} if peers is not None else {})}
    return {"identifier": identifier, "properties": {"region": "us-east-1", **properties}, "relations": relations}


@pytest.fixture
def server():
    with EmulatorServer(EmulatorSettings(client_id=CLIENT_ID, client_secret=CLIENT_SECRET)) as running:
        yield running


@pytest.fixture
def api(server) -> Api:
    return Api(server.url)


@pytest.fixture
def catalog(api) -> Api:
    """Blueprints `account` and `queue` (queue -> account required, queue -> queue peers optional); 111 and 222."""
    for blueprint in (ACCOUNT, QUEUE):
        assert api("POST", "/v1/blueprints", json=blueprint).status_code == 200
    assert (
        api.upsert("account", {"identifier": "111", "properties": {"name": "prod"}}, {"identifier": "222"}).status_code
        == 200
    )
    return api


# --- auth ---------------------------------------------------------------------------------


def test_token_for_the_right_credentials_only(server):
    good = requests.post(
        f"{server.url}/v1/auth/access_token", json={"clientId": CLIENT_ID, "clientSecret": CLIENT_SECRET}, timeout=5
    )
    assert good.status_code == 200
    assert good.json()["ok"] is True and good.json()["tokenType"] == "Bearer" and good.json()["expiresIn"] == 10800
    bad = requests.post(
        f"{server.url}/v1/auth/access_token", json={"clientId": CLIENT_ID, "clientSecret": "wrong"}, timeout=5
    )
    assert bad.status_code == 401
    assert bad.json()["ok"] is False and bad.json()["error"] == "unauthorized"


def test_api_routes_need_a_bearer_token(server, api):
    assert requests.get(f"{server.url}/v1/blueprints", timeout=5).status_code == 401
    forged = requests.get(f"{server.url}/v1/blueprints", headers={"Authorization": "Bearer not-issued"}, timeout=5)
    assert forged.status_code == 401 and forged.json()["error"] == "unauthorized"
    assert api("GET", "/v1/blueprints").json() == {"ok": True, "blueprints": []}


def test_expired_token_is_refused_and_a_new_one_works(server, api):
    api.settings(token_ttl_seconds=0.2)
    assert api("GET", "/v1/blueprints").status_code == 200
    time.sleep(0.3)
    expired = api("GET", "/v1/blueprints")
    assert expired.status_code == 401 and "expired" in expired.json()["message"]
    assert Api(server.url)("GET", "/v1/blueprints").status_code == 200


# --- blueprints ---------------------------------------------------------------------------


def test_blueprint_create_get_and_patch_merges(api):
    assert api("POST", "/v1/blueprints", json=ACCOUNT).status_code == 200
    assert api("POST", "/v1/blueprints", json=ACCOUNT).status_code == 409
    assert api("GET", "/v1/blueprints/missing").status_code == 404

    patched = api(
        "PATCH",
        "/v1/blueprints/account",
        json={"title": "AWS Account", "schema": {"properties": {"ouPath": {"type": "string"}}}},
    )
    assert patched.status_code == 200
    blueprint = api("GET", "/v1/blueprints/account").json()["blueprint"]
    assert blueprint["title"] == "AWS Account"
    assert set(blueprint["schema"]["properties"]) == {"name", "email", "ouPath"}  # merged, nothing lost
    assert blueprint["createdAt"] <= blueprint["updatedAt"]


def test_relation_to_a_missing_blueprint_is_refused(api):
    response = api("POST", "/v1/blueprints", json=QUEUE)
    assert response.status_code == 422 and '"account"' in response.json()["message"]


# --- upserts ------------------------------------------------------------------------------


def test_bulk_upsert_reports_created_then_updated(catalog):
    first = catalog.upsert("queue", queue("q1"), queue("q2"))
    assert first.status_code == 200
    assert first.json() == {
        "ok": True,
        "entities": [
            {"created": True, "identifier": "q1", "index": 0},
            {"created": True, "identifier": "q2", "index": 1},
        ],
    }
    again = catalog.upsert("queue", queue("q1", size=3))
    assert again.json()["entities"] == [{"created": False, "identifier": "q1", "index": 0}]
    assert catalog.entity("queue", "q1").json()["entity"]["properties"]["size"] == 3


def test_bulk_upsert_with_bad_entities_answers_207_and_writes_only_the_good_ones(catalog):
    response = catalog.upsert(
        "queue",
        queue("good"),
        queue("unknown-prop", colour="red"),
        queue("wrong-type", size="big"),
        queue("no-account", account="999"),
        {"identifier": "no-region", "relations": {"account": "111"}},
        queue("bad/ident ifier"),
    )
    assert response.status_code == 207
    body = response.json()
    assert body["ok"] is False
    assert body["entities"] == [{"created": True, "identifier": "good", "index": 0}]
    errors = {error["index"]: error for error in body["errors"]}
    assert set(errors) == {1, 2, 3, 4, 5}
    assert all(error["statusCode"] == 422 for error in errors.values())
    assert errors[1]["identifier"] == "unknown-prop" and '"colour"' in errors[1]["message"]
    assert '"size"' in errors[2]["message"] and "number" in errors[2]["message"]
    assert errors[3]["error"] == "entity_not_found" and '"999"' in errors[3]["message"]
    assert "region" in errors[4]["message"]
    for identifier in ("unknown-prop", "wrong-type", "no-account", "no-region"):
        assert catalog.entity("queue", identifier).status_code == 404
    assert catalog.entity("account", "999").status_code == 404  # a refused entity leaves no stub behind


def test_create_missing_related_entities_creates_the_target(catalog):
    response = catalog.upsert("queue", queue("q1", account="333"), create_missing_related_entities="true")
    assert response.status_code == 200
    stub = catalog.entity("account", "333").json()["entity"]
    assert stub["properties"] == {"name": None, "email": None}


def test_bulk_upsert_limits_count_and_body_size(catalog):
    too_many = catalog.upsert("queue", *[queue(f"q{i}") for i in range(21)])
    assert too_many.status_code == 422
    assert catalog.upsert("queue").status_code == 422  # none at all
    too_big = catalog.upsert("queue", queue("q1", tags={"blob": "x" * (1024 * 1024)}))
    assert too_big.status_code == 413
    assert too_big.json()["error"] == "payload_too_large"
    unauthenticated = requests.post(f"{catalog.url}/v1/blueprints", data=b"x" * (1024 * 1024 + 1), timeout=5)
    assert unauthenticated.status_code == 413  # the body limit comes before auth, on every route
    assert catalog.upsert("queue", *[queue(f"q{i}") for i in range(20)]).status_code == 200


def test_format_checked_like_port(catalog):
    response = catalog.upsert("account", {"identifier": "444", "properties": {"email": "not-an-email"}})
    assert response.status_code == 207 and '"email"' in response.json()["errors"][0]["message"]


def test_merge_keeps_what_is_not_sent_and_replace_does_not(catalog):
    catalog.upsert("queue", queue("q1", size=1, fifo=True))
    catalog.upsert("queue", {"identifier": "q1", "properties": {"size": 2}})
    merged = catalog.entity("queue", "q1").json()["entity"]
    assert merged["properties"] == {"region": "us-east-1", "size": 2, "fifo": True, "tags": None}
    assert merged["relations"] == {"account": "111", "peers": []}

    replaced = catalog(
        "POST", "/v1/blueprints/queue/entities", json=queue("q1", size=5), params={"upsert": "true", "merge": "false"}
    )
    assert replaced.status_code == 201
    assert replaced.json()["entity"]["properties"] == {"region": "us-east-1", "size": 5, "fifo": None, "tags": None}
    assert replaced.json()["entity"]["createdAt"] == merged["createdAt"]


def test_single_create_refuses_an_existing_identifier_and_a_missing_required_property(catalog):
    assert catalog("POST", "/v1/blueprints/queue/entities", json=queue("q1")).status_code == 201
    taken = catalog("POST", "/v1/blueprints/queue/entities", json=queue("q1"))
    assert taken.status_code == 409
    missing = catalog(
        "POST", "/v1/blueprints/queue/entities", json={"identifier": "q2", "relations": {"account": "111"}}
    )
    assert missing.status_code == 422 and "region" in missing.json()["message"]
    assert catalog("POST", "/v1/blueprints/nope/entities", json=queue("q3")).status_code == 404


def test_entity_answer_has_every_schema_field_and_arns_work_as_identifiers(catalog):
    arn = "arn:aws:sqs:us-east-1:111:orders.fifo/x=1"
    assert catalog.upsert("queue", {**queue(arn), "title": "orders", "team": "platform"}).status_code == 200
    entity = catalog.entity("queue", arn).json()["entity"]
    assert entity["identifier"] == arn and entity["blueprint"] == "queue" and entity["title"] == "orders"
    assert entity["team"] == ["platform"]
    assert entity["properties"] == {"region": "us-east-1", "size": None, "fifo": None, "tags": None}
    assert entity["relations"] == {"account": "111", "peers": []}
    assert entity["createdBy"] == CLIENT_ID and entity["createdAt"] and entity["updatedAt"]


# --- search -------------------------------------------------------------------------------


def test_search_pages_with_next_in_identifier_order(catalog):
    catalog.upsert("queue", *[queue(f"q{i}", size=i) for i in range(7)])
    seen, cursor = [], None
    for _ in range(3):  # bounded, so a cursor that never ends fails instead of hanging
        body = {"limit": 3, **({"from": cursor} if cursor else {})}
        page = catalog.search("queue", {"property": "size", "operator": "!=", "value": 4}, **body).json()
        seen.append([entity["identifier"] for entity in page["entities"]])
        cursor = page.get("next")
        if not cursor:
            break
    assert seen == [["q0", "q1", "q2"], ["q3", "q5", "q6"]] and cursor is None
    assert catalog.search("queue", limit=1001).status_code == 422


@pytest.mark.parametrize(
    "rules, combinator, expected",
    [
        (
            [{"property": "$identifier", "operator": "beginsWith", "value": "arn:aws:sqs:eu"}],
            "and",
            ["arn:aws:sqs:eu-west-1:111:c"],
        ),
        (
            [{"property": "region", "operator": "in", "value": ["us-east-1", "us-west-2"]}],
            "and",
            ["arn:aws:sqs:us-east-1:111:a", "arn:aws:sqs:us-west-2:222:b"],
        ),
        (
            [{"property": "region", "operator": "notIn", "value": ["us-east-1", "us-west-2"]}],
            "and",
            ["arn:aws:sqs:eu-west-1:111:c"],
        ),
        ([{"relation": "account", "operator": "=", "value": "222"}], "and", ["arn:aws:sqs:us-west-2:222:b"]),
        (
            [{"relation": "peers", "operator": "=", "value": "arn:aws:sqs:us-east-1:111:a"}],
            "and",
            ["arn:aws:sqs:eu-west-1:111:c"],
        ),
        ([{"property": "tags", "operator": "isEmpty"}], "and", ["arn:aws:sqs:us-west-2:222:b"]),
        (
            [
                {"property": "$title", "operator": "endsWith", "value": "-a"},
                {"property": "$identifier", "operator": "contains", "value": "west-2"},
            ],
            "or",
            ["arn:aws:sqs:us-east-1:111:a", "arn:aws:sqs:us-west-2:222:b"],
        ),
        (
            [
                {"relation": "account", "operator": "=", "value": "111"},
                {
                    "combinator": "or",
                    "rules": [
                        {"property": "fifo", "operator": "=", "value": True},
                        {"property": "$identifier", "operator": "doesNotBeginsWith", "value": "arn:aws:sqs:us"},
                    ],
                },
            ],
            "and",
            ["arn:aws:sqs:eu-west-1:111:c"],
        ),
    ],
)
def test_search_rules(catalog, rules, combinator, expected):
    a, b, c = "arn:aws:sqs:us-east-1:111:a", "arn:aws:sqs:us-west-2:222:b", "arn:aws:sqs:eu-west-1:111:c"
    catalog.upsert(
        "queue",
        {**queue(a, tags={"team": "x"}), "title": "queue-a"},
        {**queue(b, account="222", region="us-west-2", fifo=False), "title": "queue-b"},
        queue(c, peers=[a], region="eu-west-1", tags={"team": "y"}, fifo=True),
    )
    response = catalog.search("queue", *rules, combinator=combinator)
    assert response.status_code == 200, response.text
    assert [entity["identifier"] for entity in response.json()["entities"]] == expected


def test_search_refuses_unknown_operators_and_trims_fields(catalog):
    catalog.upsert("queue", queue("q1", size=1))
    assert catalog.search("queue", {"property": "size", "operator": "like", "value": 1}).status_code == 422
    trimmed = catalog.search("queue", include=["$identifier", "properties.size"]).json()["entities"]
    assert trimmed == [{"identifier": "q1", "properties": {"size": 1}}]


def test_search_across_blueprints(catalog):
    catalog.upsert("queue", queue("q1"))
    everything = catalog("POST", "/v1/entities/search", json={"combinator": "and", "rules": []}).json()["entities"]
    assert [(e["blueprint"], e["identifier"]) for e in everything] == [
        ("account", "111"),
        ("account", "222"),
        ("queue", "q1"),
    ]
    accounts = catalog(
        "POST",
        "/v1/entities/search",
        json={"combinator": "and", "rules": [{"property": "$blueprint", "operator": "=", "value": "account"}]},
    ).json()["entities"]
    assert [e["identifier"] for e in accounts] == ["111", "222"]


# --- deletes ------------------------------------------------------------------------------


def test_bulk_delete_blocked_by_a_dependent_deletes_nothing(catalog):
    catalog.upsert("queue", queue("q1", account="111"), queue("q2", account="222"))
    blocked = catalog.bulk_delete("account", ["111", "222"])
    assert blocked.status_code == 422 and "queue/q1" in blocked.json()["message"]
    assert catalog.stats()["entities_by_blueprint"] == {"account": 2, "queue": 2}

    assert catalog.bulk_delete("queue", ["q2", "never-existed"]).json() == {"ok": True, "deletedEntities": ["q2"]}
    assert catalog.bulk_delete("account", ["222"]).json()["deletedEntities"] == ["222"]


def test_bulk_delete_with_delete_dependents_takes_them_along(catalog):
    catalog.upsert("queue", queue("q1"), queue("q2", account="222"))
    response = catalog.bulk_delete("account", ["111"], delete_dependents=True)
    assert response.json() == {"ok": True, "deletedEntities": ["111"]}
    assert catalog.entity("queue", "q1").status_code == 404
    assert catalog.entity("queue", "q2").status_code == 200


def test_optional_relations_to_a_deleted_entity_are_emptied(catalog):
    catalog.upsert("queue", queue("q1"), queue("q2", peers=["q1"]))
    assert catalog.bulk_delete("queue", ["q1"]).status_code == 200
    assert catalog.entity("queue", "q2").json()["entity"]["relations"]["peers"] == []


def test_single_delete(catalog):
    catalog.upsert("queue", queue("q1"))
    path = "/v1/blueprints/account/entities/111"
    assert catalog("DELETE", path).status_code == 422  # q1 depends on it
    assert catalog("DELETE", path, params={"delete_dependents": "true"}).json() == {"ok": True}
    assert catalog("DELETE", path).status_code == 404
    assert catalog.entity("queue", "q1").status_code == 404


# --- traffic ------------------------------------------------------------------------------


def test_rate_limit_answers_429_with_retry_after(api):
    api.settings(rate_limit=3, rate_window_seconds=5)
    answers = [api("GET", "/v1/blueprints") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[0].headers["x-ratelimit-limit"] == "3" and answers[0].headers["x-ratelimit-remaining"] == "2"
    assert answers[0].headers["x-ratelimit-period"] == "5"
    throttled = answers[3]
    assert throttled.json()["ok"] is False
    assert 1 <= int(throttled.headers["Retry-After"]) <= 5
    assert throttled.headers["x-ratelimit-remaining"] == "0"
    assert api.stats()["throttled"] == 1


def test_fail_every_n_answers_503_without_acting(catalog):
    catalog.settings(fail_every_n=3)
    statuses = [catalog.upsert("queue", queue(f"q{i}")).status_code for i in range(6)]
    assert statuses == [200, 200, 503, 200, 200, 503]
    stored = requests.get(f"{catalog.url}/_emulator/entities/queue", timeout=5).json()["entities"]
    assert [e["identifier"] for e in stored] == ["q0", "q1", "q3", "q4"]
    assert catalog.stats()["injected_failures"] == 2


def test_stats_count_requests_by_route_template_and_reset_wipes_everything(catalog):
    catalog.upsert("queue", queue("q1"))
    catalog.entity("queue", "q1")
    catalog.entity("account", "111")
    stats = catalog.stats()
    assert stats["requests_by_route"][BULK_UPSERT] == 2  # the fixture's accounts, then q1
    assert stats["requests_by_route"]["GET /v1/blueprints/{bp}/entities/{identifier}"] == 2
    assert stats["requests_by_route"]["POST /v1/blueprints"] == 2
    assert stats["entities_by_blueprint"] == {"account": 2, "queue": 1}

    assert requests.post(f"{catalog.url}/_emulator/reset", timeout=5).status_code == 200
    assert catalog.stats() == {
        "requests_by_route": {},
        "entities_by_blueprint": {},
        "throttled": 0,
        "injected_failures": 0,
    }
    assert catalog("GET", "/v1/blueprints").json()["blueprints"] == []


# --- what a Port Ocean integration uses -----------------------------------------------------

OCEAN_AGENT = "port-ocean/aws-v3/2.20.11/aws-v3-bench/exporter"


def integration_body(**changes) -> dict:
    return {
        "installationId": "aws-v3-bench",
        "installationAppType": "aws-v3",
        "version": "2.20.11",
        "changelogDestination": {},
        "config": {"resources": [{"kind": "AWS::SQS::Queue", "selector": {"query": "true"}, "port": {}}]},
        **changes,
    }


def test_integration_create_get_patch_and_config(api):
    assert api("GET", "/v1/integration/aws-v3-bench").status_code == 404
    created = api("POST", "/v1/integration", json=integration_body())
    assert created.status_code == 201
    integration = created.json()["integration"]
    assert integration["installationId"] == "aws-v3-bench" and integration["installationAppType"] == "aws-v3"
    assert integration["logAttributes"]["ingestUrl"] == f"{api.url}/ingest/logs/aws-v3-bench"
    assert integration["metricAttributes"]["ingestUrl"] == f"{api.url}/ingest/metrics/aws-v3-bench"
    assert api("POST", "/v1/integration", json=integration_body()).status_code == 409
    assert api("POST", "/v1/integration", json=integration_body(installationId="")).status_code == 422

    patched = api(
        "PATCH", "/v1/integration/aws-v3-bench", json={"arePortResourcesInitialized": True, "installationId": "other"}
    )
    assert patched.status_code == 200
    assert patched.json()["integration"]["arePortResourcesInitialized"] is True
    assert patched.json()["integration"]["installationId"] == "aws-v3-bench"  # Port's own fields stay
    assert patched.json()["integration"]["config"] == integration_body()["config"]  # not sent, kept

    new_config = {"deleteDependentEntities": True, "resources": []}
    assert api("PATCH", "/v1/integration/aws-v3-bench/config", json={"config": new_config}).status_code == 200
    assert api("PATCH", "/v1/integration/aws-v3-bench/config", json={}).status_code == 422
    assert api("GET", "/v1/integration/aws-v3-bench").json()["integration"]["config"] == new_config
    assert api("PATCH", "/v1/integration/missing", json={}).status_code == 404


def test_integration_resync_state_and_kind_examples(api):
    api("POST", "/v1/integration", json=integration_body())
    state = {"status": "running", "lastResyncStart": "2026-12-04T04:00:00Z", "nextResync": None}
    answer = api("PATCH", "/v1/integration/aws-v3-bench/resync-state", json=state)
    assert answer.status_code == 200
    assert {k: answer.json()["integration"]["resyncState"][k] for k in state} == state
    assert api("PATCH", "/v1/integration/missing/resync-state", json=state).status_code == 404

    examples = api("POST", "/v1/integration/aws-v3-bench/kinds/AWS::SQS::Queue/examples", json={"examples": [{}]})
    assert examples.status_code == 200 and examples.json() == {"ok": True}
    assert api("POST", "/v1/integration/aws-v3-bench/kinds/x/examples", json={"examples": {}}).status_code == 422
    assert api("POST", "/v1/integration/missing/kinds/x/examples", json={"examples": []}).status_code == 404


def test_organization_and_provision_enabled(server, api):
    organization = api("GET", "/v1/organization").json()["organization"]
    assert organization["featureFlags"] == [] and organization["id"]
    assert api("GET", "/v1/integration/provision-enabled").json() == {"ok": True, "integrations": []}
    assert requests.get(f"{server.url}/v1/organization", timeout=5).status_code == 401


def test_log_and_metric_ingestion_take_a_token_and_are_counted(server, api):
    api("POST", "/v1/integration", json=integration_body())
    logs = "/ingest/logs/aws-v3-bench"
    assert requests.post(f"{server.url}{logs}", json={"logs": []}, timeout=5).status_code == 401
    assert api("POST", logs, json={"logs": [{"message": "hi", "level": "INFO"}]}).status_code == 200
    assert api("POST", logs, json={"logs": "hi"}).status_code == 422
    metrics = "/ingest/metrics/aws-v3-bench"
    assert api("POST", f"{metrics}/syncMetrics", json={"syncKindsMetrics": []}).status_code == 200
    kind_metrics = f"{metrics}/syncMetrics/resync/event-1/kind/AWS%3A%3ASQS%3A%3AQueue-0"
    assert api("PUT", kind_metrics, json={"syncKindMetrics": {}}).status_code == 200
    assert api("POST", f"{metrics}/heartbeat", json={"eventId": "event-1"}).status_code == 200
    assert api("POST", "/ingest/logs/missing", json={"logs": []}).status_code == 404
    routes = api.stats()["requests_by_route"]
    assert routes["POST /ingest/logs/{identifier}"] == 4
    assert routes["PUT /ingest/metrics/{identifier}/syncMetrics/resync/{event_id}/kind/{kind}"] == 1


def search_datasource(catalog, operator: str, value: str, **kwargs):
    """A search of the entities whose `$datasource` matches `operator` `value`."""
    rules = [{"property": "$datasource", "operator": operator, "value": value}]
    return catalog("POST", "/v1/entities/search", json={"combinator": "and", "rules": rules}, **kwargs)


def test_datasource_is_the_last_writers_user_agent(catalog):
    catalog.upsert("queue", queue("q1"), queue("q2"), headers={"User-Agent": OCEAN_AGENT})
    catalog.upsert("queue", queue("q3"))
    assert "datasource" not in catalog.entity("queue", "q1").json()["entity"]
    owned = search_datasource(catalog, "contains", "/aws-v3-bench/", params={"include": ["identifier", "blueprint"]})
    assert owned.json()["entities"] == [
        {"identifier": "q1", "blueprint": "queue"},
        {"identifier": "q2", "blueprint": "queue"},
    ]
    catalog.upsert("queue", queue("q2"))  # another writer takes it over
    found = search_datasource(catalog, "beginsWith", "port-ocean/").json()["entities"]
    assert [e["identifier"] for e in found] == ["q1"]


def test_datasource_entities_pages_and_filters_by_update_time(catalog):
    catalog.upsert("queue", *[queue(f"q{i}") for i in range(5)], headers={"User-Agent": OCEAN_AGENT})
    catalog.upsert("queue", queue("mine-not"))
    body = {"datasource_prefix": "port-ocean/aws-v3/", "datasource_suffix": "/aws-v3-bench/exporter", "limit": 2}
    pages, cursor = [], None
    for _ in range(4):
        page = catalog("POST", "/v1/blueprints/entities/datasource-entities", json={**body, "from": cursor}).json()
        pages.append([e["identifier"] for e in page["entities"]])
        cursor = page["next"]
        if not cursor:
            break
    assert pages == [["q0", "q1"], ["q2", "q3"], ["q4"]]

    time.sleep(0.01)
    cutoff = datetime.now(UTC).isoformat()  # what Ocean sends: the resync's start, with an offset
    time.sleep(0.01)
    catalog.upsert("queue", queue("q0"), headers={"User-Agent": OCEAN_AGENT})  # written after the cutoff
    untouched = catalog(
        "POST", "/v1/blueprints/entities/datasource-entities", json={**body, "limit": 100, "before": cutoff}
    ).json()["entities"]
    assert [e["identifier"] for e in untouched] == ["q1", "q2", "q3", "q4"]
    bad = catalog("POST", "/v1/blueprints/entities/datasource-entities", json={**body, "before": "yesterday"})
    assert bad.status_code == 422
    assert catalog("POST", "/v1/blueprints/entities/datasource-entities", json={"limit": 1}).status_code == 422


def test_validation_only_checks_without_writing(catalog):
    params = {**UPSERT_MERGE, "validation_only": "true"}
    assert catalog.upsert("queue", queue("q1"), **params).status_code == 200
    assert catalog.entity("queue", "q1").status_code == 404
    assert catalog.upsert("queue", queue("q2", size="big"), **params).status_code == 207
