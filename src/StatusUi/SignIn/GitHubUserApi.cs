using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using McpSaas.Reconciler.Users;
using Microsoft.Extensions.Options;

namespace McpSaas.StatusUi.SignIn;

/// <summary>
/// The GitHub endpoints sign-in reads with a person's user access token: <c>GET /user</c>, <c>GET /user/installations</c>
/// (every page, following <c>Link: rel="next"</c> on the API's own host only, so the token never goes elsewhere) and
/// <c>GET /user/memberships/orgs/{org}</c>. A refused token (401) is <see cref="GitHubAccessException.SignInAgain"/>; an
/// unreachable or failing GitHub is a <see cref="GitHubAccessException"/> too. Tokens are only ever sent in headers.
/// </summary>
public sealed class GitHubUserApi(HttpClient http, IOptions<SignInOptions> options)
{
    /// <summary>Pages of installations read at most (100 each).</summary>
    public const int MaxPages = 50;

    private string Root => options.Value.ApiBaseUrl.TrimEnd('/');

    public async Task<GitHubUser> GetUserAsync(string token, CancellationToken cancellationToken)
    {
        var (user, _) = await GetAsync(new Uri($"{Root}/user"), token, SignInJsonContext.Default.WireGitHubUser, cancellationToken).ConfigureAwait(false);
        if (user is not { Id: > 0, Login.Length: > 0 })
        {
            throw new GitHubAccessException("GitHub's answer to GET /user has no id and login");
        }

        return new GitHubUser(user.Id, user.Login, string.IsNullOrWhiteSpace(user.Email) ? null : user.Email, string.IsNullOrWhiteSpace(user.Name) ? null : user.Name);
    }

    public async Task<IReadOnlyList<UserInstallation>> ListInstallationsAsync(string token, CancellationToken cancellationToken)
    {
        var installations = new List<UserInstallation>();
        Uri? next = new($"{Root}/user/installations?per_page=100");
        for (var page = 0; next is not null && page < MaxPages; page++)
        {
            var (list, response) = await GetAsync(next, token, SignInJsonContext.Default.WireUserInstallations, cancellationToken).ConfigureAwait(false);
            foreach (var installation in list?.Installations ?? [])
            {
                if (installation.Account is { Login.Length: > 0 } account)
                {
                    installations.Add(new UserInstallation(installation.Id, account.Login, account.Id, account.Type ?? "Organization"));
                }
            }

            next = NextPage(response);
        }

        return installations;
    }

    /// <summary>The user's active role in <paramref name="org"/> (<c>admin</c>, <c>member</c>), or null when they are not an active member (or GitHub will not say: 403/404).</summary>
    public async Task<string?> GetMembershipRoleAsync(string token, string org, CancellationToken cancellationToken)
    {
        try
        {
            var (membership, _) = await GetAsync(new Uri($"{Root}/user/memberships/orgs/{Uri.EscapeDataString(org)}"), token, SignInJsonContext.Default.WireMembership, cancellationToken)
                .ConfigureAwait(false);
            return membership is { State: "active", Role: { Length: > 0 } role } ? role : null;
        }
        catch (HttpRequestException e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
        {
            return null;
        }
    }

    /// <summary>
    /// Revokes <paramref name="token"/> on GitHub (<c>DELETE /applications/{client_id}/token</c>, the App's client id and
    /// secret in Basic auth, the token in the body): a copy of a signed-out session then reads nothing. True once GitHub
    /// says it is revoked (204); false for any other answer or none (the token then lives until it expires). Never throws
    /// for GitHub's answer, and never puts the token in a message.
    /// </summary>
    public async Task<bool> RevokeTokenAsync(string token, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        var clientId = options.Value.ClientId?.Trim() ?? "";
        using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri($"{Root}/applications/{Uri.EscapeDataString(clientId)}/token"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{clientId}:{options.Value.ClientSecret?.Trim()}")));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("McpSaas", "1.0"));
        request.Content = JsonContent.Create(new WireTokenRevocation { AccessToken = token }, SignInJsonContext.Default.WireTokenRevocation);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary><c>Link: &lt;…&gt;; rel="next"</c>, when it points at the same API host (never send the token elsewhere).</summary>
    private Uri? NextPage(HttpResponseHeaders headers)
    {
        if (!headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        var root = new Uri(Root);
        foreach (var part in string.Join(",", values).Split(','))
        {
            var pieces = part.Split(';', StringSplitOptions.TrimEntries);
            if (pieces.Length >= 2 && pieces.Skip(1).Any(p => p.Replace(" ", "", StringComparison.Ordinal) == "rel=\"next\"")
                && pieces[0].StartsWith('<') && pieces[0].EndsWith('>')
                && Uri.TryCreate(pieces[0][1..^1], UriKind.Absolute, out var next)
                && next.Scheme == root.Scheme && string.Equals(next.Authority, root.Authority, StringComparison.OrdinalIgnoreCase))
            {
                return next;
            }
        }

        return null;
    }

    private async Task<(T? Body, HttpResponseHeaders Headers)> GetAsync<T>(Uri url, string token, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("McpSaas", "1.0"));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new GitHubAccessException($"GitHub could not be reached ({e.Message})", signInAgain: false, e);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                throw new GitHubAccessException("GitHub refused the sign-in's token (it expired or was revoked)", signInAgain: true);
            }

            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden && url.AbsolutePath.Contains("/memberships/", StringComparison.Ordinal))
            {
                throw new HttpRequestException($"GitHub answered {(int)response.StatusCode}", null, response.StatusCode);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new GitHubAccessException($"GitHub answered {(int)response.StatusCode} to GET {url.AbsolutePath}", signInAgain: false);
            }

            try
            {
                var body = await response.Content.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false);
                return (body, response.Headers);
            }
            catch (JsonException e)
            {
                throw new GitHubAccessException($"GitHub's answer to GET {url.AbsolutePath} could not be read", signInAgain: false, e);
            }
        }
    }
}
