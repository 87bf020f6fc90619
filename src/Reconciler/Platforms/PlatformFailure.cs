namespace McpSaas.Reconciler.Platforms;

/// <summary>Why one script's write failed, classified.</summary>
public sealed record PlatformFailure(McpSaas.Reconciler.Reconciling.ErrorClass Class, string Message);
