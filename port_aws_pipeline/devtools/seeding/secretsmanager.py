"""Secrets Manager secrets with a throwaway value (the pipeline only ever lists their metadata), tagged."""

NAME = "secretsmanager"


def seed(ctx) -> dict[str, int]:
    secrets = ctx.session.client("secretsmanager")
    for i in range(ctx.count):
        secrets.create_secret(
            Name=f"{ctx.prefix}/secret-{i}",
            Description=f"seeded secret {i}",
            SecretString="not-a-real-secret",
            Tags=ctx.tags,
        )
    return {"AWS::SecretsManager::Secret": ctx.count}
