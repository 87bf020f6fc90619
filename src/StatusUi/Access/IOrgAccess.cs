using Microsoft.AspNetCore.Http;

namespace McpSaas.StatusUi.Access;

/// <summary>
/// The authorization seam of the status UI and its JSON API: which orgs the current request may read and which it may
/// administer. Every page and endpoint is under <c>/orgs/{org}</c> (<c>/api/orgs/{org}</c>) and asks here first; an org
/// the request may not read answers 404, exactly like one that does not exist. <c>up</c> uses
/// <see cref="LoopbackOrgAccess"/> (the local user may do everything); sign-in replaces it with one backed by GitHub.
/// </summary>
public interface IOrgAccess
{
    /// <summary>Who is asking; null when nobody may use the UI from where the request comes.</summary>
    ValueTask<UiUser?> GetUserAsync(HttpContext context, CancellationToken cancellationToken);

    /// <summary>The request's role in <paramref name="org"/>.</summary>
    ValueTask<OrgRole> GetRoleAsync(HttpContext context, string org, CancellationToken cancellationToken);

    /// <summary>The orgs the request may read, among <paramref name="known"/> (those the state store knows).</summary>
    ValueTask<IReadOnlyList<string>> FilterOrgsAsync(HttpContext context, IReadOnlyList<string> known, CancellationToken cancellationToken);
}
