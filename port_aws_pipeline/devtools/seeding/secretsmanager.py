"""Secrets Manager secrets with a throwaway value (the pipeline only ever lists their metadata), tagged.

The `rds` seeder's clusters add RDS-managed secrets (`rds!cluster-...`)."""

NAME = "secretsmanager"


def secret(ctx, i: int) -> dict:
    return {
        "Name": f"{ctx.prefix}/secret-{i}",
        "Description": f"seeded secret {i}",
        "SecretString": "not-a-real-secret",
        "Tags": ctx.tags,
    }


def seed(ctx) -> dict[str, int]:
    ctx.create_each("secretsmanager", "create_secret", secret)
    return {"AWS::SecretsManager::Secret": ctx.count}
