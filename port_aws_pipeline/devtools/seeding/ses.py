"""SES v2: domain email identities and configuration sets (custom tracking domain, TLS required, account-level
suppression reasons, VDM dashboards), tagged."""

from port_aws_pipeline.kinds.base import service_regions

NAME = "ses"
VDM = {"DashboardOptions": {"EngagementMetrics": "ENABLED"}, "GuardianOptions": {"OptimizedSharedDelivery": "ENABLED"}}


def seed(ctx) -> dict[str, int]:
    if ctx.region not in service_regions("sesv2", "aws"):
        return {"AWS::SES::EmailIdentity": 0, "AWS::SES::ConfigurationSet": 0}
    ses = ctx.session.client("sesv2")
    for i in range(ctx.count):
        configuration_set = f"{ctx.prefix}-config-{i}"
        ses.create_configuration_set(
            ConfigurationSetName=configuration_set,
            TrackingOptions={"CustomRedirectDomain": f"track.{ctx.prefix}-{i}.example.com"},
            DeliveryOptions={"TlsPolicy": "REQUIRE"},
            ReputationOptions={"ReputationMetricsEnabled": True},
            SendingOptions={"SendingEnabled": True},
            SuppressionOptions={"SuppressedReasons": ["BOUNCE", "COMPLAINT"]},
            VdmOptions=VDM,
            Tags=ctx.tags,
        )
        ses.create_email_identity(
            EmailIdentity=f"{ctx.prefix}-{i}.example.com", ConfigurationSetName=configuration_set, Tags=ctx.tags
        )
    return {"AWS::SES::EmailIdentity": ctx.count, "AWS::SES::ConfigurationSet": ctx.count}
