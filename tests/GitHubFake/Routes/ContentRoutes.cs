using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace McpSaas.Testing.Fakes.GitHub.Routes;

/// <summary>
/// What an App needs to propose a change, under <c>/api/v3/repos/{owner}/{repo}</c> with an installation token of the
/// installation that covers the repository: git refs (read; create and delete with <c>contents: write</c>), the
/// contents API (read; <c>PUT</c> with <c>contents: write</c> makes a real commit on the branch in the bare repository)
/// and pull requests (create with <c>pull_requests: write</c>, read). Refused as GitHub refuses: 403 "Resource not
/// accessible by integration" without the permission, 404 for an unknown branch or file, 409 when the blob named is not
/// the file's, 422 for a ref that exists or a bad name, a missing <c>sha</c> for an existing file, a pull request
/// without commits or one already open for the same branches. Creating refs, commits and pull requests counts toward the
/// 80 content-creating requests per minute.
/// </summary>
internal static class ContentRoutes
{
    public static void Map(IEndpointRouteBuilder endpoints, FakeGitHub fake)
    {
        var api = endpoints.MapGroup("/api/v3/repos/{owner}/{repo}");

        api.MapGet("/git/ref/{**reference}", (HttpContext context, string owner, string repo, string reference) =>
            Gate(context, fake, owner, repo, null, false, repository => Task.FromResult(RefAnswer(repository, reference, fake))));
        api.MapGet("/git/refs/{**reference}", (HttpContext context, string owner, string repo, string reference) =>
            Gate(context, fake, owner, repo, null, false, repository => Task.FromResult(RefAnswer(repository, reference, fake))));

        api.MapPost("/git/refs", (HttpContext context, string owner, string repo) => Gate(context, fake, owner, repo, "contents", true, async repository =>
        {
            var body = await BodyAsync(context);
            var name = body is null ? null : Str(body, "ref");
            var sha = body is null ? null : Str(body, "sha");
            if (name is null || sha is null)
            {
                return Invalid("ref and sha are required");
            }

            if (!name.StartsWith("refs/", StringComparison.Ordinal) || name.Count(c => c == '/') < 2 || !ValidRefName(repository, name))
            {
                return Invalid($"{name} is not a valid ref name.");
            }

            if (!repository.HasCommit(sha))
            {
                return Invalid("Object does not exist");
            }

            if (repository.Ref(name) is not null)
            {
                return Invalid("Reference already exists");
            }

            FakeRepository.Git(repository.BareDirectory, "update-ref", name, sha, new string('0', 40));
            return Results.Json(RefJson(repository, name, sha, fake), statusCode: StatusCodes.Status201Created);
        }));

        api.MapDelete("/git/refs/{**reference}", (HttpContext context, string owner, string repo, string reference) => Gate(context, fake, owner, repo, "contents", false, repository =>
        {
            var name = "refs/" + reference;
            if (repository.Ref(name) is null)
            {
                return Task.FromResult(Invalid("Reference does not exist"));
            }

            FakeRepository.Git(repository.BareDirectory, "update-ref", "-d", name);
            return Task.FromResult(Results.NoContent());
        }));

        api.MapGet("/contents/{**path}", (HttpContext context, string owner, string repo, string path) => Gate(context, fake, owner, repo, null, false, repository =>
        {
            path = Uri.UnescapeDataString(path);
            var reference = context.Request.Query["ref"].ToString() is { Length: > 0 } r ? r : repository.DefaultBranch;
            var commit = repository.Ref($"refs/heads/{reference}") ?? (repository.HasCommit(reference) ? reference : null);
            if (commit is null)
            {
                return Task.FromResult(ApiRoutes.Message(StatusCodes.Status404NotFound, $"No commit found for the ref {reference}"));
            }

            var blob = repository.BlobSha(commit, path);
            var text = blob is null ? null : repository.ReadFile(commit, path);
            return Task.FromResult(text is null
                ? ApiRoutes.Message(StatusCodes.Status404NotFound, "Not Found")
                : Results.Json(ContentJson(repository, path, blob!, Encoding.UTF8.GetBytes(text), fake)));
        }));

        api.MapPut("/contents/{**path}", (HttpContext context, string owner, string repo, string path) => Gate(context, fake, owner, repo, "contents", true, async repository =>
        {
            path = Uri.UnescapeDataString(path);
            var body = await BodyAsync(context);
            if (body is null)
            {
                return Invalid("Problems parsing JSON");
            }

            if (path.StartsWith('/') || path.Split('/').Any(p => p.Length == 0 || p is "." or ".."))
            {
                return Invalid($"path '{path}' is not a valid file path");
            }

            var message = Str(body, "message");
            if (string.IsNullOrEmpty(message))
            {
                return Invalid("Invalid request.\n\n\"message\" wasn't supplied.");
            }

            byte[] content;
            try
            {
                content = Convert.FromBase64String(Str(body, "content") ?? throw new FormatException());
            }
            catch (FormatException)
            {
                return Invalid("content is not valid Base64");
            }

            var branch = Str(body, "branch") ?? repository.DefaultBranch;
            var head = repository.Ref($"refs/heads/{branch}");
            if (head is null)
            {
                return ApiRoutes.Message(StatusCodes.Status404NotFound, $"Branch {branch} not found");
            }

            var existing = repository.BlobSha(head, path);
            var sha = Str(body, "sha");
            if (existing is not null && sha is null)
            {
                return Invalid("Invalid request.\n\n\"sha\" wasn't supplied.");
            }

            if (existing is not null && sha != existing)
            {
                return ApiRoutes.Message(StatusCodes.Status409Conflict, $"{path} does not match {sha}");
            }

            if (existing is null && sha is not null)
            {
                return ApiRoutes.Message(StatusCodes.Status409Conflict, $"{path} does not match {sha}");
            }

            var (commit, blob) = repository.CommitFile(branch, path, content, message, fake.Options.BotLogin);
            return Results.Json(new JsonObject
            {
                ["content"] = ContentJson(repository, path, blob, content, fake, withContent: false),
                ["commit"] = new JsonObject
                {
                    ["sha"] = commit,
                    ["node_id"] = $"C_{commit[..12]}",
                    ["url"] = $"{fake.BaseUrl}api/v3/repos/{repository.FullName}/git/commits/{commit}",
                    ["html_url"] = $"{fake.BaseUrl}{repository.FullName}/commit/{commit}",
                    ["message"] = message,
                },
            }, statusCode: existing is null ? StatusCodes.Status201Created : StatusCodes.Status200OK);
        }));

        api.MapPost("/pulls", (HttpContext context, string owner, string repo) => Gate(context, fake, owner, repo, "pull_requests", true, async repository =>
        {
            var body = await BodyAsync(context);
            var title = body is null ? null : Str(body, "title");
            var head = body is null ? null : Str(body, "head");
            var baseBranch = body is null ? null : Str(body, "base");
            if (string.IsNullOrEmpty(title) || string.IsNullOrEmpty(head) || string.IsNullOrEmpty(baseBranch))
            {
                return Invalid("title, head and base are required", "PullRequest", "missing_field");
            }

            if (head.Contains(':', StringComparison.Ordinal))
            {
                head = head[(head.IndexOf(':', StringComparison.Ordinal) + 1)..];
            }

            var headSha = repository.Ref($"refs/heads/{head}");
            var baseSha = repository.Ref($"refs/heads/{baseBranch}");
            if (baseSha is null)
            {
                return Invalid("base is invalid", "PullRequest", "invalid", "base");
            }

            if (headSha is null)
            {
                return Invalid("head is invalid", "PullRequest", "invalid", "head");
            }

            if (FakeRepository.Git(repository.BareDirectory, "rev-list", "--count", $"{baseSha}..{headSha}").Trim() == "0")
            {
                return Invalid($"No commits between {baseBranch} and {head}", "PullRequest", "custom");
            }

            if (fake.PullRequests.Any(p => p.RepositoryId == repository.Id && p.State == "open" && p.Head == head && p.Base == baseBranch))
            {
                return Invalid($"A pull request already exists for {repository.Owner}:{head}.", "PullRequest", "custom");
            }

            var number = repository.NextNumber();
            var pull = new FakePullRequest
            {
                Id = fake.NextId(),
                RepositoryId = repository.Id,
                Number = number,
                Title = title,
                Body = Str(body!, "body"),
                Head = head,
                HeadSha = headSha,
                Base = baseBranch,
                Author = fake.Options.BotLogin,
                State = "open",
                HtmlUrl = $"{fake.BaseUrl}{repository.FullName}/pull/{number}",
            };
            FakeRepository.Git(repository.BareDirectory, "update-ref", $"refs/pull/{number}/head", headSha);
            repository.AddPullRequest(number);
            fake.Save(pull);
            return Results.Json(PullJson(pull, repository, fake), statusCode: StatusCodes.Status201Created);
        }));

        api.MapGet("/pulls/{number:int}", (HttpContext context, string owner, string repo, int number) => Gate(context, fake, owner, repo, null, false, repository =>
        {
            var pull = fake.PullRequests.FirstOrDefault(p => p.RepositoryId == repository.Id && p.Number == number);
            return Task.FromResult(pull is null ? ApiRoutes.Message(StatusCodes.Status404NotFound, "Not Found") : Results.Json(PullJson(pull, repository, fake)));
        }));
    }

    /// <summary>The installation token, its repository, the permission the request needs and the content-creation limit, then the handler.</summary>
    private static async Task<IResult> Gate(HttpContext context, FakeGitHub fake, string owner, string repo, string? writes, bool content, Func<FakeRepository, Task<IResult>> handler)
    {
        var token = ApiRoutes.Installation(context, fake);
        if (token is null)
        {
            return ApiRoutes.Message(StatusCodes.Status401Unauthorized, "Bad credentials");
        }

        var repository = fake.Repository(owner, repo);
        if (repository is null || repository.Installation.Id != token.InstallationId)
        {
            return ApiRoutes.Message(StatusCodes.Status404NotFound, "Not Found");
        }

        if (writes is not null && !repository.Installation.Has(writes, "write"))
        {
            return ApiRoutes.Message(StatusCodes.Status403Forbidden, "Resource not accessible by integration");
        }

        if (content && !fake.TryContentSlot(out var retryAfter))
        {
            context.Response.Headers.RetryAfter = ((long)retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return ApiRoutes.Message(StatusCodes.Status403Forbidden,
                "You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later.");
        }

        return await handler(repository);
    }

    private static IResult RefAnswer(FakeRepository repository, string reference, FakeGitHub fake)
    {
        var name = "refs/" + reference;
        return repository.Ref(name) is { } sha ? Results.Json(RefJson(repository, name, sha, fake)) : ApiRoutes.Message(StatusCodes.Status404NotFound, "Not Found");
    }

    private static bool ValidRefName(FakeRepository repository, string name)
    {
        try
        {
            FakeRepository.Git(repository.BareDirectory, "check-ref-format", name);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static JsonObject RefJson(FakeRepository repository, string name, string sha, FakeGitHub fake) => new()
    {
        ["ref"] = name,
        ["node_id"] = $"REF_{repository.Id}_{name.GetHashCode(StringComparison.Ordinal):x}",
        ["url"] = $"{fake.BaseUrl}api/v3/repos/{repository.FullName}/git/{name}",
        ["object"] = new JsonObject { ["type"] = "commit", ["sha"] = sha, ["url"] = $"{fake.BaseUrl}api/v3/repos/{repository.FullName}/git/commits/{sha}" },
    };

    private static JsonObject ContentJson(FakeRepository repository, string path, string blob, byte[] content, FakeGitHub fake, bool withContent = true)
    {
        var json = new JsonObject
        {
            ["type"] = "file",
            ["name"] = path[(path.LastIndexOf('/') + 1)..],
            ["path"] = path,
            ["sha"] = blob,
            ["size"] = content.Length,
            ["url"] = $"{fake.BaseUrl}api/v3/repos/{repository.FullName}/contents/{path}",
            ["html_url"] = $"{fake.BaseUrl}{repository.FullName}/blob/{repository.DefaultBranch}/{path}",
            ["git_url"] = $"{fake.BaseUrl}api/v3/repos/{repository.FullName}/git/blobs/{blob}",
            ["download_url"] = null,
        };
        if (withContent)
        {
            // GitHub wraps the base64 at 60 characters.
            var base64 = Convert.ToBase64String(content);
            json["encoding"] = "base64";
            json["content"] = string.Concat(base64.Chunk(60).Select(c => new string(c) + "\n"));
        }

        return json;
    }

    private static JsonObject PullJson(FakePullRequest pull, FakeRepository repository, FakeGitHub fake) => new()
    {
        ["id"] = pull.Id,
        ["node_id"] = $"PR_{pull.Id}",
        ["number"] = pull.Number,
        ["state"] = pull.State,
        ["title"] = pull.Title,
        ["body"] = pull.Body,
        ["url"] = $"{fake.BaseUrl}api/v3/repos/{repository.FullName}/pulls/{pull.Number}",
        ["html_url"] = pull.HtmlUrl,
        ["user"] = new JsonObject { ["login"] = pull.Author, ["id"] = fake.Options.AppId, ["type"] = "Bot" },
        ["head"] = new JsonObject { ["ref"] = pull.Head, ["sha"] = pull.HeadSha, ["label"] = $"{repository.Owner}:{pull.Head}", ["repo"] = ApiRoutes.RepositoryJson(repository) },
        ["base"] = new JsonObject { ["ref"] = pull.Base, ["label"] = $"{repository.Owner}:{pull.Base}", ["repo"] = ApiRoutes.RepositoryJson(repository) },
        ["merged"] = pull.Merged,
        ["draft"] = false,
        ["created_at"] = fake.Clock.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["updated_at"] = fake.Clock.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
    };

    private static async Task<JsonObject?> BodyAsync(HttpContext context)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Str(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static IResult Invalid(string message, string? resource = null, string? code = null, string? field = null) =>
        Results.Json(new JsonObject
        {
            ["message"] = resource is null ? message : "Validation Failed",
            ["errors"] = resource is null ? null : new JsonArray(new JsonObject { ["resource"] = resource, ["code"] = code, ["field"] = field, ["message"] = message }),
            ["documentation_url"] = "https://docs.github.com/rest",
        }, statusCode: StatusCodes.Status422UnprocessableEntity);
}
