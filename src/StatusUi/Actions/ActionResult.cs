using McpSaas.StatusUi.Model;

namespace McpSaas.StatusUi.Actions;

/// <summary>The outcome of a page action: a notice for people, or errors at fields (nothing changed).</summary>
public sealed record ActionResult(string? Notice, IReadOnlyList<FieldErrorView> Errors, bool Warning = false)
{
    public bool Succeeded => Errors.Count == 0;

    public static ActionResult Done(string notice, bool warning = false) => new(notice, [], warning);

    public static ActionResult Invalid(string field, string message) => new(null, [new FieldErrorView(field, message)]);
}
