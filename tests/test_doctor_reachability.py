"""doctor tells an unreachable endpoint apart from rejected credentials, for AWS and for Port.

Unreachable endpoints are closed local ports; the retry windows are shortened so a
refused connection is diagnosed in well under a second.
"""

import botocore.awsrequest
import pytest
from botocore.config import Config

from port_aws_pipeline.aws import discovery
from port_aws_pipeline.port import client as port_client

from .conftest import free_port
from .test_doctor import doctor
from .test_doctor import doctor_json
from .test_doctor import write_config


@pytest.fixture
def fail_fast(monkeypatch):
    """One attempt per AWS call and a short Port reconnect window, so unreachable endpoints fail at once."""
    monkeypatch.setattr(
        discovery,
        "CLIENT_CONFIG",
        discovery.CLIENT_CONFIG.merge(Config(retries={"mode": "standard", "max_attempts": 1}, connect_timeout=1)),
    )
    monkeypatch.setattr(port_client, "CONNECT_RETRY_WINDOW_SECONDS", 0.2)


def answer_sts_with(code: str, message: str):
    """A botocore hook: GetCallerIdentity answers `code` as STS would (credentials rejected)."""

    def handler(model, params, **kwargs):
        if model.name == "GetCallerIdentity":
            return botocore.awsrequest.AWSResponse("https://sts", 403, {}, None), {
                "Error": {"Code": code, "Message": message}
            }
        return None

    return handler


def checks_of(report: dict) -> dict[str, dict]:
    return {c["name"]: c for c in report["checks"]}


def test_unreachable_aws_endpoint_is_not_called_rejected_credentials(
    port_env, fail_fast, tmp_path, capsys, monkeypatch
):
    closed = f"http://127.0.0.1:{free_port()}"
    for key, value in (
        ("AWS_ENDPOINT_URL", closed),
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
        ("AWS_DEFAULT_REGION", "us-east-1"),
    ):
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)

    code, report = doctor_json(capsys, write_config(tmp_path, single_account=True), "--problem", "auth-errors")

    assert code == 1
    checks = checks_of(report)
    credentials = checks["credentials"]
    assert credentials["status"] == "fail" and credentials["code"] == "EndpointConnectionError"
    text = " ".join(credentials["details"]) + " " + credentials["fix"]
    assert "endpoint is unreachable" in text and "credentials were not tried" in text
    assert f"AWS_ENDPOINT_URL={closed}" in text and "unset AWS_ENDPOINT_URL" in credentials["fix"]
    assert "rejected" not in text and "refresh or replace" not in text
    assert any("environment variables" in d for d in credentials["details"])  # the chain still says what it found
    assert checks["member_roles"]["status"] == "skipped"
    assert checks["port"]["status"] in ("ok", "warn")  # Port is its own chain (blueprints not created yet)


def test_rejected_aws_credentials_say_so(aws, port_env, client_hooks, tmp_path, capsys):
    client_hooks(answer_sts_with("InvalidClientTokenId", "The security token included in the request is invalid."))

    code, report = doctor_json(capsys, write_config(tmp_path, single_account=True), "--problem", "auth-errors")

    assert code == 1
    credentials = checks_of(report)["credentials"]
    assert credentials["status"] == "fail" and credentials["code"] == "InvalidClientTokenId"
    assert (
        "sts:GetCallerIdentity: InvalidClientTokenId: The security token included in the request is invalid."
        in (credentials["details"])
    )
    assert "base credentials are not valid" in credentials["fix"]
    assert "unreachable" not in " ".join(credentials["details"]) + credentials["fix"]


def test_unreachable_port_api_is_not_called_rejected_credentials(
    aws, port_env, fail_fast, tmp_path, capsys, monkeypatch
):
    closed = f"http://127.0.0.1:{free_port()}"
    monkeypatch.setenv("PORT_BASE_URL", closed)

    code, report = doctor_json(capsys, write_config(tmp_path, single_account=True), "--problem", "auth-errors")

    assert code == 1
    port = checks_of(report)["port"]
    assert port["status"] == "fail" and port["code"] == "port_unreachable"
    assert port["details"] == [
        f"cannot reach the Port API at {closed}: connection refused or reset; the credentials were not tried"
    ]
    assert "PORT_BASE_URL" in port["fix"] and "HTTPS_PROXY" in port["fix"]
    assert "Port > Settings > Credentials" not in port["fix"] and "PORT_CLIENT_SECRET" not in port["fix"]
    assert checks_of(report)["credentials"]["status"] == "ok"


def test_unresolvable_port_host_says_dns(aws, port_env, fail_fast, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PORT_BASE_URL", "https://port-api.invalid")

    code, report = doctor_json(capsys, write_config(tmp_path, single_account=True), "--problem", "auth-errors")

    port = checks_of(report)["port"]
    assert code == 1 and port["code"] == "port_unreachable"
    assert "its host name does not resolve" in port["details"][0]


def test_wrong_port_secret_is_rejected_credentials(aws, port_env, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PORT_CLIENT_SECRET", "wrong-secret")

    code, report = doctor_json(capsys, write_config(tmp_path, single_account=True), "--problem", "auth-errors")

    assert code == 1
    port = checks_of(report)["port"]
    assert port["status"] == "fail" and port["code"] == "401"
    assert f"Port rejected the client credentials (401) at {port_env.url}" in port["details"]
    assert "PORT_CLIENT_SECRET" in port["fix"] and "Port > Settings > Credentials" in port["fix"]
    assert "cannot reach" not in " ".join(port["details"])


def test_no_organization_suggests_single_account(aws, port_env, tmp_path, capsys):
    code, out = doctor(capsys, write_config(tmp_path))

    assert code == 1
    assert "✖ 3. AWS Organizations  [AWSOrganizationsNotInUseException]" in out
    assert "set aws.single_account: true or list aws.account_ids" in out
