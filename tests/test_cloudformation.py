"""deploy/cloudformation: every template is cfn-lint clean and read-only by construction.

The policy checker expands every `Fn::If` branch (and the JSON documents built with `Fn::Sub`), so a
write action hidden in any branch fails, whatever the parameters. A small evaluator then resolves the
templates for concrete parameters, to check what each trust mode actually trusts.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CFN_DIR = ROOT / "deploy" / "cloudformation"
TEMPLATES = sorted(CFN_DIR.glob("*.yaml"))
READ_ROLE = CFN_DIR / "port-ocean-read-role.yaml"
STACKSET = CFN_DIR / "port-ocean-read-role-stackset.yaml"

READ_ONLY_ACCESS = re.compile(r"^arn:[^:]+:iam::aws:policy/ReadOnlyAccess$")
ALLOWED_STS = {"sts:assumerole", "sts:assumerolewithwebidentity"}
READ_VERBS = ("list", "describe", "get")
ORGANIZATIONS_READ = {
    "organizations:ListAccounts", "organizations:ListAccountsForParent", "organizations:ListOrganizationalUnitsForParent",
    "organizations:ListRoots", "organizations:ListParents", "organizations:DescribeOrganization",
    "organizations:DescribeAccount", "organizations:DescribeOrganizationalUnit", "organizations:ListChildren",
    "organizations:ListTagsForResource",
}
ACCOUNT = "123456789012"
TASK_ROLE = "arn:aws:iam::210987654321:role/PortOceanTaskRole"
OIDC = "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"


# --- loading: CloudFormation short-form tags ------------------------------------------------------


class CfnLoader(yaml.SafeLoader):
    """SafeLoader that turns `!Ref x` into {"Ref": x}, `!GetAtt a.b` into {"Fn::GetAtt": [a, b]}, `!X v` into {"Fn::X": v}."""


def _construct_tag(loader: CfnLoader, suffix: str, node: yaml.Node):
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    if suffix == "Ref":
        return {"Ref": value}
    if suffix == "Condition":
        return {"Condition": value}
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {f"Fn::{suffix}": value}


CfnLoader.add_multi_constructor("!", _construct_tag)


def load_template(text: str) -> dict:
    return yaml.load(text, CfnLoader)  # noqa: S506 - CfnLoader is a SafeLoader


def embedded_template_body() -> str:
    stackset = load_template(STACKSET.read_text())
    return stackset["Resources"]["ReadRoleStackSet"]["Properties"]["TemplateBody"]


def stackset_bodies(template: dict):
    """(logical id, parsed TemplateBody) of every StackSet in `template`."""
    for logical_id, resource in template.get("Resources", {}).items():
        body = resource.get("Properties", {}).get("TemplateBody")
        if resource.get("Type") == "AWS::CloudFormation::StackSet" and isinstance(body, str):
            yield logical_id, load_template(body)


# --- every branch of every intrinsic --------------------------------------------------------------

REMOVED = object()  # Ref AWS::NoValue
SUB_VARIABLE = re.compile(r"\$\{([^}!][^}]*)\}")


def _substitute(text: str, values: dict) -> str:
    """Fn::Sub: `${Name}` from `values`, else a `<Name>` placeholder; `${!Literal}` -> `${Literal}`."""
    text = SUB_VARIABLE.sub(lambda m: values.get(m.group(1), f"<{m.group(1)}>"), text)
    return text.replace("${!", "${")


def variants(node) -> list:
    """Every concrete value `node` can take: both branches of each Fn::If, NoValue dropped, Subs rendered."""
    if isinstance(node, dict):
        if len(node) == 1:
            (key, value), = node.items()
            if key == "Fn::If":
                return variants(value[1]) + variants(value[2])
            if key == "Ref":
                return [REMOVED] if value == "AWS::NoValue" else [f"<{value}>"]
            if key == "Fn::Sub":
                text, mapping = (value, {}) if isinstance(value, str) else (value[0], value[1])
                return [_substitute(text, chosen) for chosen in variants(mapping)]
            if key == "Fn::Join":
                separator, items = value
                return [separator.join(str(i) for i in chosen) for chosen in variants(items)]
            if key.startswith("Fn::"):
                return [f"<{key}>"]
        keys = list(node)
        out = []
        for combination in itertools.product(*(variants(node[k]) for k in keys)):
            out.append({k: v for k, v in zip(keys, combination) if v is not REMOVED})
        return out
    if isinstance(node, list):
        return [[v for v in combination if v is not REMOVED] for combination in itertools.product(*(variants(i) for i in node))]
    return [node]


# --- the read-only checker ------------------------------------------------------------------------


def action_problem(action) -> str | None:
    """None for sts:AssumeRole, sts:AssumeRoleWithWebIdentity and List*/Describe*/Get* actions; else why not."""
    if not isinstance(action, str):
        return f"action {action!r} is not a literal string"
    if "*" in action or "?" in action:
        return f"wildcard action {action!r}"
    service, _, name = action.partition(":")
    if not service or not name:
        return f"malformed action {action!r}"
    if action.lower() in ALLOWED_STS or name.lower().startswith(READ_VERBS):
        return None
    return f"write action {action!r}"


def policy_problems(document, where: str = "policy") -> list[str]:
    """Problems in every variant of a policy document (a dict, or a JSON string as Fn::Sub renders it)."""
    problems = []
    for variant in variants(document):
        if isinstance(variant, str):
            try:
                variant = json.loads(variant)
            except json.JSONDecodeError as exc:
                problems.append(f"{where}: not valid JSON ({exc}): {variant}")
                continue
        if not isinstance(variant, dict) or "Statement" not in variant:
            problems.append(f"{where}: no Statement in {variant!r}")
            continue
        statements = variant["Statement"]
        for statement in statements if isinstance(statements, list) else [statements]:
            effect = statement.get("Effect")
            if effect == "Deny":
                continue
            if effect != "Allow":
                problems.append(f"{where}: Effect {effect!r} is neither Allow nor Deny")
                continue
            if "NotAction" in statement:
                problems.append(f"{where}: Allow with NotAction grants everything else")
            if "Action" not in statement:
                problems.append(f"{where}: Allow statement without Action")
                continue
            actions = statement["Action"]
            for action in actions if isinstance(actions, list) else [actions]:
                problem = action_problem(action)
                if problem:
                    problems.append(f"{where}: {problem}")
    return sorted(set(problems))


def policy_documents(template: dict):
    """(where, document) for trust and permission policies of roles, policies and managed policies,
    StackSet template bodies included."""
    for stackset_id, body in stackset_bodies(template):
        for where, document in policy_documents(body):
            yield f"{stackset_id}.TemplateBody:{where}", document
    for logical_id, resource in template.get("Resources", {}).items():
        kind, properties = resource.get("Type"), resource.get("Properties", {})
        if kind == "AWS::IAM::Role":
            yield f"{logical_id}.AssumeRolePolicyDocument", properties["AssumeRolePolicyDocument"]
        if kind in ("AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"):
            for policies in variants(properties.get("Policies", [])):
                for policy in policies:
                    yield f"{logical_id}.Policies.{policy.get('PolicyName')}", policy["PolicyDocument"]
        if kind in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy"):
            yield f"{logical_id}.PolicyDocument", properties["PolicyDocument"]


def managed_policy_arns(template: dict) -> list[str]:
    arns = [arn for _, body in stackset_bodies(template) for arn in managed_policy_arns(body)]
    for resource in template.get("Resources", {}).values():
        if resource.get("Type") in ("AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"):
            for variant in variants(resource.get("Properties", {}).get("ManagedPolicyArns", [])):
                arns += [arn.replace("<AWS::Partition>", "aws") for arn in variant]
    return arns


def template_problems(template: dict) -> list[str]:
    problems = []
    for where, document in policy_documents(template):
        problems += policy_problems(document, where)
    for tpl in [template] + [body for _, body in stackset_bodies(template)]:
        for logical_id, resource in tpl.get("Resources", {}).items():
            if resource.get("Type") == "AWS::IAM::ManagedPolicy":
                problems.append(f"{logical_id}: a customer managed policy; ReadOnlyAccess is the only managed policy allowed")
    problems += [f"managed policy {arn} attached; only ReadOnlyAccess is allowed" for arn in managed_policy_arns(template)
                 if not READ_ONLY_ACCESS.match(arn)]
    return sorted(set(problems))


# --- a small evaluator, for concrete parameters ---------------------------------------------------

PSEUDO = {"AWS::Partition": "aws", "AWS::AccountId": ACCOUNT, "AWS::Region": "us-east-1", "AWS::StackName": "test"}


class Evaluation:
    def __init__(self, template: dict, **overrides: str):
        declared = template.get("Parameters", {})
        unknown = set(overrides) - set(declared)
        assert not unknown, f"no such parameters: {unknown}"
        self.template = template
        self.params = {}
        for name, spec in declared.items():
            value = overrides.get(name, spec.get("Default"))
            assert value is not None, f"parameter {name} has no default and no value"
            if "AllowedValues" in spec:
                assert value in spec["AllowedValues"], f"{name}={value!r} not in {spec['AllowedValues']}"
            if "AllowedPattern" in spec:
                assert re.fullmatch(spec["AllowedPattern"], value), f"{name}={value!r} does not match {spec['AllowedPattern']}"
            self.params[name] = value.split(",") if spec["Type"] == "CommaDelimitedList" else value
        self._conditions: dict[str, bool] = {}

    def condition(self, name: str) -> bool:
        if name not in self._conditions:
            self._conditions[name] = self.resolve(self.template["Conditions"][name])
        return self._conditions[name]

    def failed_rules(self) -> list[str]:
        failed = []
        for name, rule in self.template.get("Rules", {}).items():
            if "RuleCondition" in rule and not self.resolve(rule["RuleCondition"]):
                continue
            failed += [f"{name}: {a.get('AssertDescription')}" for a in rule["Assertions"] if not self.resolve(a["Assert"])]
        return failed

    def resolve(self, node):
        if isinstance(node, dict):
            if len(node) == 1:
                (key, value), = node.items()
                if key == "Ref":
                    if value == "AWS::NoValue":
                        return REMOVED
                    return self.params[value] if value in self.params else PSEUDO.get(value, f"<{value}>")
                if key == "Condition":
                    return self.condition(value)
                if key == "Fn::If":
                    return self.resolve(value[1] if self.condition(value[0]) else value[2])
                if key == "Fn::Equals":
                    return self.resolve(value[0]) == self.resolve(value[1])
                if key == "Fn::Not":
                    return not self.resolve(value[0])
                if key == "Fn::And":
                    return all(self.resolve(v) for v in value)
                if key == "Fn::Or":
                    return any(self.resolve(v) for v in value)
                if key == "Fn::Sub":
                    text, mapping = (value, {}) if isinstance(value, str) else (value[0], value[1])
                    values = {**PSEUDO, **{k: v for k, v in self.params.items() if isinstance(v, str)}}
                    values.update({k: self.resolve(v) for k, v in mapping.items()})
                    return _substitute(text, values)
                if key == "Fn::Join":
                    return value[0].join(self.resolve(value[1]))
                if key == "Fn::GetAtt":
                    return f"<{'.'.join(value)}>"
            return {k: r for k, v in node.items() if (r := self.resolve(v)) is not REMOVED}
        if isinstance(node, list):
            return [r for v in node if (r := self.resolve(v)) is not REMOVED]
        return node

    def policy(self, logical_id: str, prop: str = "AssumeRolePolicyDocument") -> dict:
        document = self.resolve(self.template["Resources"][logical_id]["Properties"][prop])
        return json.loads(document) if isinstance(document, str) else document

    def inline_policy(self, logical_id: str) -> dict:
        (policy,) = self.resolve(self.template["Resources"][logical_id]["Properties"]["Policies"])
        return policy["PolicyDocument"]


def template(name: str) -> dict:
    return load_template((CFN_DIR / name).read_text())


# --- (a) cfn-lint ---------------------------------------------------------------------------------


def lint_problems(path: Path) -> list[str]:
    from cfnlint.api import ManualArgs, lint_file

    matches = lint_file(path, config=ManualArgs(regions=["us-east-1"]))
    # Errors and warnings fail; informational notes do not.
    return [str(m) for m in matches if m.rule.severity.lower() in ("error", "warning")]


def test_templates_exist():
    assert {p.name for p in TEMPLATES} >= {
        "port-ocean-read-role.yaml", "port-ocean-read-role-stackset.yaml", "port-organizations-role.yaml",
        "port-ocean-task-role.yaml", "port-ocean-instance-role.yaml", "port-ocean-irsa-role.yaml",
    }


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_cfn_lint(path):
    problems = lint_problems(path)
    assert not problems, "cfn-lint:\n" + "\n".join(problems)


def test_cfn_lint_stackset_template_body(tmp_path):
    path = tmp_path / "stackset-template-body.yaml"
    path.write_text(embedded_template_body())
    problems = lint_problems(path)
    assert not problems, "cfn-lint:\n" + "\n".join(problems)


# --- (b) read-only --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_no_write_actions_anywhere(path):
    tpl = load_template(path.read_text())
    assert list(policy_documents(tpl)), f"{path.name}: no IAM policy found; is the template empty?"
    problems = template_problems(tpl)
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


def test_stackset_template_body_is_checked():
    wheres = [where for where, _ in policy_documents(load_template(STACKSET.read_text()))]
    assert wheres == ["ReadRoleStackSet.TemplateBody:ReadRole.AssumeRolePolicyDocument"]
    tpl = load_template(STACKSET.read_text())
    props = tpl["Resources"]["ReadRoleStackSet"]["Properties"]
    props["TemplateBody"] = props["TemplateBody"].replace('"Action": "sts:AssumeRole"}', '"Action": "iam:PassRole"}')
    assert template_problems(tpl) == ["ReadRoleStackSet.TemplateBody:ReadRole.AssumeRolePolicyDocument: write action 'iam:PassRole'"]


def test_read_only_access_is_attached_to_the_read_role_only():
    for path in TEMPLATES:
        name, arns = path.name, managed_policy_arns(load_template(path.read_text()))
        if name.startswith("port-ocean-read-role"):
            assert arns and all(READ_ONLY_ACCESS.match(a) for a in arns), name
        else:
            assert arns == [], f"{name} attaches managed policies {arns}"


def test_checker_rejects_write_actions():
    def doc(*statements):
        return {"Version": "2012-10-17", "Statement": list(statements)}

    allow = lambda action: {"Effect": "Allow", "Action": action, "Resource": "*"}  # noqa: E731
    assert policy_problems(doc(allow(["organizations:ListAccounts", "ec2:DescribeInstances", "s3:GetObject"]))) == []
    assert policy_problems(doc(allow("sts:AssumeRole"), allow("sts:AssumeRoleWithWebIdentity"))) == []

    assert policy_problems(doc(allow("s3:PutObject"))) == ["policy: write action 's3:PutObject'"]
    assert policy_problems(doc(allow(["s3:ListBucket", "iam:CreateRole"]))) == ["policy: write action 'iam:CreateRole'"]
    assert policy_problems(doc(allow("*"))) == ["policy: wildcard action '*'"]
    assert policy_problems(doc(allow("s3:*"))) == ["policy: wildcard action 's3:*'"]
    assert policy_problems(doc(allow("organizations:List*"))) == ["policy: wildcard action 'organizations:List*'"]
    assert policy_problems(doc(allow("sts:TagSession"))) == ["policy: write action 'sts:TagSession'"]
    assert policy_problems(doc({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}))
    assert policy_problems(doc({"Effect": "Deny", "Action": "*", "Resource": "*"})) == []
    # Hidden in one branch of an Fn::If, or in a JSON document built with Fn::Sub.
    hidden = doc({"Fn::If": ["C", allow("ec2:DescribeRegions"), allow("ec2:TerminateInstances")]})
    assert policy_problems(hidden) == ["policy: write action 'ec2:TerminateInstances'"]
    as_json = {"Fn::Sub": json.dumps(doc(allow("${Service}:DeleteBucket"))).replace('"${Service}', '"s3')}
    assert policy_problems(as_json) == ["policy: write action 's3:DeleteBucket'"]
    assert policy_problems({"Fn::Sub": '{"Statement": [}'})[0].startswith("policy: not valid JSON")


def test_checker_rejects_a_template_granting_a_write_action():
    tpl = template("port-ocean-task-role.yaml")
    statements = tpl["Resources"]["TaskRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    statements.append({"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"})
    assert template_problems(tpl) == ["TaskRole.Policies.AssumePortReadRoles: write action 's3:PutObject'"]

    tpl = template("port-ocean-task-role.yaml")
    tpl["Resources"]["TaskRole"]["Properties"]["ManagedPolicyArns"] = ["arn:aws:iam::aws:policy/AdministratorAccess"]
    assert template_problems(tpl) == ["managed policy arn:aws:iam::aws:policy/AdministratorAccess attached; only ReadOnlyAccess is allowed"]


def test_organizations_role_lists_exactly_the_read_actions():
    ev = Evaluation(template("port-organizations-role.yaml"), TrustedPrincipalArn=TASK_ROLE)
    (statement,) = ev.inline_policy("OrganizationsRole")["Statement"]
    assert statement["Effect"] == "Allow" and set(statement["Action"]) == ORGANIZATIONS_READ
    assert len(statement["Action"]) == len(ORGANIZATIONS_READ)
    (trust,) = ev.policy("OrganizationsRole")["Statement"]
    assert trust == {"Sid": "TrustPipelineRole", "Effect": "Allow", "Principal": {"AWS": TASK_ROLE}, "Action": "sts:AssumeRole"}
    ev = Evaluation(template("port-organizations-role.yaml"), TrustedPrincipalArn=TASK_ROLE, ExternalId="port-ext-1")
    (trust,) = ev.policy("OrganizationsRole")["Statement"]
    assert trust["Condition"] == {"StringEquals": {"sts:ExternalId": "port-ext-1"}}


# --- what each template trusts and may assume -----------------------------------------------------


def test_read_role_ecs_and_ec2_trust_the_principal():
    for mode in ("ECS", "EC2"):
        ev = Evaluation(template("port-ocean-read-role.yaml"), TrustMode=mode, TrustedPrincipalArn=TASK_ROLE)
        assert ev.failed_rules() == []
        assert ev.policy("ReadRole") == {"Version": "2012-10-17", "Statement": [
            {"Sid": "TrustPipelineRole", "Effect": "Allow", "Principal": {"AWS": TASK_ROLE}, "Action": "sts:AssumeRole"}]}
    ev = Evaluation(template("port-ocean-read-role.yaml"), TrustMode="ECS", TrustedPrincipalArn=TASK_ROLE, ExternalId="port-ext-1")
    (statement,) = ev.policy("ReadRole")["Statement"]
    assert statement["Condition"] == {"StringEquals": {"sts:ExternalId": "port-ext-1"}}
    assert ev.resolve(ev.template["Resources"]["ReadRole"]["Properties"]["ManagedPolicyArns"]) == ["arn:aws:iam::aws:policy/ReadOnlyAccess"]


def test_read_role_rules_require_a_principal():
    tpl = template("port-ocean-read-role.yaml")
    assert Evaluation(tpl, TrustMode="ECS").failed_rules()
    assert Evaluation(tpl, TrustMode="EC2").failed_rules()
    assert Evaluation(tpl, TrustMode="IRSA").failed_rules()
    assert Evaluation(tpl, TrustMode="IRSA", OidcProviderUrl=OIDC).failed_rules() == []
    assert Evaluation(tpl, TrustMode="IRSA", TrustedPrincipalArn=TASK_ROLE).failed_rules() == []


def test_read_role_irsa_trusts_the_service_account():
    ev = Evaluation(template("port-ocean-read-role.yaml"), TrustMode="IRSA", OidcProviderUrl=OIDC)
    assert ev.policy("ReadRole") == {"Version": "2012-10-17", "Statement": [{
        "Sid": "TrustServiceAccount", "Effect": "Allow",
        "Principal": {"Federated": f"arn:aws:iam::{ACCOUNT}:oidc-provider/{OIDC}"},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {f"{OIDC}:aud": "sts.amazonaws.com", f"{OIDC}:sub": "system:serviceaccount:port:port-aws-pipeline"}},
    }]}
    ev = Evaluation(template("port-ocean-read-role.yaml"), TrustMode="IRSA", OidcProviderUrl=OIDC, TrustedPrincipalArn=TASK_ROLE,
                    ExternalId="port-ext-1", ServiceAccountNamespace="tools", ServiceAccountName="sync", OidcProviderAccountId="999999999999")
    role, web = ev.policy("ReadRole")["Statement"]
    assert role == {"Sid": "TrustPipelineRole", "Effect": "Allow", "Principal": {"AWS": TASK_ROLE}, "Action": "sts:AssumeRole",
                    "Condition": {"StringEquals": {"sts:ExternalId": "port-ext-1"}}}
    assert web["Principal"] == {"Federated": f"arn:aws:iam::999999999999:oidc-provider/{OIDC}"}
    assert web["Condition"]["StringEquals"][f"{OIDC}:sub"] == "system:serviceaccount:tools:sync"


def test_read_role_irsa_hub_trust_without_provider():
    ev = Evaluation(template("port-ocean-read-role.yaml"), TrustMode="IRSA", TrustedPrincipalArn=TASK_ROLE)
    assert [s["Sid"] for s in ev.policy("ReadRole")["Statement"]] == ["TrustPipelineRole"]
    # ECS ignores the OIDC parameters.
    ev = Evaluation(template("port-ocean-read-role.yaml"), TrustMode="ECS", TrustedPrincipalArn=TASK_ROLE, OidcProviderUrl=OIDC)
    assert [s["Sid"] for s in ev.policy("ReadRole")["Statement"]] == ["TrustPipelineRole"]


def test_read_role_rejects_an_issuer_with_scheme():
    with pytest.raises(AssertionError, match="does not match"):
        Evaluation(template("port-ocean-read-role.yaml"), TrustMode="IRSA", OidcProviderUrl=f"https://{OIDC}")


@pytest.mark.parametrize("name,logical_id,principal", [
    ("port-ocean-task-role.yaml", "TaskRole", {"Service": "ecs-tasks.amazonaws.com"}),
    ("port-ocean-instance-role.yaml", "InstanceRole", {"Service": "ec2.amazonaws.com"}),
    ("port-ocean-irsa-role.yaml", "IrsaRole", {"Federated": f"arn:aws:iam::{ACCOUNT}:oidc-provider/{OIDC}"}),
])
def test_pipeline_roles_may_only_assume_the_read_roles(name, logical_id, principal):
    org_role = "arn:aws:iam::111111111111:role/PortOrganizationsReadRole"
    base = {"OidcProviderUrl": OIDC} if "irsa" in name else {}
    ev = Evaluation(template(name), **base)
    (trust,) = ev.policy(logical_id)["Statement"]
    assert trust["Principal"] == principal
    assert ev.inline_policy(logical_id)["Statement"] == [
        {"Sid": "AssumeReadRoleInEveryAccount", "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::*:role/PortOceanReadRole"}]
    ev = Evaluation(template(name), OrganizationsRoleArn=org_role, **base)
    assert [(s["Action"], s["Resource"]) for s in ev.inline_policy(logical_id)["Statement"]] == [
        ("sts:AssumeRole", "arn:aws:iam::*:role/PortOceanReadRole"), ("sts:AssumeRole", org_role)]
    assert "ManagedPolicyArns" not in ev.template["Resources"][logical_id]["Properties"]


def test_task_role_trust_is_limited_to_this_account():
    ev = Evaluation(template("port-ocean-task-role.yaml"))
    (trust,) = ev.policy("TaskRole")["Statement"]
    assert trust["Condition"] == {"StringEquals": {"aws:SourceAccount": ACCOUNT}}


def test_irsa_role_trusts_the_service_account():
    ev = Evaluation(template("port-ocean-irsa-role.yaml"), OidcProviderUrl=OIDC)
    (trust,) = ev.policy("IrsaRole")["Statement"]
    assert trust["Action"] == "sts:AssumeRoleWithWebIdentity"
    assert trust["Condition"] == {"StringEquals": {f"{OIDC}:aud": "sts.amazonaws.com", f"{OIDC}:sub": "system:serviceaccount:port:port-aws-pipeline"}}


def test_instance_profile_wraps_the_instance_role():
    ev = Evaluation(template("port-ocean-instance-role.yaml"))
    profile = ev.template["Resources"]["InstanceProfile"]
    assert profile["Type"] == "AWS::IAM::InstanceProfile"
    assert ev.resolve(profile["Properties"]) == {"InstanceProfileName": "PortOceanInstanceRole", "Roles": ["<InstanceRole>"]}


# --- the StackSet ---------------------------------------------------------------------------------


def test_stackset_embeds_the_read_role_template_verbatim():
    assert embedded_template_body() == READ_ROLE.read_text(), (
        "TemplateBody in port-ocean-read-role-stackset.yaml must be a verbatim copy of port-ocean-read-role.yaml")


def test_stackset_is_service_managed_and_passes_every_parameter():
    stackset = load_template(STACKSET.read_text())
    props = stackset["Resources"]["ReadRoleStackSet"]["Properties"]
    assert props["PermissionModel"] == "SERVICE_MANAGED"
    assert props["AutoDeployment"] == {"Enabled": True, "RetainStacksOnAccountRemoval": False}
    assert props["Capabilities"] == ["CAPABILITY_NAMED_IAM"]
    (group,) = props["StackInstancesGroup"]
    assert group["DeploymentTargets"] == {"OrganizationalUnitIds": {"Ref": "TargetOuIds"}}
    assert group["Regions"] == [{"Ref": "DeploymentRegion"}]
    assert stackset["Parameters"]["TargetOuIds"]["Type"] == "CommaDelimitedList"
    prefs = props["OperationPreferences"]
    assert 0 < prefs["MaxConcurrentPercentage"] <= 100 and 0 <= prefs["FailureTolerancePercentage"] < 100
    # StackSets reject parameters left to an empty default: every one gets an explicit value.
    passed = [p["ParameterKey"] for p in props["Parameters"]]
    assert sorted(passed) == sorted(load_template(embedded_template_body())["Parameters"])
    assert len(passed) == len(set(passed))
    for p in props["Parameters"]:
        value = p["ParameterValue"]
        assert isinstance(value, str) or value == {"Ref": p["ParameterKey"]}, p


def test_stackset_members_trust_the_hub_role():
    """The values the StackSet passes satisfy the member template's rules and trust the hub role."""
    stackset = load_template(STACKSET.read_text())
    outer = Evaluation(stackset, TargetOuIds="r-ab12", TrustMode="IRSA", TrustedPrincipalArn=TASK_ROLE, ExternalId="port-ext-1")
    values = {p["ParameterKey"]: outer.resolve(p["ParameterValue"])
              for p in stackset["Resources"]["ReadRoleStackSet"]["Properties"]["Parameters"]}
    member = Evaluation(load_template(embedded_template_body()), **values)
    assert member.failed_rules() == []
    (statement,) = member.policy("ReadRole")["Statement"]
    assert statement["Principal"] == {"AWS": TASK_ROLE}
    assert statement["Condition"] == {"StringEquals": {"sts:ExternalId": "port-ext-1"}}
