using System.Collections.Concurrent;
using System.Security.Cryptography;
using McpSaas.Testing.Fakes.GitHub.Routes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpSaas.Testing.Fakes.GitHub;

/// <summary>
/// A fake GitHub on 127.0.0.1 (in-process Kestrel) that follows the documented contract and refuses what GitHub would:
/// the REST API under <c>/api/v3/</c> (where Octokit sends a non-github.com base URL) checks the App JWT (RS256
/// signature with the App's public key, <c>iat</c>/<c>exp</c>, <c>iss</c>), mints installation tokens that expire on
/// <see cref="FakeGitHubOptions.Clock"/>, serves <c>GET /repos/{o}/{r}/installation</c> and
/// <c>GET /installation/repositories</c> (paginated with <c>Link</c>); real git over smart HTTP (<c>git http-backend</c>)
/// at <c>/{owner}/{repo}.git</c> for the bare repositories a test creates, with <c>x-access-token</c> basic auth, refusing
/// an expired or wrong token with 401. Reporting (issue #12): check runs (create, update — annotations appended —,
/// read), commit statuses and issue comments (list with <c>Link</c> pages, create, update, delete), refusing with 422
/// what GitHub refuses (more than 50 annotations in one request, a status description over 140 characters, a comment
/// body over 65,536 characters, a summary over 65,535, an unknown commit, …) and enforcing the secondary limit of 80
/// content-creating requests per minute (403 with <c>retry-after</c>); faults can be injected (<see cref="InjectFault"/>,
/// <see cref="ReportingDown"/>). Sign-in (issue #14): the App's OAuth web flow (<c>/login/oauth/authorize</c> — a page
/// with one button per <see cref="FakeUser"/> —, <c>/login/oauth/access_token</c> with PKCE), <c>GET /user</c>,
/// <c>GET /user/installations</c> (paginated with <c>Link</c>) and <c>GET /user/memberships/orgs/{org}</c> with user tokens
/// that expire; dashboard pull requests: git refs, the contents API (real commits in the bare repository) and pull
/// requests, refused with 403 without the installation's <c>contents</c>/<c>pull_requests</c> write permission.
/// Every call is recorded (<see cref="Calls"/>).
/// </summary>
public sealed class FakeGitHub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RSA _appKey;
    private readonly ConcurrentQueue<RecordedCall> _calls = new();
    private readonly ConcurrentDictionary<long, FakeInstallation> _installations = new();
    private readonly ConcurrentDictionary<string, FakeRepository> _repositories = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, IssuedToken> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, FakeCheckRun> _checkRuns = new();
    private readonly ConcurrentQueue<FakeStatus> _statuses = new();
    private readonly ConcurrentDictionary<long, FakeComment> _comments = new();
    private readonly ConcurrentQueue<FakeFault> _faults = new();
    private readonly Queue<DateTimeOffset> _contentRequests = new();
    private readonly Lock _contentLock = new();
    private readonly ConcurrentDictionary<long, FakeUser> _users = new();
    private readonly ConcurrentDictionary<string, IssuedCode> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IssuedUserToken> _userTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, FakePullRequest> _pullRequests = new();
    private long _nextId = 100_000;

    private FakeGitHub(FakeGitHubOptions options, WebApplication app, RSA appKey, string root)
    {
        Options = options;
        _app = app;
        _appKey = appKey;
        RepositoriesRoot = root;
        PrivateKeyPem = appKey.ExportRSAPrivateKeyPem();
    }

    public FakeGitHubOptions Options { get; }

    public TimeProvider Clock => Options.Clock;

    /// <summary>The web root (<c>http://127.0.0.1:PORT/</c>): git is served here (McpSaas's <c>GitHub:WebBaseUrl</c>).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The API root as McpSaas is configured with it (<c>GitHub:ApiBaseUrl</c>); Octokit adds <c>/api/v3/</c>.</summary>
    public Uri ApiBaseUrl => new(BaseUrl, "api/v3");

    /// <summary>The App's private key (PKCS#1 PEM, as GitHub generates it), for McpSaas's <c>GitHub:PrivateKey</c>.</summary>
    public string PrivateKeyPem { get; }

    /// <summary>Where the bare repositories live (removed on dispose).</summary>
    public string RepositoriesRoot { get; }

    public IReadOnlyList<RecordedCall> Calls => [.. _calls];

    public IReadOnlyCollection<IssuedToken> IssuedTokens => [.. _tokens.Values];

    public static async Task<FakeGitHub> StartAsync(FakeGitHubOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new FakeGitHubOptions();
        var root = Path.Combine(Path.GetTempPath(), "mcpsaas-fake-github", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        builder.Services.AddRouting();
        var app = builder.Build();
        var fake = new FakeGitHub(options, app, RSA.Create(2048), root);
        app.Use(fake.RecordAsync);
        ApiRoutes.Map(app, fake);
        ReportingRoutes.Map(app, fake);
        OAuthRoutes.Map(app, fake);
        OAuthRoutes.MapTokenRevocation(app, fake);
        UserRoutes.Map(app, fake);
        ContentRoutes.Map(app, fake);
        GitRoutes.Map(app, fake);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        fake.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return fake;
    }

    public FakeInstallation AddInstallation(long id, string account, long? accountId = null, string accountType = "Organization")
    {
        var installation = new FakeInstallation(id, accountId ?? (id * 10) + 1, account, accountType);
        _installations[id] = installation;
        return installation;
    }

    /// <summary>Creates an empty bare repository served at <c>{BaseUrl}{owner}/{name}.git</c>, covered by <paramref name="installation"/>.</summary>
    public FakeRepository AddRepository(FakeInstallation installation, string name, long id, string? owner = null, string defaultBranch = "main")
    {
        ArgumentNullException.ThrowIfNull(installation);
        owner ??= installation.Account;
        var bare = Path.Combine(RepositoriesRoot, owner, name + ".git");
        Directory.CreateDirectory(bare);
        FakeRepository.Git(bare, "init", "--quiet", "--bare", $"--initial-branch={defaultBranch}");
        var repository = new FakeRepository(id, installation, owner, name, defaultBranch, bare, new Uri(BaseUrl, $"{owner}/{name}.git"));
        _repositories[repository.FullName] = repository;
        return repository;
    }

    /// <summary>Renames a repository as GitHub does: same id, new name; it is served (and cloned) under the new name only.</summary>
    public FakeRepository RenameRepository(FakeRepository repository, string newName)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var bare = Path.Combine(RepositoriesRoot, repository.Owner, newName + ".git");
        Directory.Move(repository.BareDirectory, bare);
        _repositories.TryRemove(repository.FullName, out _);
        var renamed = new FakeRepository(repository.Id, repository.Installation, repository.Owner, newName, repository.DefaultBranch, bare, new Uri(BaseUrl, $"{repository.Owner}/{newName}.git"));
        renamed.CopyPullRequestsFrom(repository);
        _repositories[renamed.FullName] = renamed;
        return renamed;
    }

    /// <summary>Check runs created, by id.</summary>
    public IReadOnlyList<FakeCheckRun> CheckRuns => [.. _checkRuns.Values.OrderBy(c => c.Id)];

    /// <summary>Commit statuses posted, oldest first.</summary>
    public IReadOnlyList<FakeStatus> Statuses => [.. _statuses];

    /// <summary>Issue comments, by id.</summary>
    public IReadOnlyList<FakeComment> Comments => [.. _comments.Values.OrderBy(c => c.Id)];

    /// <summary>While true, <c>/user</c>, <c>/user/installations</c> and <c>/user/memberships</c> answer 503 (GitHub down for sign-in's questions).</summary>
    public bool UserApiDown { get; set; }

    /// <summary>While true, every check-run, status and comment endpoint answers 503 (GitHub down; tokens and git still work).</summary>
    public bool ReportingDown { get; set; }

    /// <summary>The next reporting request gets <paramref name="fault"/> instead of its answer (faults queue up in order).</summary>
    public void InjectFault(FakeFault fault) => _faults.Enqueue(fault);

    /// <summary>A comment written on a pull request by someone else (a person by default).</summary>
    public FakeComment AddComment(FakeRepository repository, int number, string body, string login = "octocat", string userType = "User")
    {
        ArgumentNullException.ThrowIfNull(repository);
        var now = Clock.GetUtcNow();
        var comment = new FakeComment(NextId(), repository.Id, number, body, login, userType, now, now, 0);
        _comments[comment.Id] = comment;
        return comment;
    }

    public FakeInstallation? Installation(long id) => _installations.GetValueOrDefault(id);

    /// <summary>A person who can sign in through the fake's OAuth pages.</summary>
    public FakeUser AddUser(string login, long id, string? email = null, string? name = null)
    {
        var user = new FakeUser(id, login, email, name);
        _users[id] = user;
        return user;
    }

    /// <summary>Lets <paramref name="user"/> reach <paramref name="installation"/> (it is in their <c>GET /user/installations</c>).</summary>
    public void Grant(FakeUser user, FakeInstallation installation)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(installation);
        user.Installations[installation.Id] = true;
    }

    /// <summary>Takes <paramref name="installation"/> out of what <paramref name="user"/> can reach.</summary>
    public void Revoke(FakeUser user, FakeInstallation installation)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(installation);
        user.Installations.TryRemove(installation.Id, out _);
    }

    /// <summary>Makes <paramref name="user"/> an active member of the organisation <paramref name="org"/> with <paramref name="role"/> (<c>admin</c> or <c>member</c>).</summary>
    public void SetMembership(FakeUser user, string org, string role)
    {
        ArgumentNullException.ThrowIfNull(user);
        user.Memberships[org] = role;
    }

    public FakeUser? User(long id) => _users.GetValueOrDefault(id);

    public IReadOnlyList<FakeUser> Users => [.. _users.Values.OrderBy(u => u.Login, StringComparer.Ordinal)];

    /// <summary>User access tokens issued by the OAuth token endpoint.</summary>
    public IReadOnlyCollection<IssuedUserToken> IssuedUserTokens => [.. _userTokens.Values];

    /// <summary>Pull requests opened through the REST API, by number within each repository.</summary>
    public IReadOnlyList<FakePullRequest> PullRequests => [.. _pullRequests.Values.OrderBy(p => p.Id)];

    /// <summary>Merges a pull request (the base branch fast-forwards to its head) and marks it merged; returns the base's new head.</summary>
    public string MergePullRequest(FakeRepository repository, int number)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var pull = _pullRequests.Values.Single(p => p.RepositoryId == repository.Id && p.Number == number);
        var head = repository.MergePullRequest(pull);
        _pullRequests[pull.Id] = pull with { State = "closed", Merged = true };
        return head;
    }

    public FakeRepository? Repository(string owner, string name) => _repositories.GetValueOrDefault($"{owner}/{name}");

    public IReadOnlyList<FakeRepository> RepositoriesOf(long installationId) =>
        [.. _repositories.Values.Where(r => r.Installation.Id == installationId).OrderBy(r => r.Id)];

    /// <summary>Makes every token minted so far unusable (as GitHub does on revocation).</summary>
    public void RevokeAllTokens() => _tokens.Clear();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _appKey.Dispose();
        try
        {
            Directory.Delete(RepositoriesRoot, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
        catch (UnauthorizedAccessException)
        {
            // best effort
        }
    }

    internal RSA AppPublicKey => _appKey;

    internal long NextId() => Interlocked.Increment(ref _nextId);

    internal FakeFault? TakeFault() => _faults.TryDequeue(out var fault) ? fault : null;

    internal FakeCheckRun? CheckRun(long id) => _checkRuns.GetValueOrDefault(id);

    internal void Save(FakeCheckRun run) => _checkRuns[run.Id] = run;

    internal void Save(FakeStatus status) => _statuses.Enqueue(status);

    internal FakeComment? Comment(long id) => _comments.GetValueOrDefault(id);

    internal void Save(FakeComment comment) => _comments[comment.Id] = comment;

    internal bool RemoveComment(long id) => _comments.TryRemove(id, out _);

    /// <summary>Takes a content-creating slot of the rolling minute, or says how long until one frees (the secondary limit).</summary>
    internal bool TryContentSlot(out TimeSpan retryAfter)
    {
        lock (_contentLock)
        {
            var now = Clock.GetUtcNow();
            while (_contentRequests.Count > 0 && _contentRequests.Peek() <= now - TimeSpan.FromMinutes(1))
            {
                _contentRequests.Dequeue();
            }

            if (_contentRequests.Count >= Options.ContentRequestsPerMinute)
            {
                var wait = _contentRequests.Peek() + TimeSpan.FromMinutes(1) - now;
                retryAfter = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(wait.TotalSeconds)));
                return false;
            }

            _contentRequests.Enqueue(now);
            retryAfter = TimeSpan.Zero;
            return true;
        }
    }

    internal void Save(FakePullRequest pull) => _pullRequests[pull.Id] = pull;

    internal FakeUser? UserByLogin(string login) => _users.Values.FirstOrDefault(u => string.Equals(u.Login, login, StringComparison.OrdinalIgnoreCase));

    internal IssuedCode IssueCode(FakeUser user, string redirectUri, string? codeChallenge)
    {
        var code = new IssuedCode(RandomNumberGenerator.GetHexString(20, lowercase: true), user.Id, redirectUri, codeChallenge, Clock.GetUtcNow() + TimeSpan.FromMinutes(10));
        _codes[code.Code] = code;
        return code;
    }

    /// <summary>Takes a code (a code works once, within 10 minutes).</summary>
    internal IssuedCode? TakeCode(string? code) =>
        code is not null && _codes.TryRemove(code, out var issued) && Clock.GetUtcNow() < issued.ExpiresAt ? issued : null;

    internal IssuedUserToken MintUserToken(long userId)
    {
        var token = new IssuedUserToken("ghu_" + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 36),
            userId, Clock.GetUtcNow() + Options.UserTokenLifetime);
        _userTokens[token.Token] = token;
        return token;
    }

    /// <summary>A user access token for <paramref name="user"/>, as the OAuth token endpoint issues after a sign-in (for tests of what reads with one).</summary>
    public IssuedUserToken IssueUserToken(FakeUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return MintUserToken(user.Id);
    }

    internal IssuedUserToken? ValidUserToken(string? token) =>
        token is not null && _userTokens.TryGetValue(token, out var issued) && Clock.GetUtcNow() < issued.ExpiresAt ? issued : null;

    /// <summary>Revokes one valid user token (<c>DELETE /applications/{client_id}/token</c>); false when it is not valid.</summary>
    internal bool RevokeUserToken(string token) => ValidUserToken(token) is not null && _userTokens.TryRemove(token, out _);

    /// <summary>Makes every user token issued so far unusable (expired, or revoked by the user).</summary>
    public void RevokeAllUserTokens() => _userTokens.Clear();

    internal IssuedToken Mint(long installationId)
    {
        var token = new IssuedToken("ghs_" + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 36),
            installationId, Clock.GetUtcNow() + Options.TokenLifetime);
        _tokens[token.Token] = token;
        return token;
    }

    /// <summary>The token's installation when it exists and has not expired on the fake's clock.</summary>
    internal IssuedToken? ValidToken(string? token) =>
        token is not null && _tokens.TryGetValue(token, out var issued) && Clock.GetUtcNow() < issued.ExpiresAt ? issued : null;

    private async Task RecordAsync(HttpContext context, Func<Task> next)
    {
        var request = context.Request;
        string? body = null;
        var isGit = request.Path.Value?.Contains(".git/", StringComparison.Ordinal) == true;
        if (!isGit && (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0))
        {
            request.EnableBuffering();
            using var reader = new StreamReader(request.Body, leaveOpen: true);
            body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
            request.Body.Position = 0;
        }

        await next().ConfigureAwait(false);
        _calls.Enqueue(new RecordedCall
        {
            Method = request.Method,
            Path = request.Path.Value ?? "",
            Query = request.QueryString.Value ?? "",
            Status = context.Response.StatusCode,
            Auth = context.Items["fake-auth"] as string ?? "none",
            InstallationId = context.Items["fake-installation"] as long?,
            Headers = request.Headers.Where(h => !h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
                .ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            Body = body,
            At = Clock.GetUtcNow(),
        });
    }
}
