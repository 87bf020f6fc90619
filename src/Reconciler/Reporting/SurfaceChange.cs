namespace McpSaas.Reconciler.Reporting;

/// <summary>How a server's tool surface changes.</summary>
public enum SurfaceChange
{
    /// <summary>The same tools as deployed.</summary>
    Unchanged,

    /// <summary>A new server: every tool is gained.</summary>
    Added,

    /// <summary>Tools gained, lost or renamed.</summary>
    Changed,

    /// <summary>The server is deleted: every tool is lost.</summary>
    Removed,

    /// <summary>What the manifest asks for cannot be read (an invalid manifest): the deployed tools stay.</summary>
    Unknown,
}
