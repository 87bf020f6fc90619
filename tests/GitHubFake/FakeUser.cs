using System.Collections.Concurrent;

namespace McpSaas.Testing.Fakes.GitHub;

/// <summary>
/// A person of the fake GitHub: who signs in through its OAuth pages, which installations of the App they can reach
/// (<c>GET /user/installations</c>) and their membership role in organisations (<c>GET /user/memberships/orgs/{org}</c>).
/// </summary>
public sealed class FakeUser
{
    internal FakeUser(long id, string login, string? email, string? name)
    {
        Id = id;
        Login = login;
        Email = email;
        Name = name;
    }

    public long Id { get; }

    public string Login { get; }

    public string? Email { get; }

    public string? Name { get; }

    internal ConcurrentDictionary<long, bool> Installations { get; } = new();

    internal ConcurrentDictionary<string, string> Memberships { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Installations this user can reach, by id.</summary>
    public IReadOnlyCollection<long> InstallationIds => [.. Installations.Keys.Order()];
}
