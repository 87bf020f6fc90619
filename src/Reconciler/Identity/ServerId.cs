using System.Diagnostics.CodeAnalysis;

namespace McpSaas.Reconciler.Identity;

/// <summary>
/// The id people see for a server: <c>org/repo/name</c> (architecture.md, "Identity of things").
/// Ordinal comparison; GitHub logins and repository names are stored as GitHub spells them.
/// </summary>
public sealed record ServerId(string Org, string Repo, string Name) : IComparable<ServerId>
{
    public override string ToString() => $"{Org}/{Repo}/{Name}";

    public int CompareTo(ServerId? other) =>
        other is null ? 1 : string.CompareOrdinal(ToString(), other.ToString());

    public static bool TryParse(string? text, [NotNullWhen(true)] out ServerId? id)
    {
        id = null;
        var parts = text?.Split('/') ?? [];
        if (parts.Length != 3 || parts.Any(p => p.Length == 0 || p.Any(char.IsWhiteSpace)))
        {
            return false;
        }

        id = new ServerId(parts[0], parts[1], parts[2]);
        return true;
    }
}
