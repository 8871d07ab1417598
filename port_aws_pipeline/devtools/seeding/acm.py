"""ACM certificates requested with DNS validation (moto leaves them PENDING_VALIDATION), tagged."""

NAME = "acm"


def seed(ctx) -> dict[str, int]:
    acm = ctx.session.client("acm")
    for i in range(ctx.count):
        domain = f"{ctx.prefix}-{i}.example.com"
        acm.request_certificate(
            DomainName=domain, SubjectAlternativeNames=[domain, f"www.{domain}"], ValidationMethod="DNS", Tags=ctx.tags
        )
    return {"AWS::CertificateManager::Certificate": ctx.count}
