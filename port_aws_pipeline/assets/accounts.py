"""Unpartitioned assets: discovery, blueprints, and the awsAccount entities."""


import dagster as dg

from port_aws_pipeline.aws.calls import CallRecorder
from port_aws_pipeline.aws.discovery import discover_accounts
from port_aws_pipeline.models import DiscoveredOrganization
from port_aws_pipeline.partitions import REGIONS_PARTITION
from port_aws_pipeline.port.blueprints import ensure_blueprints
from port_aws_pipeline.port.catalog import AccountsReport, sync_accounts
from port_aws_pipeline.resources import PipelineSettings

GROUP = "aws_to_port"


@dg.asset(group_name=GROUP, kinds={"aws"}, retry_policy=dg.RetryPolicy(max_retries=2, delay=10, backoff=dg.Backoff.EXPONENTIAL))
def aws_accounts(context: dg.AssetExecutionContext, settings: PipelineSettings) -> dg.Output[DiscoveredOrganization]:
    """Accounts to sync (Organizations, target OUs, explicit list or the caller's own) and their regions."""
    recorder = CallRecorder()
    discovered = discover_accounts(settings.app_config.aws, recorder)
    failing = [a for a in discovered.accounts if a.error]
    for account in failing:
        context.log.warning(account.error.line())
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
        },
    )


def _accounts_markdown(discovered: DiscoveredOrganization) -> str:
    rows = ["| account | name | OU path | regions | status |", "|---|---|---|---|---|"]
    for a in discovered.accounts:
        status = f"error: {a.error.code}" if a.error else "ok"
        rows.append(f"| {a.id} | {a.name} | {a.ou_path} | {len(a.regions)} | {status} |")
    return "\n".join(rows)


@dg.asset(group_name=GROUP, kinds={"port"}, retry_policy=dg.RetryPolicy(max_retries=3, delay=5, backoff=dg.Backoff.EXPONENTIAL))
def port_blueprints(settings: PipelineSettings) -> dg.MaterializeResult:
    """Blueprints created or extended to match the definitions, before any entity is written."""
    client = settings.port_client()
    changes = ensure_blueprints(client, settings.blueprint_definitions)
    return dg.MaterializeResult(
        metadata={
            "blueprints": dg.MetadataValue.json({c.identifier: c.action for c in changes}),
            "port_calls": sum(client.calls.values()),
        }
    )


@dg.asset(group_name=GROUP, kinds={"port"}, deps=[port_blueprints], retry_policy=dg.RetryPolicy(max_retries=3, delay=5, backoff=dg.Backoff.EXPONENTIAL))
def port_accounts(context: dg.AssetExecutionContext, settings: PipelineSettings, aws_accounts: DiscoveredOrganization) -> dg.Output[AccountsReport]:
    """awsAccount entities, written before anything relates to them; accounts that left are cleaned up."""
    client = settings.port_client()
    config = settings.app_config
    departed_regions = aws_accounts.departed_regions(context.instance.get_dynamic_partitions(REGIONS_PARTITION))
    report = sync_accounts(client, settings.mapping, aws_accounts, settings.blueprint_definitions, config.safety, departed_regions)
    if report.blocked:
        context.log.warning(report.blocked)
    for error in report.errors + report.accounts.errors:
        context.log.error(error)
    return dg.Output(
        report,
        metadata={
            "accounts_upserted": report.accounts.upserted,
            "accounts_unchanged": report.accounts.unchanged,
            "departed_accounts": dg.MetadataValue.json(report.departed),
            "departed_regions": dg.MetadataValue.json(report.departed_regions),
            "departed_entities_deleted": report.departed_entities_deleted,
            "deletion_blocked": report.blocked or "",
            "errors": len(report.errors) + len(report.accounts.errors),
            "port_calls": dg.MetadataValue.json(dict(client.calls)),
        },
    )
