import pytest

from port_aws_pipeline.config import ConfigError
from port_aws_pipeline.port.mapping import SCOPE_PROPERTY
from port_aws_pipeline.port.mapping import load_mapping

EC2 = {
    "Type": "AWS::EC2::Instance",
    "Properties": {
        "Arn": "arn:aws:ec2:eu-west-1:111111111111:instance/i-0abc",
        "InstanceId": "i-0abc",
        "InstanceType": "t3.micro",
        "State": {"Name": "running"},
        "Tags": [{"Key": "Name", "Value": "web"}, {"Key": "team", "Value": "core"}],
    },
    "__ExtraContext": {"AccountId": "111111111111", "Region": "eu-west-1"},
    "__Region": "eu-west-1",
    "__AccountId": "111111111111",
}


def test_default_mapping_identifies_by_arn_with_region_account_and_tags():
    mapping = load_mapping()
    [entity], errors = mapping.map_records("AWS::EC2::Instance", [EC2], "scope-1")
    assert errors == []
    assert entity.identifier == EC2["Properties"]["Arn"]
    assert entity.blueprint == "awsEc2Instance" and entity.title == "web"
    assert entity.properties["region"] == "eu-west-1"
    assert entity.properties["tags"] == {"Name": "web", "team": "core"}
    assert entity.properties["state"] == "running" and entity.properties["instanceType"] == "t3.micro"
    assert entity.properties[SCOPE_PROPERTY] == "scope-1"
    assert entity.relations["account"] == "111111111111"


def test_every_default_kind_has_a_constant_blueprint():
    mapping = load_mapping()
    for kind in mapping.kinds:
        assert len(mapping.blueprints_for_kind(kind)) == 1, kind


def test_user_mapping_selector_and_errors_by_identifier(tmp_path):
    path = tmp_path / "mapping.yml"
    path.write_text(
        """
resources:
  - kind: AWS::EC2::Instance
    selector:
      query: '.Properties.State.Name == "running"'
    port:
      entity:
        mappings:
          identifier: .Properties.InstanceId
          title: .Properties.Missing.Deep | ascii_downcase
          blueprint: '"vm"'
          properties:
            size: .Properties.InstanceType
"""
    )
    mapping = load_mapping(path)
    stopped = {**EC2, "Properties": {**EC2["Properties"], "State": {"Name": "stopped"}}}
    entities, errors = mapping.map_records("AWS::EC2::Instance", [EC2, stopped], "s")
    assert entities == []  # the running one fails in jq, the stopped one is filtered out
    assert len(errors) == 1 and errors[0].identifier == EC2["Properties"]["Arn"] and "jq" in errors[0].message


def test_mapping_that_does_not_compile_names_the_resource(tmp_path):
    path = tmp_path / "mapping.yml"
    path.write_text(
        "resources:\n  - kind: AWS::SQS::Queue\n    port:\n      entity:\n        mappings:\n"
        "          identifier: '.Properties.Arn |||'\n          blueprint: '\"q\"'\n"
    )
    with pytest.raises(ConfigError) as err:
        load_mapping(path)
    assert "resources[0] (kind AWS::SQS::Queue)" in err.value.problems[0]


def test_missing_identifier_is_a_mapping_error_not_a_crash():
    mapping = load_mapping()
    record = {
        "Type": "AWS::SQS::Queue",
        "Properties": {"QueueName": "q"},
        "__ExtraContext": {"AccountId": "1", "Region": "r"},
    }
    entities, errors = mapping.map_records("AWS::SQS::Queue", [record], "s")
    assert entities == [] and "identifier" in errors[0].message


def test_per_kind_region_policy_filters_records_and_is_validated():
    text = """
resources:
  - kind: AWS::SQS::Queue
    selector:
      query: 'true'
      regionPolicy: {allow: [eu-west-1]}
      includeActions: []
    port:
      entity:
        mappings:
          identifier: .Properties.QueueName
          blueprint: '"q"'
"""
    import yaml

    from port_aws_pipeline.port.mapping import Mapping
    from port_aws_pipeline.port.mapping import PortAppConfig

    mapping = Mapping(PortAppConfig.model_validate(yaml.safe_load(text)))
    records = [
        {
            "Type": "AWS::SQS::Queue",
            "Properties": {"QueueName": f"q-{r}"},
            "__Region": r,
            "__AccountId": "1",
            "__ExtraContext": {"AccountId": "1", "Region": r},
        }
        for r in ("eu-west-1", "us-east-1")
    ]
    entities, _ = mapping.map_records("AWS::SQS::Queue", records, "scope")
    assert [e.identifier for e in entities] == ["q-eu-west-1"]
    assert mapping.selectors_for("AWS::SQS::Queue")[0].include_actions == []
    with pytest.raises(Exception, match="did you mean eu-west-1"):
        PortAppConfig.model_validate(yaml.safe_load(text.replace("[eu-west-1]", "[eu-west1]")))
