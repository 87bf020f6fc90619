namespace McpSaas.StatusUi.Composition;

/// <summary>Who may use the UI while no sign-in is configured (<see cref="StatusUiOptions.Access"/>).</summary>
public enum StatusUiAccess
{
    /// <summary>Requests from this machine (loopback, not forwarded by a proxy) may do everything: <c>./mcpsaas up</c>.</summary>
    Loopback = 0,

    /// <summary>Nobody: every org answers 404 (until a sign-in is configured).</summary>
    None = 1,
}
