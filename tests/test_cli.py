"""The CLI refuses bad input before touching anything, and `init` writes a complete starter config."""

import json
import subprocess
import sys

import yaml

from port_aws_pipeline.cli import main
from port_aws_pipeline.config import AppConfig
from port_aws_pipeline.config import load_config


def run(args, capsys, monkeypatch, cwd):
    monkeypatch.chdir(cwd)
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_sync_without_any_config_file_refuses_and_says_how_to_create_one(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("PORT_AWS_CONFIG", raising=False)
    code, _, err = run(["sync"], capsys, monkeypatch, tmp_path)
    assert code == 2 and "port-aws-pipeline init" in err and "Traceback" not in err


def test_a_config_path_that_does_not_exist_is_a_config_error(tmp_path, capsys, monkeypatch):
    code, _, err = run(["sync", "--config", "does-not-exist.yaml"], capsys, monkeypatch, tmp_path)
    assert code == 2 and "does-not-exist.yaml does not exist" in err
    monkeypatch.setenv("PORT_AWS_CONFIG", str(tmp_path / "missing.yaml"))
    code, _, err = run(["sync"], capsys, monkeypatch, tmp_path)
    assert code == 2 and "PORT_AWS_CONFIG" in err and "missing.yaml does not exist" in err


def test_region_and_account_selections_are_validated_first(tmp_path, capsys, monkeypatch):
    code, _, err = run(["sync", "--region", "eu-west1", "--account", "12345"], capsys, monkeypatch, tmp_path)
    assert code == 2
    assert "--region 'eu-west1'" in err and "did you mean eu-west-1?" in err
    assert "--account '12345': not a 12-digit AWS account id" in err


def test_a_region_typo_in_the_policy_is_exit_2_naming_key_value_and_closest_region(tmp_path, capsys, monkeypatch):
    config = tmp_path / "port-aws.yaml"
    config.write_text(yaml.safe_dump({"aws": {"region_policy": {"allow": ["us-east-1", "eu-west1"]}}}))
    code, _, err = run(["sync", "--config", str(config)], capsys, monkeypatch, tmp_path)
    assert code == 2
    assert "aws.region_policy.allow: 'eu-west1' is not an AWS region (did you mean eu-west-1?)" in err


def test_unknown_keys_get_a_did_you_mean(tmp_path, capsys, monkeypatch):
    config = tmp_path / "port-aws.yaml"
    config.write_text(yaml.safe_dump({"aws": {"member_role": "X"}, "safty": {}}))
    code, _, err = run(["sync", "--config", str(config)], capsys, monkeypatch, tmp_path)
    assert code == 2
    assert "aws.member_role: unknown key; did you mean member_role_name?" in err
    assert "safty: unknown key; did you mean safety?" in err


def test_init_writes_every_key_with_its_default(tmp_path, capsys, monkeypatch):
    code, out, _ = run(["init", "--dagster-files", "--mapping", "mapping.yml"], capsys, monkeypatch, tmp_path)
    assert code == 0 and "wrote port-aws.yaml" in out
    raw = yaml.safe_load((tmp_path / "port-aws.yaml").read_text())

    def keys(model, prefix=""):
        for name, field in model.model_fields.items():
            annotation = field.annotation
            if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
                yield from keys(annotation, f"{prefix}{name}.")
            else:
                yield f"{prefix}{name}"

    def present(path):
        node = raw
        for part in path.split("."):
            if not isinstance(node, dict) or part not in node:
                return False
            node = node[part]
        return True

    assert [k for k in keys(AppConfig) if not present(k)] == []
    monkeypatch.setenv("PORT_CLIENT_ID", "id")
    monkeypatch.setenv("PORT_CLIENT_SECRET", "secret")
    loaded = load_config(tmp_path / "port-aws.yaml")
    defaults = AppConfig()
    assert loaded.model_dump(exclude={"port"}) == defaults.model_dump(exclude={"port"})
    assert (tmp_path / "workspace.yaml").exists() and (tmp_path / "dagster.yaml").exists()
    assert yaml.safe_load((tmp_path / "mapping.yml").read_text())["resources"]
    code, _, err = run(["init"], capsys, monkeypatch, tmp_path)
    assert code == 2 and "already exists" in err


def test_every_config_key_is_in_the_readme_table():
    readme = open("README.md").read()
    missing = []
    for section, model in AppConfig.model_fields.items():
        annotation = model.annotation
        fields = getattr(annotation, "model_fields", None)
        names = [f"{section}.{name}" for name in fields] if fields else [section]
        missing += [n for n in names if f"`{n}`" not in readme]
    assert missing == []


def test_version_flag():
    out = subprocess.run([sys.executable, "-m", "port_aws_pipeline.cli", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("port-aws-pipeline ")


def test_iam_policy_flags_reach_the_generator(capsys):
    assert main(["iam-policy", "--cloudformation"]) == 0
    actions = yaml.safe_load(capsys.readouterr().out)
    assert "organizations:ListTagsForResource" in actions and "ec2:DescribeInstances" in actions
    assert main(["iam-policy"]) == 0
    policy = json.loads(capsys.readouterr().out)
    assert set(policy["Statement"][0]["Action"]) == set(actions)
