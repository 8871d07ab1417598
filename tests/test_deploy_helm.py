"""deploy/helm: values for Dagster's official chart (dagster/dagster), checked by parsing the YAML.

The chart's keys are checked against the ones its values schema defines (helm/dagster/schema in
dagster-io/dagster), so a typo that Helm would silently ignore fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
HELM = ROOT / "deploy" / "helm"
VALUES = yaml.safe_load((HELM / "values.yaml").read_text())
EXTERNAL_SECRETS = list(yaml.safe_load_all((HELM / "external-secrets.yaml").read_text()))
PRODUCTION_INSTANCE = yaml.safe_load((ROOT / "deploy" / "dagster.yaml").read_text())
IRSA_TEMPLATE = (ROOT / "deploy" / "cloudformation" / "port-ocean-irsa-role.yaml").read_text()

#: Keys the chart defines for each of its pods (a user-code deployment, the webserver, the daemon).
POD_KEYS = {
    "image",
    "env",
    "envConfigMaps",
    "envSecrets",
    "labels",
    "annotations",
    "nodeSelector",
    "affinity",
    "tolerations",
    "podSecurityContext",
    "securityContext",
    "resources",
    "livenessProbe",
    "readinessProbe",
    "startupProbe",
    "schedulerName",
    "volumeMounts",
    "volumes",
}

#: Keys the dagster/dagster chart defines (DagsterHelmValues and its subschemas).
CHART_KEYS = {
    "": {
        "global",
        "rbacEnabled",
        "serviceAccount",
        "dagster-user-deployments",
        "dagsterWebserver",
        "ingress",
        "postgresql",
        "generatePostgresqlPasswordSecret",
        "generateCeleryConfigSecret",
        "runLauncher",
        "dagsterDaemon",
        "concurrency",
        "telemetry",
        "computeLogManager",
        "scheduler",
        "pythonLogs",
        "imagePullSecrets",
        "busybox",
        "migrate",
        "retention",
        "additionalInstanceConfig",
        "rabbitmq",
        "redis",
        "flower",
        "nameOverride",
        "fullnameOverride",
        "pipelineRun",
    },
    "global": {"postgresqlSecretName", "dagsterHome", "serviceAccountName", "celeryConfigSecretName"},
    "serviceAccount": {"create", "name", "annotations"},
    "dagster-user-deployments": {"enabled", "enableSubchart", "imagePullSecrets", "deployments", "serviceAccount"},
    "deployment": {*POD_KEYS, "name", "dagsterApiGrpcArgs", "codeServerArgs", "includeConfigInLaunchedRuns", "port"},
    "dagsterWebserver": {
        *POD_KEYS,
        "replicaCount",
        "nameOverride",
        "pathPrefix",
        "service",
        "workspace",
        "deploymentLabels",
        "enableReadOnly",
        "dbStatementTimeout",
        "dbPoolRecycle",
        "logLevel",
    },
    "ingress": {
        "enabled",
        "apiVersion",
        "ingressClassName",
        "labels",
        "annotations",
        "flower",
        "dagsterWebserver",
        "readOnlyDagsterWebserver",
    },
    "ingress.dagsterWebserver": {"host", "path", "pathType", "tls", "precedingPaths", "succeedingPaths"},
    "postgresql": {
        "image",
        "enabled",
        "postgresqlHost",
        "postgresqlUsername",
        "postgresqlPassword",
        "postgresqlDatabase",
        "postgresqlParams",
        "postgresqlScheme",
        "service",
    },
    "k8sRunLauncher": {
        "image",
        "imagePullPolicy",
        "jobNamespace",
        "loadInclusterConfig",
        "kubeconfigFile",
        "envConfigMaps",
        "envSecrets",
        "envVars",
        "volumeMounts",
        "volumes",
        "labels",
        "failPodOnRunFailure",
        "resources",
        "schedulerName",
        "securityContext",
        "runK8sConfig",
    },
    "runK8sConfig": {"containerConfig", "podSpecConfig", "podTemplateSpecMetadata", "jobSpecConfig", "jobMetadata"},
    "dagsterDaemon": {
        *POD_KEYS,
        "enabled",
        "runCoordinator",
        "heartbeatTolerance",
        "deploymentLabels",
        "runMonitoring",
        "runRetries",
        "sensors",
        "schedules",
    },
    "queuedRunCoordinator": {
        "maxConcurrentRuns",
        "tagConcurrencyLimits",
        "dequeueIntervalSeconds",
        "dequeueNumWorkers",
        "dequeueUseThreads",
        "blockOpConcurrencyLimitedRuns",
    },
    "concurrency": {"enabled", "pools", "runs"},
    "concurrency.pools": {"defaultLimit", "granularity", "opGranularityRunBuffer"},
    "concurrency.runs": {"maxConcurrentRuns", "tagConcurrencyLimits"},
}


def keys_ok(where: str, mapping: dict) -> None:
    unknown = set(mapping) - CHART_KEYS[where]
    assert not unknown, f"{where or 'top level'}: keys the dagster chart does not define: {sorted(unknown)}"


def the_deployment() -> dict:
    (deployment,) = VALUES["dagster-user-deployments"]["deployments"]
    return deployment


def test_only_keys_the_chart_defines():
    keys_ok("", VALUES)
    keys_ok("global", VALUES["global"])
    keys_ok("serviceAccount", VALUES["serviceAccount"])
    keys_ok("dagster-user-deployments", VALUES["dagster-user-deployments"])
    keys_ok("serviceAccount", VALUES["dagster-user-deployments"]["serviceAccount"])
    keys_ok("deployment", the_deployment())
    keys_ok("dagsterWebserver", VALUES["dagsterWebserver"])
    keys_ok("ingress", VALUES["ingress"])
    keys_ok("ingress.dagsterWebserver", VALUES["ingress"]["dagsterWebserver"])
    keys_ok("postgresql", VALUES["postgresql"])
    keys_ok("k8sRunLauncher", VALUES["runLauncher"]["config"]["k8sRunLauncher"])
    keys_ok("runK8sConfig", VALUES["runLauncher"]["config"]["k8sRunLauncher"]["runK8sConfig"])
    keys_ok("dagsterDaemon", VALUES["dagsterDaemon"])
    keys_ok("queuedRunCoordinator", VALUES["dagsterDaemon"]["runCoordinator"]["config"]["queuedRunCoordinator"])
    keys_ok("concurrency", VALUES["concurrency"])
    keys_ok("concurrency.pools", VALUES["concurrency"]["pools"])
    keys_ok("concurrency.runs", VALUES["concurrency"]["runs"])


def test_user_code_deployment_serves_our_definitions_with_our_image():
    user = VALUES["dagster-user-deployments"]
    assert user["enabled"] is True and user["enableSubchart"] is True
    deployment = the_deployment()
    assert deployment["dagsterApiGrpcArgs"] == ["-m", "port_aws_pipeline.definitions"]
    assert deployment["image"]["repository"].endswith("/port-aws-pipeline")
    assert deployment["image"]["tag"] not in ("", "latest")
    assert isinstance(deployment["port"], int)
    assert deployment["includeConfigInLaunchedRuns"] == {"enabled": True}  # run pods get the same env and config
    env = {e["name"]: e["value"] for e in deployment["env"]}
    mount = next(m for m in deployment["volumeMounts"] if env["PORT_AWS_CONFIG"].startswith(m["mountPath"] + "/"))
    (volume,) = [v for v in deployment["volumes"] if v["name"] == mount["name"]]
    assert volume["configMap"]["name"] == "port-aws" and mount["readOnly"] is True
    assert {"name": "port-credentials"} in deployment["envSecrets"]
    assert deployment["podSecurityContext"]["runAsNonRoot"] is True


def test_runs_are_kubernetes_jobs_queued_with_the_production_limits():
    assert VALUES["runLauncher"]["type"] == "K8sRunLauncher"
    launcher = VALUES["runLauncher"]["config"]["k8sRunLauncher"]
    assert launcher["loadInclusterConfig"] is True
    resources = launcher["runK8sConfig"]["containerConfig"]["resources"]
    assert resources["requests"]["memory"] and resources["limits"]["memory"]
    coordinator = VALUES["dagsterDaemon"]["runCoordinator"]
    assert VALUES["dagsterDaemon"]["enabled"] is True
    assert coordinator["enabled"] is True and coordinator["type"] == "QueuedRunCoordinator"
    # Dagster rejects run limits in both the run coordinator and `concurrency`; they live in `concurrency`.
    assert "maxConcurrentRuns" not in coordinator["config"]["queuedRunCoordinator"]
    assert "tagConcurrencyLimits" not in coordinator["config"]["queuedRunCoordinator"]
    concurrency = VALUES["concurrency"]
    assert concurrency["enabled"] is True
    production = PRODUCTION_INSTANCE["concurrency"]
    assert concurrency["runs"]["maxConcurrentRuns"] == production["runs"]["max_concurrent_runs"]
    assert concurrency["pools"]["defaultLimit"] == production["pools"]["default_limit"]
    assert "tagConcurrencyLimits" not in concurrency["runs"]  # runs are ranges of keys, not one account each
    assert "tag_concurrency_limits" not in production["runs"]
    assert VALUES["dagsterDaemon"]["runMonitoring"]["enabled"] is True


def test_postgresql_is_external_with_the_password_from_an_external_secret():
    pg = VALUES["postgresql"]
    assert pg["enabled"] is False and pg["postgresqlHost"]
    assert pg["postgresqlPassword"] == ""  # never in values
    assert pg["postgresqlParams"] == {"sslmode": "require"}
    assert VALUES["generatePostgresqlPasswordSecret"] is False
    secret_name = VALUES["global"]["postgresqlSecretName"]
    targets = {d["spec"]["target"]["name"]: d for d in EXTERNAL_SECRETS if d["kind"] == "ExternalSecret"}
    assert set(targets) == {secret_name, "port-credentials"}
    external, port = targets[secret_name], targets["port-credentials"]
    assert [d["secretKey"] for d in external["spec"]["data"]] == ["postgresql-password"]  # the key the chart reads
    assert sorted(d["secretKey"] for d in port["spec"]["data"]) == ["PORT_CLIENT_ID", "PORT_CLIENT_SECRET"]
    stores = {d["metadata"]["name"] for d in EXTERNAL_SECRETS if d["kind"] == "SecretStore"}
    assert all(d["spec"]["secretStoreRef"]["name"] in stores for d in EXTERNAL_SECRETS if d["kind"] == "ExternalSecret")


def irsa_default(parameter: str) -> str:
    match = re.search(rf"^  {parameter}:\n(?:    .*\n)*?    Default: (\S+)", IRSA_TEMPLATE, re.M)
    assert match, parameter
    return match.group(1)


def test_one_irsa_service_account_matching_the_iam_trust():
    account = VALUES["serviceAccount"]
    assert account["create"] is True
    role_arn = account["annotations"]["eks.amazonaws.com/role-arn"]
    assert re.fullmatch(r"arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]+", role_arn)
    assert VALUES["global"]["serviceAccountName"] == account["name"] == irsa_default("ServiceAccountName")
    # The subchart uses the same account (global.serviceAccountName) and does not create a second one.
    assert VALUES["dagster-user-deployments"]["serviceAccount"] == {"create": False, "name": account["name"]}
    namespaces = {d["metadata"]["namespace"] for d in EXTERNAL_SECRETS}
    assert namespaces == {irsa_default("ServiceAccountNamespace")}


def test_webserver_is_never_exposed_without_authentication():
    service = VALUES["dagsterWebserver"]["service"]
    assert service["type"] == "ClusterIP"
    ingress = VALUES["ingress"]
    # Enabled or not, the ingress sends every request through oauth2-proxy (ingress-nginx external auth).
    annotations = ingress["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/auth-url"].endswith("/oauth2/auth")
    assert "/oauth2/start" in annotations["nginx.ingress.kubernetes.io/auth-signin"]
    assert ingress["ingressClassName"] == "nginx"
    web = ingress["dagsterWebserver"]
    assert web["tls"]["enabled"] is True and web["tls"]["secretName"]
    # No extra path bypasses the webserver's auth: /oauth2 is served by oauth2-proxy's own ingress.
    assert web["precedingPaths"] == [] and web["succeedingPaths"] == []
    assert VALUES["dagsterWebserver"]["enableReadOnly"] is False
    assert "flower" not in VALUES or not VALUES["flower"].get("enabled")
