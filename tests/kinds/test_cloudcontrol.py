"""The Cloud Control fallback: any `AWS::Service::Type` no module implements, read with ListResources (+ GetResource).

moto has no Cloud Control, so a botocore `Stubber` serves recorded answers (tests/fixtures/kinds/cloudcontrol_*.json)
to the real reader path: `kind_for` -> `read_kind` / `read_partition` with a stubbed client provider.
"""

from __future__ import annotations

import botocore.session
import pytest
from botocore.stub import Stubber

from port_aws_pipeline.kinds import ACCOUNT_KIND
from port_aws_pipeline.kinds import ReadContext
from port_aws_pipeline.kinds import cloudcontrol
from port_aws_pipeline.kinds import kind_for
from port_aws_pipeline.kinds.cloudcontrol import cloud_control_kind
from port_aws_pipeline.kinds.cloudcontrol import iam_actions_for
from port_aws_pipeline.kinds.cloudcontrol import lists_only_identifier
from port_aws_pipeline.models import GLOBAL_REGION
from port_aws_pipeline.models import AwsAccount
from port_aws_pipeline.reader import KindPlan
from port_aws_pipeline.reader import read_kind
from port_aws_pipeline.reader import read_partition
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import load_fixture

REGION = "eu-west-1"
BOTOCORE = botocore.session.get_session()  # one loaded service model for every stubbed client


class StubbedClients:
    """A ClientProvider whose only client is a stubbed Cloud Control client; it remembers where it was asked for."""

    def __init__(self, partition: str = "aws"):
        self.account_id = ACCOUNT
        self.partition = partition
        self.asked: list[tuple[str, str]] = []
        self.cloudcontrol = BOTOCORE.create_client(
            "cloudcontrol", region_name=REGION, aws_access_key_id="stub", aws_secret_access_key="stub"
        )
        self.stubber = Stubber(self.cloudcontrol)
        self.stubber.activate()

    def client(self, service: str, region: str):
        assert service == "cloudcontrol", service
        self.asked.append((service, region))
        return self.cloudcontrol

    def list_pages(self, type_name: str, pages: list[dict]) -> None:
        token = None
        for page in pages:
            expected = {"TypeName": type_name, **({"NextToken": token} if token else {})}
            self.stubber.add_response("list_resources", {**page, "TypeName": type_name}, expected)
            token = page.get("NextToken")

    def list_error(self, type_name: str, error: dict) -> None:
        self.stubber.add_client_error(
            "list_resources",
            service_error_code=error["Code"],
            service_message=error["Message"],
            http_status_code=error["HTTPStatusCode"],
            expected_params={"TypeName": type_name},
        )

    def get(self, type_name: str, identifier: str, answer: dict | None = None, error: dict | None = None) -> None:
        expected = {"TypeName": type_name, "Identifier": identifier}
        if error:
            self.stubber.add_client_error(
                "get_resource",
                service_error_code=error["Code"],
                service_message=error["Message"],
                http_status_code=error.get("HTTPStatusCode", 400),
                expected_params=expected,
            )
        else:
            self.stubber.add_response("get_resource", answer, expected)


def cloud_control(type_name: str):
    kind = kind_for(type_name)
    assert kind is not None and kind.service == "cloudcontrol", (
        f"{type_name} is now implemented by a module; pick another type"
    )
    return kind


def read(kind, clients, region: str = REGION, regions: tuple[str, ...] = (REGION,)):
    ctx = ReadContext(ACCOUNT, region, clients.partition, regions, kind.actions_for(None))
    return read_kind(KindPlan(kind, ctx.actions, lambda r: r in regions), clients, ctx, "test-role")


def test_kind_for_any_unimplemented_type_is_a_cloud_control_reader():
    kind = kind_for("AWS::Foo::Bar")
    assert kind is not None and kind.kind == "AWS::Foo::Bar" and kind.service == "cloudcontrol"
    assert kind.iam_actions == (
        "cloudformation:ListResources",
        "cloudformation:GetResource",
        "foo:List*",
        "foo:Describe*",
        "foo:Get*",
    )
    assert not kind.is_global and kind.default_actions == () and kind_for("AWS::Foo::Bar") is kind
    assert kind_for("AWS::KMS::Key").service == "kms"  # a module wins over the fallback
    assert kind_for(ACCOUNT_KIND) is None and kind_for("Custom::Thing") is None and kind_for("AWS::Foo") is None


def test_iam_actions_name_cloud_control_and_the_service_namespace():
    assert iam_actions_for("AWS::StepFunctions::Activity")[2:] == ("states:List*", "states:Describe*", "states:Get*")
    assert iam_actions_for("AWS::ApiGateway::Stage")[2:] == ("apigateway:GET",)
    assert iam_actions_for("AWS::ElasticLoadBalancingV2::Listener")[2] == "elasticloadbalancing:List*"
    assert {"cognito-idp:List*", "cognito-identity:List*"} <= set(iam_actions_for("AWS::Cognito::UserPool"))
    assert iam_actions_for("AWS::Logs::LogGroup")[:2] == ("cloudformation:ListResources", "cloudformation:GetResource")


def test_every_list_page_is_read_and_properties_are_parsed():
    fixture = load_fixture("cloudcontrol_log_groups")
    kind = cloud_control(fixture["type_name"])
    clients = StubbedClients()
    clients.list_pages(kind.kind, fixture["pages"])
    result = read(kind, clients)
    assert result.error is None, result.error
    clients.stubber.assert_no_pending_responses()  # three pages, and no GetResource: the list gave full models
    assert [r["Properties"] for r in result.records] == fixture["expected"]
    lambda_logs = result.records[0]
    assert lambda_logs["Type"] == "AWS::Logs::LogGroup" and lambda_logs["__Region"] == REGION
    assert lambda_logs["__AccountId"] == ACCOUNT and lambda_logs["__ExtraContext"] == {
        "AccountId": ACCOUNT,
        "Region": REGION,
    }
    assert type(lambda_logs["Properties"]["RetentionInDays"]) is int
    assert lambda_logs["Properties"]["Tags"] == [{"Key": "team", "Value": "payments"}]
    assert clients.asked == [("cloudcontrol", REGION)]


def test_identifier_only_listings_are_read_again_with_get_resource_and_vanished_ones_dropped(monkeypatch):
    monkeypatch.setattr(cloudcontrol, "GET_WORKERS", 1)  # the Stubber answers in order: one GetResource at a time
    fixture = load_fixture("cloudcontrol_glue_jobs")
    kind = cloud_control(fixture["type_name"])
    clients = StubbedClients()
    clients.list_pages(kind.kind, fixture["pages"])
    clients.get(kind.kind, "nightly-etl", answer=fixture["get_resource"]["nightly-etl"])
    clients.get(kind.kind, "deleted-meanwhile", error=fixture["get_resource_errors"]["deleted-meanwhile"])
    result = read(kind, clients)
    assert result.error is None, result.error
    clients.stubber.assert_no_pending_responses()
    assert [r["Properties"] for r in result.records] == fixture["expected"]
    job = result.records[0]["Properties"]
    assert (
        job["Tags"] == {"team": "data", "env": "prod"}
        and job["NumberOfWorkers"] == 10
        and job["Command"]["Name"] == "glueetl"
    )


def test_get_resource_denied_for_one_resource_keeps_its_listing_but_denied_for_all_fails_the_kind(monkeypatch):
    monkeypatch.setattr(cloudcontrol, "GET_WORKERS", 1)
    fixture = load_fixture("cloudcontrol_glue_jobs")
    kind = cloud_control(fixture["type_name"])
    denied = {"Code": "InvalidCredentialsException", "Message": "User is not authorized to perform: glue:GetJob"}

    clients = StubbedClients()
    clients.list_pages(kind.kind, fixture["pages"])
    clients.get(kind.kind, "nightly-etl", answer=fixture["get_resource"]["nightly-etl"])
    clients.get(kind.kind, "deleted-meanwhile", error=denied)
    result = read(kind, clients)
    assert result.error is None and [r["Properties"]["Name"] for r in result.records] == [
        "nightly-etl",
        "deleted-meanwhile",
    ]
    assert result.records[1]["Properties"] == {"Name": "deleted-meanwhile"}

    clients = StubbedClients()
    clients.list_pages(kind.kind, fixture["pages"])
    clients.get(kind.kind, "nightly-etl", error=denied)
    clients.get(kind.kind, "deleted-meanwhile", error=denied)
    result = read(kind, clients)
    assert (
        result.records == [] and result.error.code == "InvalidCredentialsException" and result.error.kind == kind.kind
    )


def test_types_cloud_control_cannot_list_fail_only_their_own_kind():
    errors = load_fixture("cloudcontrol_errors")
    log_groups = load_fixture("cloudcontrol_log_groups")
    stage, unknown, logs = (
        cloud_control(t) for t in ("AWS::ApiGateway::Stage", "AWS::Foo::Bar", "AWS::Logs::LogGroup")
    )
    clients = StubbedClients()
    clients.list_error(stage.kind, errors[stage.kind])
    clients.list_error(unknown.kind, errors[unknown.kind])
    clients.list_pages(logs.kind, log_groups["pages"])
    plans = [KindPlan(k, frozenset(), lambda r: True) for k in (stage, unknown, logs)]
    account = AwsAccount(id=ACCOUNT, regions=[REGION])
    read_all = read_partition(
        clients, account, REGION, plans, role="test-role", max_concurrent_kinds=1
    )  # in stub order
    clients.stubber.assert_no_pending_responses()
    by_kind = {k.kind: k for k in read_all.kinds}

    stage_error = by_kind[stage.kind].error
    assert (
        stage_error.code == "CloudControlUnsupported"
        and stage_error.kind == stage.kind
        and stage_error.region == REGION
    )
    assert "AWS::ApiGateway::Stage" in stage_error.message and "RestApiId" in stage_error.message
    assert (
        "InvalidRequestException" in stage_error.message and "Remove this kind from the mapping" in stage_error.message
    )
    unknown_error = by_kind[unknown.kind].error
    assert unknown_error.code == "CloudControlUnsupported" and "AWS::Foo::Bar" in unknown_error.message
    assert "TypeNotFoundException" in unknown_error.message and "Check the spelling" in unknown_error.message
    assert by_kind[logs.kind].error is None and len(by_kind[logs.kind].records) == 3
    assert not by_kind[stage.kind].records and not by_kind[stage.kind].complete and by_kind[logs.kind].complete


def test_a_type_without_a_list_handler_names_itself_and_the_fix():
    errors = load_fixture("cloudcontrol_errors")
    kind = cloud_control("AWS::IAM::ServiceLinkedRole")
    clients = StubbedClients()
    clients.list_error(kind.kind, errors[kind.kind])
    result = read(kind, clients, region=GLOBAL_REGION)
    assert result.error.code == "CloudControlUnsupported" and "AWS::IAM::ServiceLinkedRole" in result.error.message
    assert (
        "UnsupportedActionException" in result.error.message and "no Cloud Control list handler" in result.error.message
    )


def test_throttling_is_an_aws_error_not_an_unsupported_type():
    errors = load_fixture("cloudcontrol_errors")
    kind = cloud_control("AWS::Logs::LogGroup")
    clients = StubbedClients()
    clients.list_error(kind.kind, errors[kind.kind])
    result = read(kind, clients)
    assert result.error.code == "ThrottlingException" and result.error.message == "Rate exceeded"
    assert "throttled" in result.error.hint and "Cloud Control cannot list" not in result.error.message


@pytest.mark.parametrize(
    ("type_name", "partition", "home"),
    [
        ("AWS::Route53::HealthCheck", "aws", "us-east-1"),
        ("AWS::IAM::ManagedPolicy", "aws-cn", "cn-north-1"),
        ("AWS::CloudFront::Function", "aws-us-gov", "us-gov-west-1"),
        ("AWS::GlobalAccelerator::Accelerator", "aws", "us-west-2"),
    ],
)
def test_global_service_types_are_read_once_in_their_home_region(type_name, partition, home):
    kind = cloud_control_kind(type_name)
    assert kind.is_global
    clients = StubbedClients(partition)
    clients.list_pages(
        kind.kind, [{"ResourceDescriptions": [{"Identifier": "x-1", "Properties": '{"Id":"x-1","Name":"one"}'}]}]
    )
    result = read(kind, clients, region=GLOBAL_REGION, regions=(home, "eu-west-1"))
    assert result.error is None, result.error
    assert clients.asked == [("cloudcontrol", home)]
    assert [(r["__Region"], r["Properties"]) for r in result.records] == [(home, {"Id": "x-1", "Name": "one"})]


def test_regional_types_stay_regional():
    assert not cloud_control_kind("AWS::Route53Resolver::ResolverRule").is_global
    assert not cloud_control_kind("AWS::WAFv2::WebACL").is_global


def test_which_listings_need_get_resource():
    assert lists_only_identifier({"Identifier": "abc", "Properties": '{"RestApiId":"abc"}'})
    assert lists_only_identifier({"Identifier": "abc|prod", "Properties": '{"RestApiId":"abc","StageName":"prod"}'})
    assert lists_only_identifier({"Identifier": "abc"}) and lists_only_identifier(
        {"Identifier": "abc", "Properties": "{}"}
    )
    assert not lists_only_identifier({"Identifier": "abc", "Properties": '{"Name":"abc","RetentionInDays":30}'})
    assert not lists_only_identifier({"Identifier": "abc", "Properties": '{"Name":"abc","Arn":"arn:aws:x"}'})


def test_an_invalid_request_on_a_later_page_is_not_a_verdict_on_the_type():
    fixture = load_fixture("cloudcontrol_log_groups")
    kind = cloud_control(fixture["type_name"])
    clients = StubbedClients()
    clients.list_pages(kind.kind, fixture["pages"][:1])
    clients.stubber.add_client_error(
        "list_resources",
        service_error_code="InvalidRequestException",
        service_message="Invalid NextToken",
        http_status_code=400,
    )
    result = read(kind, clients)
    assert result.error.code == "InvalidRequestException" and result.error.message == "Invalid NextToken"
