using McpSaas.Reconciler.Desired;
using McpSaas.StatusUi.Model;

namespace McpSaas.StatusUi.Data;

/// <summary>A server's status as people read it, from its record, its deployed summary and the org's quota.</summary>
internal static class ServerStatuses
{
    /// <summary>The reason prefix the apply step writes while it deploys a server.</summary>
    public const string DeployingPrefix = "deploying";

    public static ServerStatusView Of(ServerRecord server, DeploymentSummary? summary, bool orgQuotaExceeded)
    {
        var deploying = server.State == ServerState.Reconciling && server.Reason?.StartsWith(DeployingPrefix, StringComparison.Ordinal) == true;
        var suspended = summary?.Suspended == true;
        var label = server.State switch
        {
            _ when deploying => "Deploying",
            ServerState.Stalled => "Stalled",
            ServerState.Waiting => "Waiting for a secret",
            ServerState.Reconciling => "Reconciling",
            _ when suspended => "Suspended",
            _ => "Ready",
        };
        return new ServerStatusView
        {
            State = Word(server.State),
            Label = label,
            Reason = server.Reason,
            Deploying = deploying,
            Suspended = suspended,
            OverQuota = orgQuotaExceeded && server.EndpointUrl is not null,
            Revision = server.LastAppliedRevision,
            ObservedRevision = server.ObservedRevision,
            LastReconcileAt = server.LastReconcileAt,
        };
    }

    public static string Word(ServerState state) => state switch
    {
        ServerState.Ready => "ready",
        ServerState.Stalled => "stalled",
        ServerState.Waiting => "waiting",
        _ => "reconciling",
    };

    /// <summary>How a tool use is written on the overview: <c>slack</c>, <c>github as gh</c>.</summary>
    public static string ToolLabel(ToolSummary tool) => tool.Alias == tool.Use ? tool.Use : $"{tool.Use} as {tool.Alias}";
}
