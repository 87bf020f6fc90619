using McpSaas.Reconciler.Identity;
using McpSaas.Reconciler.Usage;

namespace McpSaas.Cli.Local;

/// <summary>One server's answer to a nudge or status question.</summary>
internal sealed record NudgeOutcome(ServerId Id, WorkerUsageResult Result);
