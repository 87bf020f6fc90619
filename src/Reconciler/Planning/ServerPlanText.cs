using McpSaas.Schema.Collections;

namespace McpSaas.Reconciler.Planning;

/// <summary>
/// The plan of one server's change, rendered for people exactly as <c>plan</c> prints it (<see cref="TextPlanRenderer"/>,
/// no colour, secrets by name only): what the deploy history keeps with each deploy.
/// </summary>
public static class ServerPlanText
{
    public static string For(Plan plan, Change change)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(change);
        return TextPlanRenderer.Render(plan with { Changes = ValueArray.Create(change), Stalled = ValueArray<Desired.StalledServer>.Empty });
    }
}
