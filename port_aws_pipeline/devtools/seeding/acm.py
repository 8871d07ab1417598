"""ACM certificates requested with DNS validation (moto leaves them PENDING_VALIDATION), tagged."""

NAME = "acm"


def certificate(ctx, i: int) -> dict:
    domain = f"{ctx.prefix}-{i}.example.com"
    return {
        "DomainName": domain,
        "SubjectAlternativeNames": [domain, f"www.{domain}"],
        "ValidationMethod": "DNS",
        "Tags": ctx.tags,
    }


def seed(ctx) -> dict[str, int]:
    ctx.create_each("acm", "request_certificate", certificate)
    return {"AWS::CertificateManager::Certificate": ctx.count}
