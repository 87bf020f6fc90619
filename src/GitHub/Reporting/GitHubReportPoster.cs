using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using McpSaas.GitHub.Api;
using McpSaas.GitHub.Auth;
using McpSaas.Reconciler.Installations;
using McpSaas.Reconciler.Reporting;
using McpSaas.Schema.Collections;
using Microsoft.Extensions.Logging;
using Octokit;

namespace McpSaas.GitHub.Reporting;

/// <summary>
/// Posts one outbox report to GitHub through the installation's Octokit client, idempotently: a check run is created
/// once per commit (<c>in_progress</c>) and then updated with outcomes — never back to <c>in_progress</c>, and not by a
/// later look that finds nothing to do —, its annotations sent once each in batches of 50; a status is
/// not posted again when its state, description and target are unchanged; the plan comment is found by its id or
/// its marker and updated in place. Names are looked up now (by repository id), so a rename changes nothing.
/// Throws on failure (classified by the drainer); throws <see cref="ReportDeferredException"/> when the content budget
/// is spent, or a status waits for its commit's check run (its link).
/// The App's clients are resolved at the first post (a host without a GitHub App never posts).
/// </summary>
internal sealed partial class GitHubReportPoster(
    IReportOutbox outbox,
    IGitHubStore github,
    Lazy<GitHubClients> clients,
    Lazy<IInstallationTokens> tokens,
    ContentPacer pacer,
    TimeProvider timeProvider,
    ILogger<GitHubReportPoster> logger)
{
    /// <summary>GitHub takes at most 50 annotations per request.</summary>
    public const int AnnotationBatch = 50;

    /// <summary>GitHub keeps at most 1,000 statuses per commit and context.</summary>
    public const int MaxStatusesPerContext = 1000;

    /// <summary>Posts <paramref name="item"/>; returns false when there is nothing to post it to (the repository is gone or not covered).</summary>
    public async Task<bool> PostAsync(ReportItem item, IDictionary<long, GitHubClient> clientCache, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(clientCache);
        var repository = await github.GetRepositoryAsync(item.RepositoryId, cancellationToken).ConfigureAwait(false);
        if (repository is null || repository.Removed)
        {
            Log.RepositoryGone(logger, item.Key, item.RepositoryId);
            return false;
        }

        if (!clientCache.TryGetValue(repository.InstallationId, out var client))
        {
            client = await clients.Value.ForInstallationAsync(repository.InstallationId, cancellationToken).ConfigureAwait(false);
            clientCache[repository.InstallationId] = client;
        }

        try
        {
            switch (item.Kind)
            {
                case ReportKeys.CheckRun:
                    await CheckRunAsync(client, repository, Read(item, ReportJsonContext.Default.CheckRunPayload), cancellationToken).ConfigureAwait(false);
                    break;
                case ReportKeys.Status:
                    await StatusAsync(client, repository, Read(item, ReportJsonContext.Default.StatusPayload), cancellationToken).ConfigureAwait(false);
                    break;
                case ReportKeys.Comment:
                    await CommentAsync(client, repository, Read(item, ReportJsonContext.Default.CommentPayload), cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    Log.UnknownKind(logger, item.Key, item.Kind);
                    return false;
            }
        }
        catch (AuthorizationException)
        {
            // The token was refused (revoked, or the installation changed): mint a new one next time.
            tokens.Value.Invalidate(repository.InstallationId);
            clientCache.Remove(repository.InstallationId);
            throw;
        }

        return true;
    }

    private async Task CheckRunAsync(GitHubClient client, GitHubRepositoryRecord repository, CheckRunPayload payload, CancellationToken cancellationToken)
    {
        var repositoryId = repository.RepositoryId;
        var output = Hash(payload.Status, payload.Conclusion, payload.Title, payload.Summary, payload.DetailsUrl);
        var conclusion = Hash(payload.Status, payload.Conclusion);
        var record = await outbox.GetCheckRunAsync(repositoryId, payload.HeadSha, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            Pace();
            var created = await client.Check.Run.Create(repository.Owner, repository.Name, new NewCheckRun(GitHubReporter.CheckName, payload.HeadSha)
            {
                Status = CheckStatus.InProgress,
                ExternalId = payload.ExternalId,
                DetailsUrl = payload.DetailsUrl,
                StartedAt = payload.StartedAt,
                Output = new NewCheckRunOutput(payload.Title, payload.Summary),
            }).ConfigureAwait(false);
            var inProgress = Hash("in_progress", null, payload.Title, payload.Summary, payload.DetailsUrl);
            record = new CheckRunRecord(repositoryId, payload.HeadSha, created.Id, created.HtmlUrl, ValueArray<string>.Empty,
                inProgress, Hash("in_progress", null));
            await outbox.SaveCheckRunAsync(record, cancellationToken).ConfigureAwait(false);
            Log.CheckRunCreated(logger, repository.FullName, payload.HeadSha[..7], created.Id);
        }
        else if (payload.Status != "completed")
        {
            return; // a run of a commit that has a check run already: only its outcome updates it, never back to in_progress
        }
        else if (payload.Conclusion == "neutral" && IsCompleted(record))
        {
            return; // nothing to do on a commit already reported: what was said of it stands
        }

        var posted = record.Annotations.ToHashSet(StringComparer.Ordinal);
        var fresh = payload.Annotations.Where(a => !posted.Contains(a.Fingerprint)).DistinctBy(a => a.Fingerprint).ToList();
        if (fresh.Count == 0 && (record.OutputHash == output || (payload.OnlyIfConclusionChanged && record.ConclusionHash == conclusion)))
        {
            return; // nothing new to say on this commit
        }

        // GitHub appends the annotations of every update: send each once, 50 per request; the last request completes the run.
        var batches = fresh.Chunk(AnnotationBatch).ToList();
        if (batches.Count == 0)
        {
            batches.Add([]);
        }

        for (var i = 0; i < batches.Count; i++)
        {
            var last = i == batches.Count - 1;
            var completed = last && payload.Status == "completed";
            var update = new CheckRunUpdate
            {
                Status = completed ? CheckStatus.Completed : CheckStatus.InProgress,
                Output = new NewCheckRunOutput(payload.Title, payload.Summary) { Annotations = [.. batches[i].Select(Annotation)] },
                DetailsUrl = payload.DetailsUrl,
            };
            if (completed)
            {
                update.Conclusion = Conclusion(payload.Conclusion);
                update.CompletedAt = payload.CompletedAt;
            }

            Pace();
            await client.Check.Run.Update(repository.Owner, repository.Name, record.CheckRunId, update).ConfigureAwait(false);
            record = record with
            {
                Annotations = record.Annotations.Concat(batches[i].Select(a => a.Fingerprint)).ToValueArray(),
                OutputHash = last ? output : record.OutputHash,
                ConclusionHash = last ? conclusion : record.ConclusionHash,
            };
            await outbox.SaveCheckRunAsync(record, cancellationToken).ConfigureAwait(false);
        }

        Log.CheckRunUpdated(logger, repository.FullName, payload.HeadSha[..7], record.CheckRunId, payload.Conclusion ?? payload.Status, fresh.Count, batches.Count);
    }

    private async Task StatusAsync(GitHubClient client, GitHubRepositoryRecord repository, StatusPayload payload, CancellationToken cancellationToken)
    {
        var repositoryId = repository.RepositoryId;
        var now = timeProvider.GetUtcNow();
        var target = payload.TargetUrl ?? (await outbox.GetCheckRunAsync(repositoryId, payload.Sha, cancellationToken).ConfigureAwait(false))?.HtmlUrl;
        if (target is null && await outbox.GetReportAsync(ReportKeys.ForCheckRun(repositoryId, payload.Sha), cancellationToken).ConfigureAwait(false) is { } checkRun)
        {
            // The status links to the check run, which is on its way: post it once the link exists.
            throw new ReportDeferredException(checkRun.RunAfter > now ? checkRun.RunAfter : now + TimeSpan.FromSeconds(1), pausesAll: false, "waits for its check run");
        }

        var description = CommitStatuses.Description(payload.Description);
        var last = await outbox.GetPostedStatusAsync(repositoryId, payload.Sha, payload.Context, cancellationToken).ConfigureAwait(false);
        if (last is not null && last.State == payload.State && last.Description == description && last.TargetUrl == target)
        {
            return; // unchanged: not posted again
        }

        if (last is { Posts: >= MaxStatusesPerContext })
        {
            Log.TooManyStatuses(logger, repository.FullName, payload.Sha[..7], payload.Context);
            return;
        }

        Pace();
        await client.Repository.Status.Create(repository.Owner, repository.Name, payload.Sha, new NewCommitStatus
        {
            State = payload.State switch
            {
                "success" => CommitState.Success,
                "failure" => CommitState.Failure,
                "error" => CommitState.Error,
                _ => CommitState.Pending,
            },
            Description = description,
            Context = payload.Context,
            TargetUrl = target,
        }).ConfigureAwait(false);
        await outbox.SavePostedStatusAsync(new PostedStatus(repositoryId, payload.Sha, payload.Context, payload.State, description, target, (last?.Posts ?? 0) + 1),
            cancellationToken).ConfigureAwait(false);
        Log.StatusPosted(logger, repository.FullName, payload.Sha[..7], payload.Context, payload.State);
    }

    private async Task CommentAsync(GitHubClient client, GitHubRepositoryRecord repository, CommentPayload payload, CancellationToken cancellationToken)
    {
        var repositoryId = repository.RepositoryId;
        var hash = Hash(payload.Body);
        var known = await outbox.GetPostedCommentAsync(repositoryId, payload.Number, cancellationToken).ConfigureAwait(false);
        if (known is not null && known.BodySha256 == hash)
        {
            return; // the same body is there already
        }

        var id = known?.CommentId ?? await FindAsync(client, repository, payload.Number).ConfigureAwait(false);
        if (id is { } existing)
        {
            try
            {
                Pace();
                await client.Issue.Comment.Update(repository.Owner, repository.Name, existing, payload.Body).ConfigureAwait(false);
                await outbox.SavePostedCommentAsync(new PostedComment(repositoryId, payload.Number, existing, hash), cancellationToken).ConfigureAwait(false);
                Log.CommentUpdated(logger, repository.FullName, payload.Number, existing);
                return;
            }
            catch (NotFoundException)
            {
                // Deleted on GitHub: forget it and post a new one.
                await outbox.ForgetPostedCommentAsync(repositoryId, payload.Number, cancellationToken).ConfigureAwait(false);
            }
        }

        Pace();
        var created = await client.Issue.Comment.Create(repository.Owner, repository.Name, payload.Number, payload.Body).ConfigureAwait(false);
        await outbox.SavePostedCommentAsync(new PostedComment(repositoryId, payload.Number, created.Id, hash), cancellationToken).ConfigureAwait(false);
        Log.CommentCreated(logger, repository.FullName, payload.Number, created.Id);
    }

    /// <summary>The sticky comment already on the pull request: a bot's comment that starts with the marker (every page read).</summary>
    private static async Task<long?> FindAsync(GitHubClient client, GitHubRepositoryRecord repository, int number)
    {
        var comments = await client.Issue.Comment.GetAllForIssue(repository.Owner, repository.Name, number, new ApiOptions { PageSize = 100 }).ConfigureAwait(false);
        return comments.FirstOrDefault(c => c.Body?.StartsWith(ReportMarkdown.CommentMarker, StringComparison.Ordinal) == true
            && (c.User?.Type == AccountType.Bot || c.User?.Login?.EndsWith("[bot]", StringComparison.Ordinal) == true))?.Id;
    }

    /// <summary>Whether the check run was last posted completed (not only created <c>in_progress</c>).</summary>
    internal static bool IsCompleted(CheckRunRecord record) =>
        record.ConclusionHash is { } last && last != Hash("in_progress", null);

    private void Pace()
    {
        if (!pacer.TryTake(out var next))
        {
            throw new ReportDeferredException(next, pausesAll: true, "paced: McpSaas's content-request budget (GitHub's secondary limit) is spent");
        }
    }

    private static NewCheckRunAnnotation Annotation(AnnotationPayload a) =>
        new(a.Path, a.Line, a.Line, a.Level == "warning" ? CheckAnnotationLevel.Warning : CheckAnnotationLevel.Failure, RunReport.Truncate(a.Message, 60_000))
        {
            StartColumn = a.Column,
            EndColumn = a.Column,
            Title = RunReport.Truncate(a.Title, 255),
        };

    private static CheckConclusion Conclusion(string? conclusion) => conclusion switch
    {
        "success" => CheckConclusion.Success,
        "failure" => CheckConclusion.Failure,
        _ => CheckConclusion.Neutral,
    };

    private static T Read<T>(ReportItem item, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(item.PayloadJson, type) ?? throw new JsonException($"report {item.Key}: empty payload");

    private static string Hash(params string?[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\u0000", parts.Select(p => p ?? "\u0001")))));

    private static partial class Log
    {
        [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Check run {CheckRunId} created for {Repository} at {Sha}")]
        public static partial void CheckRunCreated(ILogger logger, string repository, string sha, long checkRunId);

        [LoggerMessage(EventId = 6102, Level = LogLevel.Information, Message = "Check run {CheckRunId} of {Repository} at {Sha} updated: {State}, {Annotations} new annotation(s) in {Requests} request(s)")]
        public static partial void CheckRunUpdated(ILogger logger, string repository, string sha, long checkRunId, string state, int annotations, int requests);

        [LoggerMessage(EventId = 6103, Level = LogLevel.Information, Message = "Status {Context} of {Repository} at {Sha}: {State}")]
        public static partial void StatusPosted(ILogger logger, string repository, string sha, string context, string state);

        [LoggerMessage(EventId = 6104, Level = LogLevel.Information, Message = "Plan comment {CommentId} posted on {Repository}#{Number}")]
        public static partial void CommentCreated(ILogger logger, string repository, int number, long commentId);

        [LoggerMessage(EventId = 6105, Level = LogLevel.Information, Message = "Plan comment {CommentId} updated on {Repository}#{Number}")]
        public static partial void CommentUpdated(ILogger logger, string repository, int number, long commentId);

        [LoggerMessage(EventId = 6106, Level = LogLevel.Warning, Message = "Report {Key} dropped: repository {RepositoryId} is not recorded or no longer covered by the App")]
        public static partial void RepositoryGone(ILogger logger, string key, long repositoryId);

        [LoggerMessage(EventId = 6107, Level = LogLevel.Warning, Message = "Report {Key} dropped: unknown kind {Kind}")]
        public static partial void UnknownKind(ILogger logger, string key, string kind);

        [LoggerMessage(EventId = 6108, Level = LogLevel.Warning, Message = "Status {Context} of {Repository} at {Sha} not posted: GitHub keeps at most 1,000 statuses per commit and context")]
        public static partial void TooManyStatuses(ILogger logger, string repository, string sha, string context);
    }
}
