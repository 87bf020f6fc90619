namespace McpSaas.Reconciler.Sources;

/// <summary>What a path is, as <c>stat</c> says (only what the folder walk needs to tell apart).</summary>
internal enum UnixFileKind
{
    Regular,
    Directory,
    SymbolicLink,

    /// <summary>A device, a fifo or a socket: never read (reading /dev/zero never ends, opening a fifo blocks).</summary>
    Other,
}
