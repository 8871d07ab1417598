# One-off sync image: `docker run --rm -e PORT_CLIENT_ID -e PORT_CLIENT_SECRET \
#   -v $PWD/port-aws.yaml:/app/port-aws.yaml port-aws-pipeline`
# The same image runs dagster-webserver / dagster-daemon for the long-running deployment.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DAGSTER_HOME=/app/.dagster_home

WORKDIR /app
COPY pyproject.toml README.md ./
COPY port_aws_pipeline ./port_aws_pipeline
RUN pip install --no-cache-dir . && mkdir -p "$DAGSTER_HOME"
COPY workspace.yaml dagster.yaml ./
COPY deploy ./deploy

RUN useradd --create-home --uid 10001 port && chown -R port /app
USER port

CMD ["port-aws-pipeline", "sync"]
