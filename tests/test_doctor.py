"""`port-aws-pipeline doctor` against one seeded moto organization (per module) and the Port emulator.

Faults are injected the way a real install breaks: a member role that refuses the
caller (a botocore hook answering AccessDenied), an OU id that does not exist, wrong
Port credentials. The config maps five kinds, so the sample reads stay the same
whatever kinds the package adds.
"""

import json

import pytest
import requests
import yaml

from port_aws_pipeline.cli import main
from port_aws_pipeline.config import PortSettings
from port_aws_pipeline.defaults import default_port_app_config
from port_aws_pipeline.devtools.seeding import MANAGEMENT_ACCOUNT
from port_aws_pipeline.devtools.seeding import OrgSpec
from port_aws_pipeline.devtools.seeding import seed_organization
from port_aws_pipeline.doctor import trust_policy
from port_aws_pipeline.doctor import trust_principal
from port_aws_pipeline.port.blueprints import ensure_blueprints
from port_aws_pipeline.port.blueprints import load_blueprints
from port_aws_pipeline.port.client import PortClient

from .conftest import CLIENT_ID
from .conftest import CLIENT_SECRET
from .conftest import deny_assume_role

MAPPED_KINDS = [
    "AWS::EC2::Instance",
    "AWS::S3::Bucket",
    "AWS::Lambda::Function",
    "AWS::SQS::Queue",
    "AWS::ECS::Cluster",
]
SPEC = OrgSpec(accounts=2, suspended=1, regions=["us-east-1"], per_kind=1, kinds=["ec2", "s3", "lambda", "sqs", "ecs"])
ALLOW = {"allow": ["us-east-1"]}
ORG_ROLE = f"arn:aws:iam::{MANAGEMENT_ACCOUNT}:role/PortOrganizationsReadRole"


def small_mapping(folder) -> str:
    """The default mapping of MAPPED_KINDS (and accounts) only."""
    config = default_port_app_config()
    keep = set(MAPPED_KINDS) | {"AWS::Organizations::Account"}
    config["resources"] = [r for r in config["resources"] if r["kind"] in keep]
    path = folder / "port-app-config.yml"
    path.write_text(yaml.safe_dump(config))
    return str(path)


def write_config(tmp_path, **aws) -> str:
    aws.setdefault("region_policy", ALLOW)
    path = tmp_path / "port-aws.yaml"
    port = {"client_id": "${PORT_CLIENT_ID}", "client_secret": "${PORT_CLIENT_SECRET}"}
    path.write_text(yaml.safe_dump({"aws": aws, "port": port, "mapping": small_mapping(tmp_path)}))
    return str(path)


def doctor(capsys, config, *extra) -> tuple[int, str]:
    code = main(["doctor", "--config", config, *extra])
    out = capsys.readouterr()
    return code, out.out + out.err


def doctor_json(capsys, config, *extra) -> tuple[int, dict]:
    code = main(["doctor", "--config", config, "--json", *extra])
    return code, json.loads(capsys.readouterr().out)


def statuses(report: dict) -> dict[str, str]:
    return {c["name"]: c["status"] for c in report["checks"]}


@pytest.fixture(scope="module")
def org(moto_url):
    """One organization for the whole module: seeding is the slow part. Tests here never reset moto."""
    with pytest.MonkeyPatch.context() as patch:
        requests.post(f"{moto_url}/moto-api/reset", timeout=120)
        for key in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE", "DAGSTER_HOME"):
            patch.delenv(key, raising=False)
        for key, value in (
            ("AWS_ENDPOINT_URL", moto_url),
            ("AWS_ACCESS_KEY_ID", "testing"),
            ("AWS_SECRET_ACCESS_KEY", "testing"),
            ("AWS_DEFAULT_REGION", "us-east-1"),
        ):
            patch.setenv(key, value)
        yield seed_organization(SPEC)


@pytest.fixture
def blueprints_in_port(port_env):
    client = PortClient(PortSettings(base_url=port_env.url, client_id=CLIENT_ID, client_secret=CLIENT_SECRET))
    ensure_blueprints(client, load_blueprints())


def test_healthy_organization_passes_every_check(org, port_env, blueprints_in_port, tmp_path, capsys):
    config = write_config(tmp_path, organization_role_arn=ORG_ROLE, target_ou_ids=[org.ous["Root/Workloads"]])

    code, report = doctor_json(capsys, config)

    assert code == 0, json.dumps(report, indent=2)
    assert statuses(report) == dict.fromkeys(
        [
            "credentials",
            "organization_role",
            "organizations",
            "target_ous",
            "member_roles",
            "regions",
            "sample_reads",
            "port",
        ],
        "ok",
    )
    assert report["ok"] is True and report["exit_code"] == 0
    active = {a.id for a in org.active()}
    assert {row["account_id"] for row in report["accounts"]} == active  # the suspended one is skipped
    for row in report["accounts"]:
        assert row["member_role"] == "ok" and row["synced_regions"] == ["us-east-1"]
        assert {r["kind"]: r["count"] for r in row["reads"]} == dict.fromkeys(MAPPED_KINDS, 1)  # mapped kinds only
    credentials = next(c for c in report["checks"] if c["name"] == "credentials")
    assert any("environment variables" in d for d in credentials["details"])
    assert any(MANAGEMENT_ACCOUNT in d for d in credentials["details"])


def test_denied_member_role_names_account_step_and_trust_fix(org, port_env, client_hooks, tmp_path, capsys):
    denied, allowed = org.active()
    client_hooks(deny_assume_role(denied.id))

    code, out = doctor(capsys, write_config(tmp_path, external_id="port-ext-id"))

    assert code == 1
    assert "✖ 5. member role in every account  [AccessDenied]" in out
    assert f"account {denied.id} ({denied.name}): AccessDenied: not authorized" in out
    assert f"PortOceanReadRole in account(s) {denied.id} must trust" in out
    assert '"AWS": "arn:aws:iam::123456789012:user/moto"' in out  # moto's caller is an IAM user
    assert '"sts:ExternalId": "port-ext-id"' in out
    assert "port-ocean-read-role.yaml" in out
    rows = {line.split()[0]: line for line in out.splitlines() if line[:12].isdigit()}
    assert "OK" in rows[allowed.id] and f"{len(MAPPED_KINDS)}/{len(MAPPED_KINDS)} OK" in rows[allowed.id]
    assert "AccessDenied" in rows[denied.id]
    assert "✔ 6. regions" in out and "✔ 7. sample reads" in out  # the other accounts are still diagnosed
    assert "Result: FAILED at: member role in every account" in out


def test_single_account_healthy(org, port_env, tmp_path, capsys):
    code, out = doctor(capsys, write_config(tmp_path, single_account=True))

    assert code == 0, out
    assert "✔ 5. member role in every account" in out
    assert "- 3. AWS Organizations" in out and "not applicable: aws.single_account is true" in out
    assert "! 8. Port API" in out and "will be created on the first sync" in out  # a warning, not a failure
    assert f"{MANAGEMENT_ACCOUNT}" in out and "Result: OK" in out


def test_missing_target_ou_is_named_and_the_rest_of_the_chain_skipped(org, port_env, tmp_path, capsys):
    ghost = "ou-abcd-12345678"

    code, out = doctor(capsys, write_config(tmp_path, target_ou_ids=[ghost, org.ous["Root/Sandbox"]]))

    assert code == 1
    assert "✖ 4. target OUs  [OrganizationalUnitNotFoundException]" in out
    assert f"{ghost}: OrganizationalUnitNotFoundException" in out
    assert f"{org.ous['Root/Sandbox']}: Root/Sandbox" in out
    assert f"fix: {ghost}: an OU in aws.target_ou_ids does not exist" in out
    assert f"Root/Workloads ({org.ous['Root/Workloads']})" in out  # existing ids to copy
    assert "- 5. member role in every account\n     skipped: fix the step above first" in out
    assert "✔ 8. Port API" in out or "! 8. Port API" in out  # Port is its own chain


def test_organization_role_denied_gives_its_trust_fix(org, port_env, client_hooks, tmp_path, capsys):
    client_hooks(deny_assume_role(MANAGEMENT_ACCOUNT))

    code, report = doctor_json(capsys, write_config(tmp_path, organization_role_arn=ORG_ROLE))

    assert code == 1
    checks = {c["name"]: c for c in report["checks"]}
    role = checks["organization_role"]
    assert role["status"] == "fail" and role["code"] == "AccessDenied" and role["account_ids"] == [MANAGEMENT_ACCOUNT]
    assert f"{ORG_ROLE} must trust" in role["fix"] and "port-organizations-role.yaml" in role["fix"]
    assert checks["organizations"]["status"] == checks["member_roles"]["status"] == "skipped"


def test_wrong_port_credentials_fail_with_the_port_fix(org, port_env, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PORT_CLIENT_SECRET", "wrong-secret")
    code, report = doctor_json(capsys, write_config(tmp_path, single_account=True))

    assert code == 1
    port = next(c for c in report["checks"] if c["name"] == "port")
    assert port["status"] == "fail" and port["code"] == "401"
    assert "Port > Settings > Credentials" in port["fix"] and "PORT_CLIENT_SECRET" in port["fix"]
    assert "https://api.us.port.io" in port["fix"]
    assert statuses(report)["member_roles"] == "ok"


def test_no_aws_credentials_says_where_to_get_them(org, port_env, tmp_path, capsys, monkeypatch):
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(key)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")

    code, report = doctor_json(capsys, write_config(tmp_path))

    assert code == 1
    checks = {c["name"]: c for c in report["checks"]}
    assert checks["credentials"]["status"] == "fail" and checks["credentials"]["code"] == "NoCredentials"
    assert "AWS_PROFILE" in checks["credentials"]["fix"] and "taskRoleArn" in checks["credentials"]["fix"]
    assert all(
        checks[n]["details"] == ["skipped: fix the step above first"]
        for n in ("organization_role", "organizations", "target_ous", "member_roles", "regions", "sample_reads")
    )


def test_region_policy_typo_is_a_config_error_with_a_hint(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PORT_CLIENT_ID", "x")
    monkeypatch.setenv("PORT_CLIENT_SECRET", "y")
    config = write_config(tmp_path, single_account=True, region_policy={"allow": ["us-east-1", "eu-wset-1"]})
    code = main(["doctor", "--config", str(config), "--json"])

    assert code == 2
    err = capsys.readouterr().err
    assert "aws.region_policy.allow: 'eu-wset-1' is not an AWS region (did you mean eu-west-1?)" in err


def test_interactive_choice_runs_only_its_checks(org, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda *args: "1")
    for key, value in (("PORT_CLIENT_ID", "x"), ("PORT_CLIENT_SECRET", "y"), ("PORT_BASE_URL", "http://127.0.0.1:9")):
        monkeypatch.setenv(key, value)  # Port is not part of this problem: never called

    code, out = doctor(capsys, write_config(tmp_path), "--interactive")

    assert code == 0, out
    assert "What are you experiencing?" in out and "1) accounts are missing in Port" in out
    assert "SUSPENDED accounts are never synced, by design" in out
    assert "1 SUSPENDED skipped by design" in out
    titles = [line.split(". ", 1)[1] for line in out.splitlines() if line[:1] in "✔✖!-" and ". " in line]
    assert titles == [
        "AWS credentials",
        "organization role",
        "AWS Organizations",
        "target OUs",
        "member role in every account",
    ]
    assert "sample reads" not in out and "synced regions" not in out


@pytest.mark.parametrize(
    "problem, expected",
    [
        ("auth-errors", ["credentials", "organization_role", "member_roles", "port"]),
        (
            "entities-not-deleted",
            ["credentials", "member_roles", "sample_reads", "unowned_entities", "blocked_deletions"],
        ),
        ("sync-slow", ["credentials", "member_roles", "regions", "sync_size"]),
    ],
)
def test_problem_flag_selects_checks_for_scripts(org, port_env, tmp_path, capsys, problem, expected):
    code, report = doctor_json(
        capsys, write_config(tmp_path, single_account=True), "--interactive", "--problem", problem
    )

    assert [c["name"] for c in report["checks"]] == expected
    assert report["problem"] == problem and report["notes"]
    assert code == (1 if any(c["status"] == "fail" for c in report["checks"]) else 0)


def test_sync_size_counts_only_mapped_kinds(org, port_env, tmp_path, capsys):
    code, report = doctor_json(capsys, write_config(tmp_path), "--problem", "sync-slow")

    size = next(c for c in report["checks"] if c["name"] == "sync_size")
    assert code == 0 and size["status"] == "ok"
    # management + 2 members, each us-east-1 (which also reads S3); 4 regional kinds x 1 region + S3 once per account
    assert size["details"] == [
        "3 account(s) x synced regions = 3 partitions, 15 kind reads per full sync "
        "(5 mapped kinds, up to 1 region(s) in one account)"
    ]


def test_unknown_problem_and_config_errors_exit_2(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PORT_CLIENT_ID", "x")
    monkeypatch.setenv("PORT_CLIENT_SECRET", "y")
    assert main(["doctor", "--config", write_config(tmp_path), "--problem", "everything"]) == 2
    assert "unknown --problem 'everything'" in capsys.readouterr().err
    bad = tmp_path / "bad.yaml"
    bad.write_text("aws: {target_ou_ids: [r-abcd]}\n")
    assert main(["doctor", "--config", str(bad)]) == 2
    assert "not an OU id" in capsys.readouterr().err


def test_trust_principal_of_an_assumed_role_is_the_role():
    assumed = "arn:aws:sts::222222222222:assumed-role/PortOceanTaskRole/abc123"
    assert trust_principal(assumed) == "arn:aws:iam::222222222222:role/PortOceanTaskRole"
    assert trust_principal("arn:aws-us-gov:iam::222222222222:user/ops") == "arn:aws-us-gov:iam::222222222222:user/ops"
    statement = trust_policy("arn:aws:iam::1:role/R", "x")["Statement"][0]
    assert statement["Condition"] == {"StringEquals": {"sts:ExternalId": "x"}}
