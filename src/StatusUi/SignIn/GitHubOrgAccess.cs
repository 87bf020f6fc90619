using System.Globalization;
using System.Security.Claims;
using McpSaas.StatusUi.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace McpSaas.StatusUi.SignIn;

/// <summary>
/// Access from GitHub, for a person signed in with GitHub: the orgs they may read are the accounts of the McpSaas App's
/// installations they can reach (<c>GET /user/installations</c> with their user token); they administer an org when
/// GitHub says their membership role there is <c>admin</c> (<c>GET /user/memberships/orgs/{org}</c>), or when the
/// installation is on their own personal account. Everything else is <see cref="OrgRole.None"/> (404). Answers are
/// cached briefly per session (<see cref="AccessCache"/>) and once per request. Nobody who is not signed in may read anything.
/// </summary>
public sealed class GitHubOrgAccess(GitHubUserApi api, AccessCache cache) : IOrgAccess
{
    private const string InstallationsItem = "mcpsaas.installations";

    public ValueTask<UiUser?> GetUserAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(Who(context.User) is { } who ? new UiUser(who.Login, $"ui:{who.Login}") : null);
    }

    public async ValueTask<OrgRole> GetRoleAsync(HttpContext context, string org, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(org);
        if (Who(context.User) is not { } who)
        {
            return OrgRole.None;
        }

        var key = $"mcpsaas.role:{org.ToLowerInvariant()}";
        if (context.Items.TryGetValue(key, out var known) && known is OrgRole role)
        {
            return role;
        }

        var installation = (await InstallationsAsync(context, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(i => string.Equals(i.AccountLogin, org, StringComparison.OrdinalIgnoreCase));
        if (installation is null)
        {
            role = OrgRole.None;
        }
        else if (installation.IsUserAccount)
        {
            role = installation.AccountId == who.Id ? OrgRole.Admin : OrgRole.Member;
        }
        else
        {
            var token = await TokenAsync(context).ConfigureAwait(false);
            var gitHubRole = await Guard(who.Id, () => cache.RoleAsync(who.Id, installation.AccountLogin,
                () => api.GetMembershipRoleAsync(token, installation.AccountLogin, cancellationToken), Session(token))).ConfigureAwait(false);
            role = gitHubRole == "admin" ? OrgRole.Admin : OrgRole.Member;
        }

        context.Items[key] = role;
        return role;
    }

    public async ValueTask<IReadOnlyList<string>> FilterOrgsAsync(HttpContext context, IReadOnlyList<string> known, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Who(context.User) is null)
        {
            return [];
        }

        // Every account the person can reach the App on, known to the store yet or not (an org with no manifest yet
        // is where getting started begins).
        return [.. (await InstallationsAsync(context, cancellationToken).ConfigureAwait(false))
            .Select(i => i.AccountLogin).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>The installations the signed-in person can reach (cached); empty when nobody is signed in.</summary>
    public async Task<IReadOnlyList<UserInstallation>> InstallationsAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Who(context.User) is not { } who)
        {
            return [];
        }

        if (context.Items.TryGetValue(InstallationsItem, out var memo) && memo is IReadOnlyList<UserInstallation> done)
        {
            return done;
        }

        var token = await TokenAsync(context).ConfigureAwait(false);
        var installations = await Guard(who.Id, () => cache.InstallationsAsync(who.Id, () => api.ListInstallationsAsync(token, cancellationToken), Session(token))).ConfigureAwait(false);
        context.Items[InstallationsItem] = installations;
        return installations;
    }

    /// <summary>The signed-in person's GitHub id and login, from the session's claims.</summary>
    public static (long Id, string Login)? Who(ClaimsPrincipal? user)
    {
        if (user?.Identity is not { IsAuthenticated: true })
        {
            return null;
        }

        var id = user.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        var login = user.FindFirst(ClaimTypes.Name)?.Value;
        return long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && !string.IsNullOrEmpty(login) ? (number, login) : null;
    }

    /// <summary>The cache's name for a session: a fingerprint of its token (never the token itself).</summary>
    private static string Session(string token) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)))[..32];

    private static async Task<string> TokenAsync(HttpContext context) =>
        await context.GetTokenAsync(SignInDefaults.CookieScheme, "access_token").ConfigureAwait(false)
        ?? throw new GitHubAccessException("the session holds no GitHub token", signInAgain: true);

    /// <summary>A refused token forgets what was cached for the person (they sign in again).</summary>
    private async Task<T> Guard<T>(long userId, Func<Task<T>> read)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (GitHubAccessException e) when (e.SignInAgain)
        {
            cache.Forget(userId);
            throw;
        }
    }
}
