namespace McpSaas.Reconciler.State;

/// <summary>Names of platform settings kept in the state store (<see cref="ISettingsStore"/>).</summary>
public static class PlatformSettings
{
    /// <summary>The loopback port of the local workerd router, chosen once so URLs stay stable.</summary>
    public const string LocalRuntimePort = "local.runtime.port";
}
