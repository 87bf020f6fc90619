namespace McpSaas.Cli.Local;

/// <summary>The local usage endpoint after <see cref="IngestCompanion.EnsureAsync"/>.</summary>
internal enum IngestState
{
    /// <summary>The companion was running already.</summary>
    Running,

    /// <summary>The companion was started now.</summary>
    Started,

    /// <summary>Another McpSaas process serves the usage port (<c>up</c>).</summary>
    ServedElsewhere,

    /// <summary>Nothing serves it and the companion could not start (the port is taken, or it failed).</summary>
    Unavailable,
}
