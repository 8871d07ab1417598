"""Unpartitioned assets: discovery, blueprints, and the awsAccount entities."""

import dagster as dg

from port_aws_pipeline.assets.common import GROUP
from port_aws_pipeline.assets.common import RETRY_TRANSIENT
from port_aws_pipeline.assets.common import permanent_failures_fail_fast
from port_aws_pipeline.aws.calls import CallRecorder
from port_aws_pipeline.aws.discovery import discover_accounts
from port_aws_pipeline.models import DiscoveredOrganization
from port_aws_pipeline.partitions import PARTITIONS_NAME
from port_aws_pipeline.planner import plan_catalog
from port_aws_pipeline.port.blueprints import ensure_blueprints
from port_aws_pipeline.port.catalog import AccountsReport
from port_aws_pipeline.port.catalog import sync_accounts
from port_aws_pipeline.reader import ACCOUNT_TAGS_ACTION
from port_aws_pipeline.reader import account_actions
from port_aws_pipeline.resources import PipelineSettings
from port_aws_pipeline.resources import PortResource


@dg.asset(group_name=GROUP, kinds={"aws"}, retry_policy=RETRY_TRANSIENT)
def aws_accounts(context: dg.AssetExecutionContext, settings: PipelineSettings) -> dg.Output[DiscoveredOrganization]:
    """Accounts to sync (Organizations, target OUs, explicit list or the caller's own) and their regions."""
    recorder = CallRecorder()
    with permanent_failures_fail_fast():
        with_tags = ACCOUNT_TAGS_ACTION in account_actions(settings.mapping)
        discovered = discover_accounts(settings.app_config.aws, recorder, with_tags=with_tags)
    plan = plan_catalog(
        context.instance.get_dynamic_partitions(PARTITIONS_NAME), discovered, settings.app_config.safety
    )
    discovered.protected_regions, discovered.protected_accounts = plan.protected_regions, plan.protected_accounts
    discovered.blocked = plan.blocked
    for line in plan.blocked:
        context.log.warning(line)
    failing = [a for a in discovered.accounts if a.error]
    for account in failing:
        context.log.warning(account.error.line())
    untagged = [a.id for a in discovered.accounts if a.tags is None]
    if untagged:
        context.log.warning(
            f"Organizations tags could not be read for {len(untagged)} account(s) ({', '.join(untagged[:10])}); "
            "their Tags are null. Fix: allow organizations:ListTagsForResource to the role that reads Organizations "
            "(deploy/cloudformation/port-organizations-role.yaml grants it)."
        )
    return dg.Output(
        discovered,
        metadata={
            "source": discovered.source,
            "accounts": len(discovered.accounts),
            "accounts_unreachable": dg.MetadataValue.json({a.id: a.error.line() for a in failing}),
            "regions": dg.MetadataValue.json(discovered.regions),
            "api_calls": recorder.total,
            "api_calls_by_operation": dg.MetadataValue.json(dict(recorder.counts)),
            "accounts_table": dg.MetadataValue.md(_accounts_markdown(discovered)),
            "deletion_blocked": dg.MetadataValue.json(discovered.blocked),
        },
    )


def _accounts_markdown(discovered: DiscoveredOrganization) -> str:
    rows = ["| account | name | OU path | regions | status |", "|---|---|---|---|---|"]
    for a in discovered.accounts:
        status = f"error: {a.error.code}" if a.error else "ok"
        rows.append(f"| {a.id} | {a.name} | {a.ou_path} | {len(a.regions)} | {status} |")
    return "\n".join(rows)


@dg.asset(group_name=GROUP, kinds={"port"}, retry_policy=RETRY_TRANSIENT)
def port_blueprints(settings: PipelineSettings, port: PortResource) -> dg.MaterializeResult:
    """Blueprints created or extended to match the definitions, before any entity is written."""
    with permanent_failures_fail_fast():
        client = port.client()
        changes = ensure_blueprints(client, settings.blueprint_definitions)
    return dg.MaterializeResult(
        metadata={
            "blueprints": dg.MetadataValue.json({c.identifier: c.action for c in changes}),
            "port_calls": sum(client.calls.values()),
        }
    )


@dg.asset(group_name=GROUP, kinds={"port"}, deps=[port_blueprints], retry_policy=RETRY_TRANSIENT)
def port_accounts(
    context: dg.AssetExecutionContext,
    settings: PipelineSettings,
    port: PortResource,
    aws_accounts: DiscoveredOrganization,
) -> dg.Output[AccountsReport]:
    """awsAccount entities, written before anything relates to them; what the planner clears is removed."""
    client = port.client()
    registered = context.instance.get_dynamic_partitions(PARTITIONS_NAME)
    with permanent_failures_fail_fast():
        report = sync_accounts(
            client,
            settings.mapping,
            aws_accounts,
            settings.blueprint_definitions,
            settings.app_config.safety,
            registered,
        )
    for line in report.blocked:
        context.log.warning(line)
    for error in report.errors + report.accounts.errors + report.removed.errors:
        context.log.error(error)
    return dg.Output(
        report,
        metadata={
            "accounts_upserted": report.accounts.upserted,
            "accounts_unchanged": report.accounts.unchanged,
            "removed_accounts": dg.MetadataValue.json(report.plan.removed_accounts),
            "removed_regions": dg.MetadataValue.json(report.plan.removed_regions),
            "entities_deleted": report.deleted,
            "deletion_blocked": "\n".join(report.blocked),
            "errors": len(report.errors) + len(report.accounts.errors) + len(report.removed.errors),
            "port_calls": dg.MetadataValue.json(dict(client.calls)),
        },
    )
