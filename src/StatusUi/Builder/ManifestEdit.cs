namespace McpSaas.StatusUi.Builder;

/// <summary>The text of a manifest after an edit, or why the edit cannot be made (in words for the page).</summary>
public sealed record ManifestEdit(string? Text, string? Error)
{
    public static ManifestEdit Done(string text) => new(text, null);

    public static ManifestEdit Refused(string error) => new(null, error);
}
