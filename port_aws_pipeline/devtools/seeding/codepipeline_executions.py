"""Opt-in: one execution of every `codepipeline` seeder pipeline (run that seeder first).

moto reads the executions back (AWS::CodePipeline::PipelineExecution) but answers HTTP 500 to ListActionExecutions,
so wherever an execution exists the ActionExecution read fails: never in the demo.
"""

NAME = "codepipeline_executions"
OPT_IN = True


def seed(ctx) -> dict[str, int]:
    codepipeline = ctx.session.client("codepipeline")
    for i in range(ctx.count):
        codepipeline.start_pipeline_execution(name=f"{ctx.prefix}-pipeline-{i}")
    return {"AWS::CodePipeline::PipelineExecution": ctx.count}
