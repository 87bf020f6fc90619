using System.Diagnostics.CodeAnalysis;

namespace McpSaas.Reconciler.Identity;

/// <summary>
/// A server's id as people see it: <c>org/repo/name</c> (architecture.md, "Identity of things").
/// Each part is non-empty and holds no <c>/</c>, whitespace or control character; comparisons are ordinal.
/// </summary>
public sealed record ServerId
{
    public ServerId(string org, string repo, string name)
    {
        if (!IsPart(org) || !IsPart(repo) || !IsPart(name))
        {
            throw new ArgumentException($"'{org}/{repo}/{name}' is not a server id (org/repo/name, no empty part, no '/' or spaces in a part)");
        }

        Org = org;
        Repo = repo;
        Name = name;
    }

    public string Org { get; }

    public string Repo { get; }

    public string Name { get; }

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out ServerId? id)
    {
        id = null;
        if (text is null)
        {
            return false;
        }

        var parts = text.Split('/');
        if (parts.Length != 3 || !parts.All(IsPart))
        {
            return false;
        }

        id = new ServerId(parts[0], parts[1], parts[2]);
        return true;
    }

    public static ServerId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a server id: expected org/repo/name");

    public override string ToString() => $"{Org}/{Repo}/{Name}";

    internal static bool IsPart(string? part) =>
        !string.IsNullOrEmpty(part) && part.Length <= 200 && !part.Any(c => c == '/' || char.IsWhiteSpace(c) || char.IsControl(c));
}
