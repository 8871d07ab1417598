import pytest

from port_aws_pipeline.cli import main
from port_aws_pipeline.config import ConfigError
from port_aws_pipeline.config import load_config
from port_aws_pipeline.config import parse_config


def test_defaults_match_the_documented_interface():
    config = parse_config({})
    assert config.aws.member_role_name == "PortOceanReadRole"
    assert config.aws.target_ou_ids == [] and config.aws.account_ids == [] and not config.aws.single_account
    assert config.port.base_url == "https://api.port.io"
    assert config.safety.max_scope_delete_fraction == 0.9 and config.safety.max_account_loss_fraction == 0.5


def test_env_interpolation_and_overrides(monkeypatch):
    monkeypatch.setenv("MY_SECRET", "s3cr3t")
    monkeypatch.setenv("PORT_CLIENT_ID", "from-env")
    monkeypatch.setenv("PORT_BASE_URL", "http://127.0.0.1:9/")
    config = parse_config({"port": {"client_id": "in-file", "client_secret": "${MY_SECRET}"}})
    assert config.port.client_secret == "s3cr3t"
    assert config.port.client_id == "from-env"
    assert config.port.base_url == "http://127.0.0.1:9"


def test_unset_env_variable_is_named(monkeypatch):
    monkeypatch.delenv("NOPE_NOT_SET", raising=False)
    with pytest.raises(ConfigError) as err:
        parse_config({"aws": {"external_id": "${NOPE_NOT_SET}"}})
    assert err.value.problems == [
        "aws.external_id: environment variable NOPE_NOT_SET is not set; export it or write the value in the file"
    ]


def test_every_problem_is_reported_with_its_key():
    with pytest.raises(ConfigError) as err:
        parse_config(
            {
                "aws": {"target_ou_ids": ["prod"], "member_role_name": "arn:aws:iam::1:role/x", "region_polcy": {}},
                "port": {"base_url": "api.port.io"},
            }
        )
    text = "\n".join(err.value.problems)
    assert "aws.target_ou_ids" in text and "ou-xxxx-xxxxxxxx" in text
    assert "aws.member_role_name" in text and "role name only" in text
    assert "aws.region_polcy: unknown key" in text
    assert "port.base_url" in text and "https://" in text


def test_account_sources_are_exclusive():
    with pytest.raises(ConfigError) as err:
        parse_config({"aws": {"single_account": True, "account_ids": ["111111111111"]}})
    assert "single_account" in err.value.problems[0]


def test_account_ids_keep_leading_zeros_and_reject_junk():
    assert parse_config({"aws": {"account_ids": ["012345678901"]}}).aws.account_ids == ["012345678901"]
    with pytest.raises(ConfigError) as err:
        parse_config({"aws": {"account_ids": ["1234"]}})
    assert "12-digit" in err.value.problems[0]


def test_file_lookup_and_yaml_errors(tmp_path, monkeypatch):
    bad = tmp_path / "bad.yaml"
    bad.write_text("aws: [unclosed\n")
    with pytest.raises(ConfigError) as err:
        load_config(bad)
    assert "not valid YAML" in err.value.problems[0] and "line" in err.value.problems[0]
    good = tmp_path / "port-aws.yaml"
    good.write_text("aws:\n  member_role_name: CustomRead\n")
    monkeypatch.setenv("PORT_AWS_CONFIG", str(good))
    assert load_config().aws.member_role_name == "CustomRead"
    with pytest.raises(ConfigError):
        load_config(tmp_path / "missing.yaml")


def test_cli_prints_problems_without_traceback(tmp_path, capsys):
    path = tmp_path / "c.yaml"
    path.write_text("aws:\n  target_ou_ids: [nope]\n")
    assert main(["sync", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert "aws.target_ou_ids" in err and "Traceback" not in err
