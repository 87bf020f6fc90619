namespace McpSaas.Reconciler.Composition;

/// <summary>What the reconciler needs to be composed: where its state lives and where the built Worker runtime is.</summary>
public sealed class ReconcilerOptions
{
    /// <summary>The data folder: <c>state.db</c>, <c>secrets.key</c>, local runtime files (used when no state store is registered yet).</summary>
    public string DataDirectory { get; set; } = State.StatePaths.DefaultDataDirectory;

    /// <summary>The secrets key (base64 of 32 bytes); null = <c>MCPSAAS_SECRETS_KEY</c> is not set: the local key file.</summary>
    public string? SecretsKey { get; set; }

    /// <summary>The <c>worker-runtime</c> folder (its <c>dist/</c> is what Workers run); read when the first reconciler is built.</summary>
    public string? WorkerRuntimeFolder { get; set; }

    /// <summary>Retries of transient platform failures inside a run.</summary>
    public Platforms.PlatformRetryOptions Retry { get; set; } = new();
}
