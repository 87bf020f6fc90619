using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace McpSaas.Testing.Fakes.GitHub.Routes;

/// <summary>
/// What a GitHub App reports with, under <c>/api/v3</c>, with an installation token for a repository of its
/// installation: check runs, commit statuses and issue comments, refusing with 422 what GitHub refuses
/// (github-app-api.md §3–§5) and with 403 + <c>retry-after</c> a content-creating request past 80 per minute (§7).
/// </summary>
internal static class ReportingRoutes
{
    public const int MaxAnnotationsPerRequest = 50;
    public const int MaxStatusDescription = 140;
    public const int MaxStatusesPerContext = 1000;
    public const int MaxCommentBody = 65_536;
    public const int MaxOutputText = 65_535;
    public const int MaxAnnotationMessage = 64 * 1024;

    private static readonly string[] Statuses = ["queued", "in_progress", "completed"];
    private static readonly string[] Conclusions = ["action_required", "cancelled", "failure", "neutral", "success", "skipped", "timed_out"];
    private static readonly string[] Levels = ["notice", "warning", "failure"];
    private static readonly string[] CommitStates = ["error", "failure", "pending", "success"];

    public static void Map(IEndpointRouteBuilder endpoints, FakeGitHub fake)
    {
        var api = endpoints.MapGroup("/api/v3/repos/{owner}/{repo}");

        api.MapPost("/check-runs", (HttpContext context, string owner, string repo) => Gate(context, fake, owner, repo, content: true, async repository =>
        {
            var body = await BodyAsync(context);
            if (body is null)
            {
                return Invalid("Problems parsing JSON");
            }

            var name = Str(body, "name");
            var sha = Str(body, "head_sha");
            if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(sha))
            {
                return Invalid("name and head_sha are required", "CheckRun", "missing_field");
            }

            if (!repository.HasCommit(sha))
            {
                return Invalid($"No commit found for SHA: {sha}", "CheckRun", "invalid", "head_sha");
            }

            var run = new FakeCheckRun
            {
                Id = fake.NextId(),
                RepositoryId = repository.Id,
                Name = name,
                HeadSha = sha,
                Status = "queued",
                HtmlUrl = "",
            };
            run = run with { HtmlUrl = $"{fake.BaseUrl}{repository.FullName}/runs/{run.Id}" };
            var (updated, problem) = Apply(run, body, creating: true);
            if (problem is not null)
            {
                return problem;
            }

            fake.Save(updated!);
            return Results.Json(CheckRunJson(updated!, repository, fake), statusCode: StatusCodes.Status201Created);
        }));

        api.MapPatch("/check-runs/{id:long}", (HttpContext context, string owner, string repo, long id) => Gate(context, fake, owner, repo, content: true, async repository =>
        {
            var run = fake.CheckRun(id);
            if (run is null || run.RepositoryId != repository.Id)
            {
                return ApiRoutes.Message(StatusCodes.Status404NotFound, "Not Found");
            }

            var body = await BodyAsync(context);
            if (body is null)
            {
                return Invalid("Problems parsing JSON");
            }

            var (updated, problem) = Apply(run, body, creating: false);
            if (problem is not null)
            {
                return problem;
            }

            updated = updated! with { Updates = run.Updates + 1 };
            fake.Save(updated);
            return Results.Json(CheckRunJson(updated, repository, fake));
        }));

        api.MapGet("/check-runs/{id:long}", (HttpContext context, string owner, string repo, long id) => Gate(context, fake, owner, repo, content: false, repository =>
        {
            var run = fake.CheckRun(id);
            return Task.FromResult(run is null || run.RepositoryId != repository.Id
                ? ApiRoutes.Message(StatusCodes.Status404NotFound, "Not Found")
                : Results.Json(CheckRunJson(run, repository, fake)));
        }));

        api.MapGet("/commits/{reference}/check-runs", (HttpContext context, string owner, string repo, string reference) => Gate(context, fake, owner, repo, content: false, repository =>
        {
            var runs = fake.CheckRuns.Where(r => r.RepositoryId == repository.Id && r.HeadSha == reference).OrderByDescending(r => r.Id).ToList();
            return Task.FromResult(Results.Json(new JsonObject
            {
                ["total_count"] = runs.Count,
                ["check_runs"] = new JsonArray([.. runs.Select(r => (JsonNode)CheckRunJson(r, repository, fake))]),
            }));
        }));

        api.MapPost("/statuses/{sha}", (HttpContext context, string owner, string repo, string sha) => Gate(context, fake, owner, repo, content: true, async repository =>
        {
            var body = await BodyAsync(context);
            if (body is null)
            {
                return Invalid("Problems parsing JSON");
            }

            var state = Str(body, "state");
            if (state is null || !CommitStates.Contains(state))
            {
                return Invalid("state is not included in the list", "Status", "invalid", "state");
            }

            var description = Str(body, "description");
            if (description is { Length: > MaxStatusDescription })
            {
                return Invalid("description is too long (maximum is 140 characters)", "Status", "custom", "description");
            }

            if (!repository.HasCommit(sha))
            {
                return Invalid($"No commit found for SHA: {sha}", "Status", "invalid", "sha");
            }

            var statusContext = Str(body, "context") ?? "default";
            if (fake.Statuses.Count(s => s.RepositoryId == repository.Id && s.Sha == sha && string.Equals(s.Context, statusContext, StringComparison.OrdinalIgnoreCase)) >= MaxStatusesPerContext)
            {
                return Invalid("This SHA and context has reached the maximum number of statuses.", "Status", "custom");
            }

            var status = new FakeStatus(fake.NextId(), repository.Id, sha, state, description, Str(body, "target_url"), statusContext, fake.Clock.GetUtcNow());
            fake.Save(status);
            return Results.Json(StatusJson(status, fake), statusCode: StatusCodes.Status201Created);
        }));

        api.MapGet("/commits/{reference}/statuses", (HttpContext context, string owner, string repo, string reference) => Gate(context, fake, owner, repo, content: false, repository =>
        {
            var statuses = fake.Statuses.Where(s => s.RepositoryId == repository.Id && s.Sha == reference).Reverse().Select(s => (JsonNode)StatusJson(s, fake));
            return Task.FromResult(Results.Json(new JsonArray([.. statuses])));
        }));

        api.MapGet("/issues/{number:int}/comments", (HttpContext context, string owner, string repo, int number) => Gate(context, fake, owner, repo, content: false, repository =>
        {
            if (!repository.PullRequests.Contains(number))
            {
                return Task.FromResult(ApiRoutes.Message(StatusCodes.Status404NotFound, "Not Found"));
            }

            var all = fake.Comments.Where(c => c.RepositoryId == repository.Id && c.Number == number).ToList();
            var perPage = Math.Clamp(ApiRoutes.IntQuery(context, "per_page", 30), 1, 100);
            var page = Math.Max(1, ApiRoutes.IntQuery(context, "page", 1));
            var last = Math.Max(1, (int)Math.Ceiling(all.Count / (double)perPage));
            if (page < last)
            {
                var self = $"{fake.BaseUrl}api/v3/repos/{repository.FullName}/issues/{number}/comments?per_page={perPage}";
                context.Response.Headers.Link = $"<{self}&page={page + 1}>; rel=\"next\", <{self}&page={last}>; rel=\"last\"";
            }

            var comments = all.Skip((page - 1) * perPage).Take(perPage).Select(c => (JsonNode)CommentJson(c, repository, fake));
            return Task.FromResult(Results.Json(new JsonArray([.. comments])));
        }));

        api.MapPost("/issues/{number:int}/comments", (HttpContext context, string owner, string repo, int number) => Gate(context, fake, owner, repo, content: true, async repository =>
        {
            if (!repository.PullRequests.Contains(number))
            {
                return ApiRoutes.Message(StatusCodes.Status404NotFound, "Not Found");
            }

            var body = await BodyAsync(context);
            var text = body is null ? null : Str(body, "body");
            if (text is null)
            {
                return Invalid("body is required", "IssueComment", "missing_field", "body");
            }

            if (text.Length > MaxCommentBody)
            {
                return Invalid("Body is too long (maximum is 65536 characters)", "IssueComment", "custom", "body");
            }

            var now = fake.Clock.GetUtcNow();
            var comment = new FakeComment(fake.NextId(), repository.Id, number, text, fake.Options.BotLogin, "Bot", now, now, 0);
            fake.Save(comment);
            return Results.Json(CommentJson(comment, repository, fake), statusCode: StatusCodes.Status201Created);
        }));

        api.MapPatch("/issues/comments/{id:long}", (HttpContext context, string owner, string repo, long id) => Gate(context, fake, owner, repo, content: true, async repository =>
        {
            var comment = fake.Comment(id);
            if (comment is null || comment.RepositoryId != repository.Id)
            {
                return ApiRoutes.Message(StatusCodes.Status404NotFound, "Not Found");
            }

            if (comment.Login != fake.Options.BotLogin)
            {
                return ApiRoutes.Message(StatusCodes.Status403Forbidden, "Resource not accessible by integration");
            }

            var body = await BodyAsync(context);
            var text = body is null ? null : Str(body, "body");
            if (text is null)
            {
                return Invalid("body is required", "IssueComment", "missing_field", "body");
            }

            if (text.Length > MaxCommentBody)
            {
                return Invalid("Body is too long (maximum is 65536 characters)", "IssueComment", "custom", "body");
            }

            comment = comment with { Body = text, UpdatedAt = fake.Clock.GetUtcNow(), Edits = comment.Edits + 1 };
            fake.Save(comment);
            return Results.Json(CommentJson(comment, repository, fake));
        }));

        api.MapDelete("/issues/comments/{id:long}", (HttpContext context, string owner, string repo, long id) => Gate(context, fake, owner, repo, content: false, repository =>
        {
            var comment = fake.Comment(id);
            return Task.FromResult(comment is null || comment.RepositoryId != repository.Id || !fake.RemoveComment(id)
                ? ApiRoutes.Message(StatusCodes.Status404NotFound, "Not Found")
                : Results.NoContent());
        }));
    }

    /// <summary>Authentication, the repository, injected faults and the content-creation limit, then the handler.</summary>
    private static async Task<IResult> Gate(HttpContext context, FakeGitHub fake, string owner, string repo, bool content, Func<FakeRepository, Task<IResult>> handler)
    {
        var token = ApiRoutes.Installation(context, fake);
        if (token is null)
        {
            return ApiRoutes.Message(StatusCodes.Status401Unauthorized, "Bad credentials");
        }

        var headers = context.Response.Headers;
        headers["x-ratelimit-limit"] = "5000";
        headers["x-ratelimit-resource"] = "core";
        var repository = fake.Repository(owner, repo);
        if (repository is null || repository.Installation.Id != token.InstallationId)
        {
            return ApiRoutes.Message(StatusCodes.Status404NotFound, "Not Found");
        }

        if (fake.ReportingDown)
        {
            return ApiRoutes.Message(StatusCodes.Status503ServiceUnavailable, "Service Unavailable");
        }

        if (fake.TakeFault() is { } fault)
        {
            if (fault.RetryAfter is { } after)
            {
                headers.RetryAfter = ((long)after.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            }

            if (fault.RateLimitResetAt is { } reset)
            {
                headers["x-ratelimit-remaining"] = "0";
                headers["x-ratelimit-used"] = "5000";
                headers["x-ratelimit-reset"] = reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            }

            return ApiRoutes.Message(fault.Status, fault.Message);
        }

        headers["x-ratelimit-remaining"] = "4999";
        if (content && !fake.TryContentSlot(out var retryAfter))
        {
            headers.RetryAfter = ((long)retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return ApiRoutes.Message(StatusCodes.Status403Forbidden,
                "You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later.");
        }

        return await handler(repository);
    }

    /// <summary>Applies the fields of a create or update body to a check run, checking them as GitHub does.</summary>
    private static (FakeCheckRun? Run, IResult? Problem) Apply(FakeCheckRun run, JsonObject body, bool creating)
    {
        var status = Str(body, "status");
        if (status is not null && !Statuses.Contains(status))
        {
            return (null, Invalid($"status '{status}' is not one of queued, in_progress, completed (the others are reserved for GitHub Actions)", "CheckRun", "invalid", "status"));
        }

        var conclusion = Str(body, "conclusion");
        if (conclusion is not null && !Conclusions.Contains(conclusion))
        {
            return (null, Invalid($"conclusion '{conclusion}' is not valid", "CheckRun", "invalid", "conclusion"));
        }

        if ((status == "completed" || Str(body, "completed_at") is not null) && conclusion is null && run.Conclusion is null)
        {
            return (null, Invalid("conclusion is required when status is completed or completed_at is given", "CheckRun", "missing_field", "conclusion"));
        }

        var annotations = new List<FakeAnnotation>();
        string? title = run.Title, summary = run.Summary, text = run.Text;
        if (body["output"] is JsonObject output)
        {
            title = Str(output, "title");
            summary = Str(output, "summary");
            text = Str(output, "text");
            if (string.IsNullOrEmpty(title) || summary is null)
            {
                return (null, Invalid("output.title and output.summary are required", "CheckRun", "missing_field", "output"));
            }

            if (summary.Length > MaxOutputText || text?.Length > MaxOutputText)
            {
                return (null, Invalid("output.summary and output.text are at most 65535 characters", "CheckRun", "custom", "output"));
            }

            if (output["annotations"] is JsonArray list)
            {
                if (list.Count > MaxAnnotationsPerRequest)
                {
                    return (null, Invalid($"Only {MaxAnnotationsPerRequest} annotations are allowed per request", "CheckRun", "custom", "annotations"));
                }

                foreach (var node in list)
                {
                    if (node is not JsonObject a || Str(a, "path") is not { Length: > 0 } path || Int(a, "start_line") is not { } start
                        || Int(a, "end_line") is not { } end || Str(a, "annotation_level") is not { } level || Str(a, "message") is not { } message)
                    {
                        return (null, Invalid("an annotation needs path, start_line, end_line, annotation_level and message", "CheckRun", "missing_field", "annotations"));
                    }

                    if (!Levels.Contains(level) || start < 1 || end < start || message.Length > MaxAnnotationMessage || Str(a, "title")?.Length > 255)
                    {
                        return (null, Invalid("an annotation is invalid", "CheckRun", "invalid", "annotations"));
                    }

                    var startColumn = Int(a, "start_column");
                    var endColumn = Int(a, "end_column");
                    if ((startColumn is not null || endColumn is not null) && start != end)
                    {
                        return (null, Invalid("start_column and end_column are only allowed when start_line equals end_line", "CheckRun", "invalid", "annotations"));
                    }

                    annotations.Add(new FakeAnnotation(path, start, end, startColumn, endColumn, level, message, Str(a, "title")));
                }
            }
        }
        else if (creating)
        {
            title = null;
            summary = null;
        }

        var finalStatus = conclusion is not null ? "completed" : status ?? run.Status;
        return (run with
        {
            Status = finalStatus,
            Conclusion = conclusion ?? (finalStatus == "completed" ? run.Conclusion : null),
            Title = title,
            Summary = summary,
            Text = text,
            ExternalId = Str(body, "external_id") ?? run.ExternalId,
            DetailsUrl = Str(body, "details_url") ?? run.DetailsUrl,
            StartedAt = Str(body, "started_at") ?? run.StartedAt,
            CompletedAt = Str(body, "completed_at") ?? run.CompletedAt,
            Annotations = [.. run.Annotations, .. annotations],
        }, null);
    }

    private static JsonObject CheckRunJson(FakeCheckRun run, FakeRepository repository, FakeGitHub fake) => new()
    {
        ["id"] = run.Id,
        ["node_id"] = $"CR_{run.Id}",
        ["name"] = run.Name,
        ["head_sha"] = run.HeadSha,
        ["external_id"] = run.ExternalId,
        ["url"] = $"{fake.BaseUrl}api/v3/repos/{repository.FullName}/check-runs/{run.Id}",
        ["html_url"] = run.HtmlUrl,
        ["details_url"] = run.DetailsUrl,
        ["status"] = run.Status,
        ["conclusion"] = run.Conclusion,
        ["started_at"] = run.StartedAt ?? fake.Clock.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["completed_at"] = run.CompletedAt,
        ["output"] = new JsonObject
        {
            ["title"] = run.Title,
            ["summary"] = run.Summary,
            ["text"] = run.Text,
            ["annotations_count"] = run.Annotations.Count,
            ["annotations_url"] = $"{fake.BaseUrl}api/v3/repos/{repository.FullName}/check-runs/{run.Id}/annotations",
        },
        ["check_suite"] = new JsonObject { ["id"] = run.Id + 1 },
        ["app"] = new JsonObject { ["id"] = fake.Options.AppId, ["slug"] = fake.Options.AppSlug, ["name"] = fake.Options.AppSlug },
        ["pull_requests"] = new JsonArray(),
    };

    private static JsonObject StatusJson(FakeStatus status, FakeGitHub fake) => new()
    {
        ["id"] = status.Id,
        ["node_id"] = $"SC_{status.Id}",
        ["url"] = $"{fake.BaseUrl}api/v3/statuses/{status.Id}",
        ["state"] = status.State,
        ["description"] = status.Description,
        ["target_url"] = status.TargetUrl,
        ["context"] = status.Context,
        ["created_at"] = status.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["updated_at"] = status.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["creator"] = new JsonObject { ["login"] = fake.Options.BotLogin, ["id"] = fake.Options.AppId, ["type"] = "Bot" },
    };

    private static JsonObject CommentJson(FakeComment comment, FakeRepository repository, FakeGitHub fake) => new()
    {
        ["id"] = comment.Id,
        ["node_id"] = $"IC_{comment.Id}",
        ["url"] = $"{fake.BaseUrl}api/v3/repos/{repository.FullName}/issues/comments/{comment.Id}",
        ["html_url"] = $"{fake.BaseUrl}{repository.FullName}/pull/{comment.Number}#issuecomment-{comment.Id}",
        ["body"] = comment.Body,
        ["user"] = new JsonObject { ["login"] = comment.Login, ["id"] = comment.Login.Length, ["type"] = comment.UserType },
        ["author_association"] = "NONE",
        ["created_at"] = comment.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["updated_at"] = comment.UpdatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
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

    private static int? Int(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<int>(out var i) ? i : null;

    private static IResult Invalid(string message, string? resource = null, string? code = null, string? field = null) =>
        Results.Json(new JsonObject
        {
            ["message"] = resource is null ? message : "Validation Failed",
            ["errors"] = resource is null ? null : new JsonArray(new JsonObject { ["resource"] = resource, ["code"] = code, ["field"] = field, ["message"] = message }),
            ["documentation_url"] = "https://docs.github.com/rest",
        }, statusCode: StatusCodes.Status422UnprocessableEntity);
}
