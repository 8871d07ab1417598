"""deploy/cloudformation: every template is cfn-lint clean; the IAM templates are read-only by construction.

The policy checker expands every `Fn::If` branch (and the JSON documents built with `Fn::Sub`), so a
write action hidden in any branch fails, whatever the parameters. A small evaluator then resolves the
templates for concrete parameters, to check what each trust mode actually trusts.

The read role grants every action the kinds registry and discovery call (`iam_policy.read_policy()`,
read from the registry at test time). `dagster-ecs.yaml`, the ECS deployment of Dagster itself, is the
one template with write actions: the run launcher's, each scoped and checked below.
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
ECS = CFN_DIR / "dagster-ecs.yaml"
#: Templates that deploy infrastructure rather than roles; they are checked by their own tests.
INFRASTRUCTURE = {ECS.name}
IAM_TEMPLATES = [p for p in TEMPLATES if p.name not in INFRASTRUCTURE]
#: `aws cloudformation deploy` sends a template inline only up to this size (else it needs --s3-bucket).
INLINE_TEMPLATE_LIMIT = 51_200

READ_ONLY_ACCESS = re.compile(r"^arn:[^:]+:iam::aws:policy/ReadOnlyAccess$")
ALLOWED_STS = {"sts:assumerole", "sts:assumerolewithwebidentity"}
READ_VERBS = ("list", "describe", "get", "batchget")
ORGANIZATIONS_READ = {
    "organizations:ListAccounts",
    "organizations:ListAccountsForParent",
    "organizations:ListOrganizationalUnitsForParent",
    "organizations:ListRoots",
    "organizations:ListParents",
    "organizations:DescribeOrganization",
    "organizations:DescribeAccount",
    "organizations:DescribeOrganizationalUnit",
    "organizations:ListChildren",
    "organizations:ListTagsForResource",
}
ACCOUNT = "123456789012"
TASK_ROLE = "arn:aws:iam::210987654321:role/PortOceanTaskRole"
OIDC = "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"


# --- loading: CloudFormation short-form tags ------------------------------------------------------


class CfnLoader(yaml.SafeLoader):
    """SafeLoader: `!Ref x` -> {"Ref": x}, `!GetAtt a.b` -> {"Fn::GetAtt": [a, b]}, `!X v` -> {"Fn::X": v}."""


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
            ((key, value),) = node.items()
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
            out.append({k: v for k, v in zip(keys, combination, strict=True) if v is not REMOVED})
        return out
    if isinstance(node, list):
        return [
            [v for v in combination if v is not REMOVED]
            for combination in itertools.product(*(variants(i) for i in node))
        ]
    return [node]


# --- the read-only checker ------------------------------------------------------------------------


def action_problem(action) -> str | None:
    """None for sts:AssumeRole(WithWebIdentity) and List*/Describe*/Get*/BatchGet* actions; else why not."""
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
                problems.append(
                    f"{logical_id}: a customer managed policy; ReadOnlyAccess is the only managed policy allowed"
                )
    problems += [
        f"managed policy {arn} attached; only ReadOnlyAccess is allowed"
        for arn in managed_policy_arns(template)
        if not READ_ONLY_ACCESS.match(arn)
    ]
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
                assert re.fullmatch(spec["AllowedPattern"], value), (
                    f"{name}={value!r} does not match {spec['AllowedPattern']}"
                )
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
            failed += [
                f"{name}: {a.get('AssertDescription')}" for a in rule["Assertions"] if not self.resolve(a["Assert"])
            ]
        return failed

    def resolve(self, node):
        if isinstance(node, dict):
            if len(node) == 1:
                ((key, value),) = node.items()
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
                    values = {**PSEUDO, **{k: str(v) for k, v in self.params.items() if not isinstance(v, list)}}
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
    from cfnlint.api import ManualArgs
    from cfnlint.api import lint_file

    matches = lint_file(path, config=ManualArgs(regions=["us-east-1"]))
    # Errors and warnings fail; informational notes do not.
    return [str(m) for m in matches if m.rule.severity.lower() in ("error", "warning")]


def test_templates_exist():
    assert {p.name for p in TEMPLATES} >= {
        "port-ocean-read-role.yaml",
        "port-ocean-read-role-stackset.yaml",
        "port-organizations-role.yaml",
        "port-ocean-task-role.yaml",
        "port-ocean-instance-role.yaml",
        "port-ocean-irsa-role.yaml",
        "dagster-ecs.yaml",
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
def test_templates_deploy_without_an_s3_bucket(path):
    assert len(path.read_bytes()) <= INLINE_TEMPLATE_LIMIT, f"{path.name} is over {INLINE_TEMPLATE_LIMIT} bytes"


@pytest.mark.parametrize("path", IAM_TEMPLATES, ids=lambda p: p.name)
def test_no_write_actions_anywhere(path):
    tpl = load_template(path.read_text())
    assert list(policy_documents(tpl)), f"{path.name}: no IAM policy found; is the template empty?"
    problems = template_problems(tpl)
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


def test_stackset_template_body_is_checked():
    wheres = [where for where, _ in policy_documents(load_template(STACKSET.read_text()))]
    assert wheres == [
        "ReadRoleStackSet.TemplateBody:ReadRole.AssumeRolePolicyDocument",
        "ReadRoleStackSet.TemplateBody:ReadRole.Policies.PortAwsPipelineRead",
    ]
    tpl = load_template(STACKSET.read_text())
    props = tpl["Resources"]["ReadRoleStackSet"]["Properties"]
    props["TemplateBody"] = props["TemplateBody"].replace('"Action": "sts:AssumeRole"}', '"Action": "iam:PassRole"}')
    assert template_problems(tpl) == [
        "ReadRoleStackSet.TemplateBody:ReadRole.AssumeRolePolicyDocument: write action 'iam:PassRole'"
    ]


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
    assert template_problems(tpl) == [
        "managed policy arn:aws:iam::aws:policy/AdministratorAccess attached; only ReadOnlyAccess is allowed"
    ]


def test_organizations_role_lists_exactly_the_read_actions():
    ev = Evaluation(template("port-organizations-role.yaml"), TrustedPrincipalArn=TASK_ROLE)
    (statement,) = ev.inline_policy("OrganizationsRole")["Statement"]
    assert statement["Effect"] == "Allow" and set(statement["Action"]) == ORGANIZATIONS_READ
    assert len(statement["Action"]) == len(ORGANIZATIONS_READ)
    (trust,) = ev.policy("OrganizationsRole")["Statement"]
    assert trust == {
        "Sid": "TrustPipelineRole",
        "Effect": "Allow",
        "Principal": {"AWS": TASK_ROLE},
        "Action": "sts:AssumeRole",
    }
    ev = Evaluation(template("port-organizations-role.yaml"), TrustedPrincipalArn=TASK_ROLE, ExternalId="port-ext-1")
    (trust,) = ev.policy("OrganizationsRole")["Statement"]
    assert trust["Condition"] == {"StringEquals": {"sts:ExternalId": "port-ext-1"}}


# --- what each template trusts and may assume -----------------------------------------------------


def test_read_role_ecs_and_ec2_trust_the_principal():
    for mode in ("ECS", "EC2"):
        ev = Evaluation(template("port-ocean-read-role.yaml"), TrustMode=mode, TrustedPrincipalArn=TASK_ROLE)
        assert ev.failed_rules() == []
        assert ev.policy("ReadRole") == {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "TrustPipelineRole",
                    "Effect": "Allow",
                    "Principal": {"AWS": TASK_ROLE},
                    "Action": "sts:AssumeRole",
                }
            ],
        }
    ev = Evaluation(
        template("port-ocean-read-role.yaml"), TrustMode="ECS", TrustedPrincipalArn=TASK_ROLE, ExternalId="port-ext-1"
    )
    (statement,) = ev.policy("ReadRole")["Statement"]
    assert statement["Condition"] == {"StringEquals": {"sts:ExternalId": "port-ext-1"}}
    assert ev.resolve(ev.template["Resources"]["ReadRole"]["Properties"]["ManagedPolicyArns"]) == [
        "arn:aws:iam::aws:policy/ReadOnlyAccess"
    ]


def test_read_role_rules_require_a_principal():
    tpl = template("port-ocean-read-role.yaml")
    assert Evaluation(tpl, TrustMode="ECS").failed_rules()
    assert Evaluation(tpl, TrustMode="EC2").failed_rules()
    assert Evaluation(tpl, TrustMode="IRSA").failed_rules()
    assert Evaluation(tpl, TrustMode="IRSA", OidcProviderUrl=OIDC).failed_rules() == []
    assert Evaluation(tpl, TrustMode="IRSA", TrustedPrincipalArn=TASK_ROLE).failed_rules() == []


def test_read_role_irsa_trusts_the_service_account():
    ev = Evaluation(template("port-ocean-read-role.yaml"), TrustMode="IRSA", OidcProviderUrl=OIDC)
    assert ev.policy("ReadRole") == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "TrustServiceAccount",
                "Effect": "Allow",
                "Principal": {"Federated": f"arn:aws:iam::{ACCOUNT}:oidc-provider/{OIDC}"},
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": {
                    "StringEquals": {
                        f"{OIDC}:aud": "sts.amazonaws.com",
                        f"{OIDC}:sub": "system:serviceaccount:port:port-aws-pipeline",
                    }
                },
            }
        ],
    }
    ev = Evaluation(
        template("port-ocean-read-role.yaml"),
        TrustMode="IRSA",
        OidcProviderUrl=OIDC,
        TrustedPrincipalArn=TASK_ROLE,
        ExternalId="port-ext-1",
        ServiceAccountNamespace="tools",
        ServiceAccountName="sync",
        OidcProviderAccountId="999999999999",
    )
    role, web = ev.policy("ReadRole")["Statement"]
    assert role == {
        "Sid": "TrustPipelineRole",
        "Effect": "Allow",
        "Principal": {"AWS": TASK_ROLE},
        "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"sts:ExternalId": "port-ext-1"}},
    }
    assert web["Principal"] == {"Federated": f"arn:aws:iam::999999999999:oidc-provider/{OIDC}"}
    assert web["Condition"]["StringEquals"][f"{OIDC}:sub"] == "system:serviceaccount:tools:sync"


def test_read_role_irsa_hub_trust_without_provider():
    ev = Evaluation(template("port-ocean-read-role.yaml"), TrustMode="IRSA", TrustedPrincipalArn=TASK_ROLE)
    assert [s["Sid"] for s in ev.policy("ReadRole")["Statement"]] == ["TrustPipelineRole"]
    # ECS ignores the OIDC parameters.
    ev = Evaluation(
        template("port-ocean-read-role.yaml"), TrustMode="ECS", TrustedPrincipalArn=TASK_ROLE, OidcProviderUrl=OIDC
    )
    assert [s["Sid"] for s in ev.policy("ReadRole")["Statement"]] == ["TrustPipelineRole"]


def test_read_role_rejects_an_issuer_with_scheme():
    with pytest.raises(AssertionError, match="does not match"):
        Evaluation(template("port-ocean-read-role.yaml"), TrustMode="IRSA", OidcProviderUrl=f"https://{OIDC}")


@pytest.mark.parametrize(
    "name,logical_id,principal",
    [
        ("port-ocean-task-role.yaml", "TaskRole", {"Service": "ecs-tasks.amazonaws.com"}),
        ("port-ocean-instance-role.yaml", "InstanceRole", {"Service": "ec2.amazonaws.com"}),
        ("port-ocean-irsa-role.yaml", "IrsaRole", {"Federated": f"arn:aws:iam::{ACCOUNT}:oidc-provider/{OIDC}"}),
    ],
)
def test_pipeline_roles_may_only_assume_the_read_roles(name, logical_id, principal):
    org_role = "arn:aws:iam::111111111111:role/PortOrganizationsReadRole"
    base = {"OidcProviderUrl": OIDC} if "irsa" in name else {}
    ev = Evaluation(template(name), **base)
    (trust,) = ev.policy(logical_id)["Statement"]
    assert trust["Principal"] == principal
    assert ev.inline_policy(logical_id)["Statement"] == [
        {
            "Sid": "AssumeReadRoleInEveryAccount",
            "Effect": "Allow",
            "Action": "sts:AssumeRole",
            "Resource": "arn:aws:iam::*:role/PortOceanReadRole",
        }
    ]
    ev = Evaluation(template(name), OrganizationsRoleArn=org_role, **base)
    assert [(s["Action"], s["Resource"]) for s in ev.inline_policy(logical_id)["Statement"]] == [
        ("sts:AssumeRole", "arn:aws:iam::*:role/PortOceanReadRole"),
        ("sts:AssumeRole", org_role),
    ]
    assert "ManagedPolicyArns" not in ev.template["Resources"][logical_id]["Properties"]


def test_task_role_trust_is_limited_to_this_account():
    ev = Evaluation(template("port-ocean-task-role.yaml"))
    (trust,) = ev.policy("TaskRole")["Statement"]
    assert trust["Condition"] == {"StringEquals": {"aws:SourceAccount": ACCOUNT}}


def test_irsa_role_trusts_the_service_account():
    ev = Evaluation(template("port-ocean-irsa-role.yaml"), OidcProviderUrl=OIDC)
    (trust,) = ev.policy("IrsaRole")["Statement"]
    assert trust["Action"] == "sts:AssumeRoleWithWebIdentity"
    assert trust["Condition"] == {
        "StringEquals": {
            f"{OIDC}:aud": "sts.amazonaws.com",
            f"{OIDC}:sub": "system:serviceaccount:port:port-aws-pipeline",
        }
    }


def test_instance_profile_wraps_the_instance_role():
    ev = Evaluation(template("port-ocean-instance-role.yaml"))
    profile = ev.template["Resources"]["InstanceProfile"]
    assert profile["Type"] == "AWS::IAM::InstanceProfile"
    assert ev.resolve(profile["Properties"]) == {
        "InstanceProfileName": "PortOceanInstanceRole",
        "Roles": ["<InstanceRole>"],
    }


# --- the StackSet ---------------------------------------------------------------------------------


def test_stackset_embeds_the_read_role_template_verbatim():
    assert embedded_template_body() == READ_ROLE.read_text(), (
        "TemplateBody in port-ocean-read-role-stackset.yaml must be a verbatim copy of port-ocean-read-role.yaml"
    )


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
    outer = Evaluation(
        stackset, TargetOuIds="r-ab12", TrustMode="IRSA", TrustedPrincipalArn=TASK_ROLE, ExternalId="port-ext-1"
    )
    values = {
        p["ParameterKey"]: outer.resolve(p["ParameterValue"])
        for p in stackset["Resources"]["ReadRoleStackSet"]["Properties"]["Parameters"]
    }
    member = Evaluation(load_template(embedded_template_body()), **values)
    assert member.failed_rules() == []
    (statement,) = member.policy("ReadRole")["Statement"]
    assert statement["Principal"] == {"AWS": TASK_ROLE}
    assert statement["Condition"] == {"StringEquals": {"sts:ExternalId": "port-ext-1"}}


# --- the read role grants every kind's actions ----------------------------------------------------

REGENERATE = "run `python -m port_aws_pipeline.iam_policy --update-templates`"


def read_role_actions(tpl: dict) -> list[str]:
    ev = Evaluation(tpl, TrustMode="ECS", TrustedPrincipalArn=TASK_ROLE)
    (statement,) = ev.inline_policy("ReadRole")["Statement"]
    assert statement["Effect"] == "Allow" and statement["Resource"] == "*" and "Condition" not in statement
    return statement["Action"]


def test_read_policy_covers_every_registered_kind_and_discovery():
    from port_aws_pipeline.iam_policy import DISCOVERY_ACTIONS
    from port_aws_pipeline.iam_policy import read_actions
    from port_aws_pipeline.iam_policy import read_policy
    from port_aws_pipeline.kinds import registered_kinds

    actions = {a.lower() for a in read_actions()}
    kinds = registered_kinds()
    assert kinds, "the registry found no kinds"
    for name, kind in kinds.items():
        needed = set(kind.iam_actions).union(*kind.optional_actions.values())
        assert {a.lower() for a in needed} <= actions, name
    assert {a.lower() for a in DISCOVERY_ACTIONS} <= actions
    (statement,) = read_policy()["Statement"]
    assert statement["Action"] == read_actions() and statement["Resource"] == "*"
    assert len(actions) == len(read_actions())  # each action once, whatever its case


def test_read_policy_is_read_only():
    from port_aws_pipeline.iam_policy import read_policy

    assert policy_problems(read_policy(), "read_policy()") == []


def test_read_role_grants_every_action_of_read_policy():
    """The shipped role grants every action of every registered kind (the registry is read now)."""
    from port_aws_pipeline.iam_policy import read_actions

    for tpl in (template(READ_ROLE.name), load_template(embedded_template_body())):
        granted = {a.lower() for a in read_role_actions(tpl)}
        missing = [a for a in read_actions() if a.lower() not in granted]
        assert not missing, f"the read role does not grant {missing}; {REGENERATE}"


def test_read_role_action_list_is_generated_and_current():
    from port_aws_pipeline.iam_policy import render_read_role
    from port_aws_pipeline.iam_policy import render_stackset

    text = READ_ROLE.read_text()
    assert render_read_role(text) == text, f"stale action list in {READ_ROLE.name}; {REGENERATE}"
    assert render_stackset(STACKSET.read_text(), text) == STACKSET.read_text(), REGENERATE


def test_read_role_inline_policy_fits_iam_limits():
    from port_aws_pipeline.iam_policy import INLINE_POLICY_LIMIT
    from port_aws_pipeline.iam_policy import policy_size

    ev = Evaluation(template(READ_ROLE.name), TrustMode="ECS", TrustedPrincipalArn=TASK_ROLE)
    assert policy_size(ev.inline_policy("ReadRole")) < INLINE_POLICY_LIMIT


def test_update_templates_rewrites_a_stale_list(tmp_path):
    from port_aws_pipeline.iam_policy import read_actions
    from port_aws_pipeline.iam_policy import render_stackset
    from port_aws_pipeline.iam_policy import update_templates

    role, stackset = tmp_path / READ_ROLE.name, tmp_path / STACKSET.name
    stale = READ_ROLE.read_text().replace(f"- {read_actions()[-1]}\n", "- s3:ListAllMyBuckets\n")
    assert stale != READ_ROLE.read_text()
    role.write_text(stale)
    tweaked = STACKSET.read_text().replace("Name of the StackSet.", "Name of the StackSet. ")
    stackset.write_text(render_stackset(tweaked, stale))
    assert update_templates(role, stackset) == [role, stackset]
    assert role.read_text() == READ_ROLE.read_text()
    assert "Name of the StackSet. " in stackset.read_text()  # only the body is rewritten
    assert stackset.read_text().replace("Name of the StackSet. ", "Name of the StackSet.") == STACKSET.read_text()
    assert update_templates(role, stackset) == []


def test_iam_policy_command_output(capsys):
    from port_aws_pipeline.iam_policy import main
    from port_aws_pipeline.iam_policy import read_actions
    from port_aws_pipeline.iam_policy import read_policy

    assert main([]) == 0
    assert json.loads(capsys.readouterr().out) == read_policy()
    assert main(["--cloudformation"]) == 0
    assert capsys.readouterr().out.splitlines() == [f"- {a}" for a in read_actions()]


# --- dagster-ecs.yaml: the ECS deployment -----------------------------------------------------------

ECS_PARAMS = {
    "VpcId": "vpc-0123456789abcdef0",
    "PrivateSubnetIds": "subnet-0aaaaaaaaaaaaaaaa,subnet-0bbbbbbbbbbbbbbbb",
    "PublicSubnetIds": "subnet-0cccccccccccccccc,subnet-0dddddddddddddddd",
    "CertificateArn": f"arn:aws:acm:us-east-1:{ACCOUNT}:certificate/0a1b2c3d-1111-2222-3333-444455556666",
    "ImageUri": f"{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/port-aws-pipeline:1.0.0",
    "PortCredentialsSecretArn": f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:port-aws-pipeline/port-AbCdEf",
}
OIDC_PARAMS = {
    "OidcIssuer": "https://example.okta.com/oauth2/default",
    "OidcAuthorizationEndpoint": "https://example.okta.com/oauth2/default/v1/authorize",
    "OidcTokenEndpoint": "https://example.okta.com/oauth2/default/v1/token",
    "OidcUserInfoEndpoint": "https://example.okta.com/oauth2/default/v1/userinfo",
    "OidcClientId": "0oa1example",
    "OidcClientSecretId": "port-aws-pipeline/oidc-client-secret",
}
COGNITO_PARAMS = {
    "AuthMode": "COGNITO",
    "CognitoUserPoolArn": f"arn:aws:cognito-idp:us-east-1:{ACCOUNT}:userpool/us-east-1_Example",
    "CognitoUserPoolClientId": "1example23456789",
    "CognitoUserPoolDomain": "port-aws-pipeline",
}
LISTENER_TYPES = ("AWS::ElasticLoadBalancingV2::Listener", "AWS::ElasticLoadBalancingV2::ListenerRule")


def ecs(**overrides) -> Evaluation:
    return Evaluation(template(ECS.name), **{**ECS_PARAMS, **OIDC_PARAMS, **overrides})


def ecs_resources(kind: str) -> dict[str, dict]:
    return {k: r for k, r in template(ECS.name)["Resources"].items() if r["Type"] == kind}


def listener_problems(tpl: dict) -> list[str]:
    """Every variant of every listener and listener rule: authenticate-* before any forward, or only redirects."""
    problems = []
    for logical_id, resource in tpl["Resources"].items():
        if resource["Type"] not in LISTENER_TYPES:
            continue
        props = resource["Properties"]
        for actions in variants(props.get("DefaultActions", props.get("Actions"))):
            ordered = sorted(enumerate(actions), key=lambda pair: (pair[1].get("Order", 50_000), pair[0]))
            kinds = [action["Type"] for _, action in ordered]
            if kinds and all(k == "redirect" for k in kinds):
                if any(a["RedirectConfig"].get("Protocol") != "HTTPS" for a in actions):
                    problems.append(f"{logical_id}: redirects somewhere else than HTTPS")
                continue
            if not kinds or not kinds[0].startswith("authenticate-"):
                problems.append(f"{logical_id}: {kinds} does not start with an authenticate-* action")
            for position, action in enumerate(a for _, a in ordered):
                forwards = action["Type"] == "forward" or "TargetGroupArn" in action or "ForwardConfig" in action
                if forwards and not any(k.startswith("authenticate-") for k in kinds[:position]):
                    problems.append(f"{logical_id}: forwards without an authenticate-* action first: {kinds}")
                if action["Type"] not in ("forward", "redirect") and not action["Type"].startswith("authenticate-"):
                    problems.append(f"{logical_id}: unexpected action {action['Type']}")
    return sorted(set(problems))


def test_ecs_no_listener_forwards_without_authentication():
    tpl = template(ECS.name)
    assert listener_problems(tpl) == []
    listeners = {k: r["Properties"] for k, r in tpl["Resources"].items() if r["Type"] in LISTENER_TYPES}
    assert set(listeners) == {"HttpListener", "HttpsListener"}  # no listener rules
    assert listeners["HttpsListener"]["Protocol"] == "HTTPS"
    assert listeners["HttpListener"]["Protocol"] == "HTTP"
    (redirect,) = listeners["HttpListener"]["DefaultActions"]
    assert redirect["Type"] == "redirect" and redirect["RedirectConfig"]["StatusCode"] == "HTTP_301"


def test_ecs_listener_checker_rejects_an_unauthenticated_forward():
    forward = {"Type": "forward", "TargetGroupArn": {"Ref": "WebserverTargetGroup"}}
    auth = {"Type": "authenticate-oidc", "Order": 1, "AuthenticateOidcConfig": {}}
    for actions in (
        [forward],
        [{**auth, "Order": 2}, {**forward, "Order": 1}],
        [{"Fn::If": ["UseCognito", auth, forward]}, {**forward, "Order": 2}],
        [{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "200"}}],
    ):
        tpl = template(ECS.name)
        tpl["Resources"]["HttpsListener"]["Properties"]["DefaultActions"] = actions
        assert listener_problems(tpl), actions
    tpl = template(ECS.name)
    tpl["Resources"]["Rule"] = {"Type": LISTENER_TYPES[1], "Properties": {"Actions": [forward]}}
    assert listener_problems(tpl) == [
        "Rule: ['forward'] does not start with an authenticate-* action",
        "Rule: forwards without an authenticate-* action first: ['forward']",
    ]


def test_ecs_oidc_mode_authenticates_with_the_secret_from_secrets_manager():
    ev = ecs()
    assert ev.failed_rules() == []
    auth, forward = ev.resolve(ev.template["Resources"]["HttpsListener"]["Properties"]["DefaultActions"])
    assert auth["Type"] == "authenticate-oidc" and auth["Order"] < forward["Order"]
    config = auth["AuthenticateOidcConfig"]
    assert config["ClientSecret"] == "{{resolve:secretsmanager:port-aws-pipeline/oidc-client-secret}}"
    assert config["OnUnauthenticatedRequest"] == "authenticate"
    assert {config[k] for k in ("Issuer", "ClientId")} == {OIDC_PARAMS["OidcIssuer"], OIDC_PARAMS["OidcClientId"]}
    assert forward == {"Type": "forward", "Order": 2, "TargetGroupArn": "<WebserverTargetGroup>"}
    # Secrets are never parameter values, only references to Secrets Manager.
    secretish = [name for name in template(ECS.name)["Parameters"] if re.search("secret|password", name, re.I)]
    assert secretish and all(name.endswith(("SecretId", "SecretArn")) for name in secretish), secretish


def test_ecs_cognito_mode_authenticates_with_the_user_pool():
    ev = ecs(**COGNITO_PARAMS)
    assert ev.failed_rules() == []
    auth, forward = ev.resolve(ev.template["Resources"]["HttpsListener"]["Properties"]["DefaultActions"])
    assert auth["Type"] == "authenticate-cognito" and auth["Order"] < forward["Order"] and forward["Type"] == "forward"
    assert auth["AuthenticateCognitoConfig"]["UserPoolArn"] == COGNITO_PARAMS["CognitoUserPoolArn"]
    assert auth["AuthenticateCognitoConfig"]["OnUnauthenticatedRequest"] == "authenticate"


def test_ecs_rules_require_the_chosen_auth_settings():
    assert Evaluation(template(ECS.name), **ECS_PARAMS).failed_rules()  # OIDC without its settings
    assert ecs(OidcClientSecretId="").failed_rules()
    assert ecs(AuthMode="COGNITO").failed_rules()  # Cognito without its settings
    assert Evaluation(template(ECS.name), **ECS_PARAMS, **COGNITO_PARAMS).failed_rules() == []


def test_ecs_database_is_encrypted_private_and_its_password_managed():
    props = ecs_resources("AWS::RDS::DBInstance")["Database"]["Properties"]
    assert props["StorageEncrypted"] is True
    assert props["PubliclyAccessible"] is False
    assert props["ManageMasterUserPassword"] is True and "MasterUserPassword" not in props
    assert props["VPCSecurityGroups"] == [{"Fn::GetAtt": ["DatabaseSecurityGroup", "GroupId"]}]
    subnets = ecs_resources("AWS::RDS::DBSubnetGroup")["DatabaseSubnetGroup"]["Properties"]["SubnetIds"]
    assert subnets == {"Ref": "PrivateSubnetIds"}
    assert template(ECS.name)["Resources"]["Database"]["DeletionPolicy"] == "Snapshot"


def test_ecs_security_groups_allow_only_alb_to_webserver_and_tasks_to_database():
    groups = ecs_resources("AWS::EC2::SecurityGroup")
    ingress = {name: g["Properties"].get("SecurityGroupIngress", []) for name, g in groups.items()}
    assert ecs_resources("AWS::EC2::SecurityGroupIngress") == {}  # every inbound rule is inline, so listed here
    assert {(r["FromPort"], r["CidrIp"]["Ref"]) for r in ingress["AlbSecurityGroup"]} == {
        (443, "AllowedIngressCidr"),
        (80, "AllowedIngressCidr"),
    }
    assert [(r["FromPort"], r["SourceSecurityGroupId"]) for r in ingress["WebserverSecurityGroup"]] == [
        (3000, {"Fn::GetAtt": ["AlbSecurityGroup", "GroupId"]})
    ]
    assert ingress["TaskSecurityGroup"] == []
    database = sorted(
        (r["FromPort"], r["ToPort"], r["SourceSecurityGroupId"]["Fn::GetAtt"][0])
        for r in ingress["DatabaseSecurityGroup"]
    )
    assert database == [(5432, 5432, "TaskSecurityGroup"), (5432, 5432, "WebserverSecurityGroup")]
    # Egress to the webserver and the database only from the groups that need it.
    egress = {
        (
            e["Properties"]["GroupId"]["Fn::GetAtt"][0],
            e["Properties"]["FromPort"],
            e["Properties"]["DestinationSecurityGroupId"]["Fn::GetAtt"][0],
        )
        for e in ecs_resources("AWS::EC2::SecurityGroupEgress").values()
    }
    assert egress == {
        ("AlbSecurityGroup", 3000, "WebserverSecurityGroup"),
        ("WebserverSecurityGroup", 5432, "DatabaseSecurityGroup"),
        ("TaskSecurityGroup", 5432, "DatabaseSecurityGroup"),
    }
    (db_egress,) = groups["DatabaseSecurityGroup"]["Properties"]["SecurityGroupEgress"]
    assert db_egress["CidrIp"] == "255.255.255.255/32"  # replaces the default allow-all egress
    services = ecs_resources("AWS::ECS::Service")
    for name, group in (("WebserverService", "WebserverSecurityGroup"), ("DaemonService", "TaskSecurityGroup")):
        vpc = services[name]["Properties"]["NetworkConfiguration"]["AwsvpcConfiguration"]
        assert vpc["SecurityGroups"] == [{"Fn::GetAtt": [group, "GroupId"]}]
        assert vpc["AssignPublicIp"] == "DISABLED" and vpc["Subnets"] == {"Ref": "PrivateSubnetIds"}


def task_role_statements(ev: Evaluation) -> list[dict]:
    """Every statement the task role gets: its inline policies and the RolePolicy resources naming it."""
    resources = ev.template["Resources"]
    policies = ev.resolve(resources["TaskRole"]["Properties"]["Policies"])
    statements = [s for p in policies for s in p["PolicyDocument"]["Statement"]]
    for resource in resources.values():
        if resource["Type"] in ("AWS::IAM::RolePolicy", "AWS::IAM::Policy"):
            props = resource["Properties"]
            if props.get("RoleName") == {"Ref": "TaskRole"} or {"Ref": "TaskRole"} in props.get("Roles", []):
                statements += ev.resolve(props["PolicyDocument"])["Statement"]
    return statements


def as_list(value) -> list:
    return value if isinstance(value, list) else [value]


#: What the EcsRunLauncher calls with this stack's instance config (dagster_aws/ecs/launcher.py, tasks.py, utils.py).
RUN_LAUNCHER_ACTIONS = {
    "ecs:RunTask",
    "ecs:DescribeTasks",
    "ecs:StopTask",
    "ecs:DescribeTaskDefinition",
    "ecs:RegisterTaskDefinition",
    "ecs:ListAccountSettings",
    "ecs:TagResource",
    "iam:PassRole",
    "ec2:DescribeNetworkInterfaces",
    "logs:GetLogEvents",
}


def test_ecs_task_role_has_the_run_launcher_permissions():
    statements = task_role_statements(ecs())
    granted = {a for s in statements for a in as_list(s["Action"])}
    assert RUN_LAUNCHER_ACTIONS <= granted
    for statement in statements:
        assert statement["Effect"] == "Allow"
        for action in as_list(statement["Action"]):
            assert "*" not in action, action
    (pass_role,) = [s for s in statements if "iam:PassRole" in as_list(s["Action"])]
    assert pass_role["Resource"] != "*" and "*" not in json.dumps(pass_role["Resource"])
    assert sorted(pass_role["Resource"]) == ["<ExecutionRole.Arn>", "<TaskRole.Arn>"]
    assert pass_role["Condition"] == {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}
    # Writes are scoped to this stack's cluster, task definitions and bucket; only RegisterTaskDefinition
    # (no resource-level permissions in ECS) is on "*".
    for statement in statements:
        writes = [a for a in as_list(statement["Action"]) if action_problem(a) and a != "sts:AssumeRole"]
        if writes and statement["Resource"] == "*":
            assert writes == ["ecs:RegisterTaskDefinition"], statement
    (run_task,) = [s for s in statements if "ecs:RunTask" in as_list(s["Action"])]
    assert run_task["Resource"] == f"arn:aws:ecs:us-east-1:{ACCOUNT}:task-definition/run_*"
    assert run_task["Condition"] == {"ArnEquals": {"ecs:cluster": "<Cluster.Arn>"}}
    (tag,) = [s for s in statements if "ecs:TagResource" in as_list(s["Action"])]
    assert tag["Condition"] == {"StringEquals": {"ecs:CreateAction": "RunTask"}}
    for action in ("ecs:DescribeTasks", "ecs:StopTask"):
        (s,) = [s for s in statements if action in as_list(s["Action"])]
        assert s["Resource"] == f"arn:aws:ecs:us-east-1:{ACCOUNT}:task/<Cluster>/*"


def test_ecs_task_role_grants_what_the_installed_dagster_aws_launcher_calls():
    """Every boto3 call in dagster_aws.ecs's launcher path maps to an action the task role has."""
    import dagster_aws.ecs

    package = Path(dagster_aws.ecs.__file__).parent
    source = "".join((package / f).read_text() for f in ("launcher.py", "tasks.py", "utils.py"))
    calls = {("ecs", m) for m in re.findall(r"\becs\.([a-z_]+)\(", source)}
    calls |= {("logs", m) for m in re.findall(r"\blogs_client\.([a-z_]+)\(", source)}
    if "ec2.NetworkInterface(" in source:
        calls.add(("ec2", "describe_network_interfaces"))  # the resource's lazy load
    assert ("ecs", "run_task") in calls and ("ecs", "register_task_definition") in calls
    needed = {f"{service}:{''.join(p.title() for p in method.split('_'))}" for service, method in calls}
    granted = {a for s in task_role_statements(ecs()) for a in as_list(s["Action"])}
    assert needed <= granted, needed - granted


def test_ecs_task_role_assumes_only_the_read_roles():
    org_role = "arn:aws:iam::111111111111:role/PortOrganizationsReadRole"
    for extra, expected in (({}, []), ({"OrganizationsRoleArn": org_role}, [org_role])):
        assumes = [s for s in task_role_statements(ecs(**extra)) if "sts:AssumeRole" in as_list(s["Action"])]
        assert [s["Resource"] for s in assumes] == ["arn:aws:iam::*:role/PortOceanReadRole", *expected]
    ev = ecs()
    (trust,) = ev.policy("TaskRole")["Statement"]
    assert trust["Principal"] == {"Service": "ecs-tasks.amazonaws.com"}
    assert trust["Condition"] == {"StringEquals": {"aws:SourceAccount": ACCOUNT}}
    assert ev.resolve(ev.template["Resources"]["TaskRole"]["Properties"]["RoleName"]) == "PortOceanTaskRole"
    assert "ManagedPolicyArns" not in ev.template["Resources"]["TaskRole"]["Properties"]
    assert managed_policy_arns(ev.template) == []


def test_ecs_execution_role_reads_only_the_two_secrets():
    ev = ecs()
    statements = ev.inline_policy("ExecutionRole")["Statement"]
    (secrets,) = [s for s in statements if any(a.startswith("secretsmanager:") for a in as_list(s["Action"]))]
    assert secrets["Action"] == "secretsmanager:GetSecretValue"
    assert secrets["Resource"] == [ECS_PARAMS["PortCredentialsSecretArn"], "<Database.MasterUserSecret.SecretArn>"]
    logs = [s for s in statements if "logs:PutLogEvents" in as_list(s["Action"])]
    assert [s["Resource"] for s in logs] == ["<LogGroup.Arn>"]


def container(ev: Evaluation, task_definition: str) -> dict:
    (definition,) = ev.resolve(ev.template["Resources"][task_definition]["Properties"]["ContainerDefinitions"])
    return definition


def instance_yaml(ev: Evaluation, task_definition: str) -> str:
    env = container(ev, task_definition)["Environment"]
    (value,) = [e["Value"] for e in env if e["Name"] == "DAGSTER_INSTANCE_YAML"]
    return value


def test_ecs_tasks_get_credentials_only_as_secrets():
    ev = ecs()
    for task_definition in ("WebserverTaskDefinition", "DaemonTaskDefinition"):
        c = container(ev, task_definition)
        secrets = {s["Name"]: s["ValueFrom"] for s in c["Secrets"]}
        assert secrets == {
            "DAGSTER_PG_USER": "<Database.MasterUserSecret.SecretArn>:username::",
            "DAGSTER_PG_PASSWORD": "<Database.MasterUserSecret.SecretArn>:password::",
            "PORT_CLIENT_ID": f"{ECS_PARAMS['PortCredentialsSecretArn']}:client_id::",
            "PORT_CLIENT_SECRET": f"{ECS_PARAMS['PortCredentialsSecretArn']}:client_secret::",
        }
        env = {e["Name"]: e["Value"] for e in c["Environment"]}
        assert not [n for n in env if re.search("PASSWORD|SECRET|CLIENT_ID|TOKEN", n)]
        assert env["DAGSTER_CURRENT_IMAGE"] == c["Image"] == ECS_PARAMS["ImageUri"]
        assert env["PORT_AWS_S3_BUCKET"] == "<IntermediatesBucket>"
        assert env["DAGSTER_PG_HOST"] == "<Database.Endpoint.Address>"
        assert c["LogConfiguration"]["Options"]["awslogs-group"] == "<LogGroup>"
        command = c["Command"][-1]
        prologue = 'printf \'%s\\n\' "$DAGSTER_INSTANCE_YAML" > "$DAGSTER_HOME/dagster.yaml" && exec dagster-'
        assert command.startswith(prologue)
        props = ev.template["Resources"][task_definition]["Properties"]
        assert ev.resolve(props["TaskRoleArn"]) == "<TaskRole.Arn>"
        assert ev.resolve(props["ExecutionRoleArn"]) == "<ExecutionRole.Arn>"
    assert instance_yaml(ev, "WebserverTaskDefinition") == instance_yaml(ev, "DaemonTaskDefinition")
    web = container(ev, "WebserverTaskDefinition")
    assert web["PortMappings"] == [{"ContainerPort": 3000, "Protocol": "tcp"}]
    target_group = ecs_resources("AWS::ElasticLoadBalancingV2::TargetGroup")["WebserverTargetGroup"]
    assert target_group["Properties"]["Port"] == 3000
    daemon = ecs_resources("AWS::ECS::Service")["DaemonService"]["Properties"]["DeploymentConfiguration"]
    assert daemon["MaximumPercent"] == 100 and daemon["MinimumHealthyPercent"] == 0  # never two daemons


def test_ecs_instance_config_is_valid_and_sizes_run_tasks(tmp_path, monkeypatch):
    from dagster._config import process_config
    from dagster._core.instance.config import dagster_instance_config  # noqa: TID251 - as test_postgres_instance
    from dagster_aws.ecs import EcsRunLauncher
    from dagster_aws.s3.compute_log_manager import S3ComputeLogManager

    ev = ecs(RunTaskCpu="2048", RunTaskMemory="8192", MaxConcurrentRuns="25", PoolDefaultLimit="6")
    (tmp_path / "dagster.yaml").write_text(instance_yaml(ev, "DaemonTaskDefinition"))
    config, _ = dagster_instance_config(str(tmp_path))
    launcher = config["run_launcher"]
    assert (launcher["module"], launcher["class"]) == ("dagster_aws.ecs", "EcsRunLauncher")
    assert launcher["config"]["run_resources"] == {"cpu": "2048", "memory": "8192"}
    assert launcher["config"]["use_current_ecs_task_config"] is True
    # No secrets_tag: the launcher then never calls secretsmanager:ListSecrets, and run tasks keep the
    # daemon container's secrets instead of having them replaced by tagged ones.
    assert launcher["config"]["secrets_tag"] is None and "secrets" not in launcher["config"]
    assert config["run_coordinator"]["class"] == "QueuedRunCoordinator"
    assert config["concurrency"]["runs"]["max_concurrent_runs"] == 25
    assert config["concurrency"]["pools"]["default_limit"] == 6
    assert config["storage"]["postgres"]["postgres_db"]["params"] == {"sslmode": "require"}
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    for cls, section in ((EcsRunLauncher, "run_launcher"), (S3ComputeLogManager, "compute_logs")):
        result = process_config(cls.config_type(), config[section]["config"])
        assert result.success, result.errors
    EcsRunLauncher(**process_config(EcsRunLauncher.config_type(), launcher["config"]).value)
