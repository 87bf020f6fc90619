namespace McpSaas.Cli.Local;

/// <summary>What making sure of the usage endpoint found or did; <see cref="Problem"/> says why it is not there.</summary>
internal sealed record IngestStart(IngestState State, IngestPidFile? Process, string? Problem)
{
    /// <summary>Whether usage is accepted on the usage port now.</summary>
    public bool Serving => State is IngestState.Running or IngestState.Started or IngestState.ServedElsewhere;
}
