using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using McpSaas.Reconciler.Reconciling;
using McpSaas.Reconciler.Reporting;
using McpSaas.Schema.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpSaas.GitHub.Reporting;

/// <summary>
/// Reports runs of GitHub repositories to GitHub (issue #12): one check run <c>McpSaas</c> per commit (created
/// <c>in_progress</c> when the run has read its source, completed at the end with the summary and one annotation per
/// diagnostic), the sticky plan comment on a pull request, and commit statuses on default-branch applies (per server,
/// aggregate above the threshold, drift restored by a periodic run). It only writes the reports to the durable outbox
/// and wakes the poster (<see cref="GitHubReportDrainer"/>): GitHub being slow or down never blocks or undoes a run.
/// Runs of other sources (folders, git URLs) are not reported here.
/// </summary>
internal sealed partial class GitHubReporter(
    IReportOutbox outbox,
    RunReportBuilder builder,
    ReportSignal signal,
    TimeProvider timeProvider,
    IOptions<GitHubReportingOptions> options,
    ILogger<GitHubReporter> logger) : IReconcileReporter
{
    /// <summary>The check run's name.</summary>
    public const string CheckName = "McpSaas";

    public async Task StartedAsync(ReconcileRequest request, string revision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!options.Value.Enabled || request.Repo.RepositoryId is not { } repositoryId || request.Repo.InstallationId is null
            || !IsCommit(revision) || request.Trigger == "schedule")
        {
            return; // a periodic look at the same commit says something only when the outcome changes
        }

        var payload = new CheckRunPayload
        {
            HeadSha = revision,
            Status = "in_progress",
            Title = request.PullRequest is { } pr ? $"Planning pull request #{pr.Number.ToString(CultureInfo.InvariantCulture)}" : "Applying",
            Summary = $"McpSaas is reading the manifests of `{request.Repo.Org}/{request.Repo.Name}` at `{revision[..7]}`"
                + (request.Apply ? " and applying them." : " and planning (nothing is deployed for a pull request)."),
            ExternalId = ExternalId(repositoryId, revision),
            StartedAt = timeProvider.GetUtcNow(),
        };
        var key = ReportKeys.ForCheckRun(repositoryId, revision);
        if (await outbox.GetReportAsync(key, cancellationToken).ConfigureAwait(false) is not null
            || await outbox.GetCheckRunAsync(repositoryId, revision, cancellationToken).ConfigureAwait(false) is not null)
        {
            return; // the commit has a check run (or one on its way): only this run's outcome will update it
        }

        await outbox.EnqueueReportsAsync(
            [new ReportRequest(key, ReportKeys.CheckRun, repositoryId, JsonSerializer.Serialize(payload, ReportJsonContext.Default.CheckRunPayload))],
            cancellationToken).ConfigureAwait(false);
        signal.Notify();
    }

    public async Task ReportAsync(ReconcileRequest request, ReconcileResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(result);
        if (!options.Value.Enabled || request.Repo.RepositoryId is not { } repositoryId || request.Repo.InstallationId is null)
        {
            return;
        }

        var sha = IsCommit(result.Revision) ? result.Revision : request.Commit ?? request.PullRequest?.HeadSha;
        if (sha is null || !IsCommit(sha))
        {
            Log.NoCommit(logger, request.Repo.Org, request.Repo.Name, result.Error?.Message ?? "no commit read");
            return;
        }

        var report = await builder.BuildAsync(request, result, sha, cancellationToken).ConfigureAwait(false);
        var reports = new List<ReportRequest>();
        var checkRun = CheckRun(report, repositoryId);
        if (checkRun.Conclusion != "neutral" || !await ReportedAsync(repositoryId, sha, cancellationToken).ConfigureAwait(false))
        {
            reports.Add(new(ReportKeys.ForCheckRun(repositoryId, sha), ReportKeys.CheckRun, repositoryId,
                JsonSerializer.Serialize(checkRun, ReportJsonContext.Default.CheckRunPayload)));
        }

        if (request.PullRequest is { } pr && !request.Apply)
        {
            var comment = new CommentPayload { Number = pr.Number, Body = ReportMarkdown.Comment(report) };
            reports.Add(new ReportRequest(ReportKeys.ForComment(repositoryId, pr.Number), ReportKeys.Comment, repositoryId,
                JsonSerializer.Serialize(comment, ReportJsonContext.Default.CommentPayload)));
        }

        foreach (var status in CommitStatuses.For(report, options.Value.AggregateAbove))
        {
            reports.Add(new ReportRequest(ReportKeys.ForStatus(repositoryId, status.Sha, status.Context), ReportKeys.Status, repositoryId,
                JsonSerializer.Serialize(status, ReportJsonContext.Default.StatusPayload)));
        }

        await outbox.EnqueueReportsAsync(reports, cancellationToken).ConfigureAwait(false);
        Log.Queued(logger, reports.Count, request.Repo.Org, request.Repo.Name, sha[..7], report.Conclusion);
        signal.Notify();
    }

    /// <summary>
    /// Whether the commit's outcome is already said (posted, or waiting to be): a later look that finds nothing to do
    /// (a second job for the same commit, a periodic run) must not replace it with "nothing to do".
    /// </summary>
    private async Task<bool> ReportedAsync(long repositoryId, string sha, CancellationToken cancellationToken)
    {
        if (await outbox.GetReportAsync(ReportKeys.ForCheckRun(repositoryId, sha), cancellationToken).ConfigureAwait(false) is { } pending
            && JsonSerializer.Deserialize(pending.PayloadJson, ReportJsonContext.Default.CheckRunPayload)?.Status == "completed")
        {
            return true;
        }

        return await outbox.GetCheckRunAsync(repositoryId, sha, cancellationToken).ConfigureAwait(false) is { } record && GitHubReportPoster.IsCompleted(record);
    }

    /// <summary>The completed check run of a report: conclusion, title, the Markdown summary and one annotation per diagnostic.</summary>
    internal static CheckRunPayload CheckRun(RunReport report, long repositoryId) => new()
    {
        HeadSha = report.Sha,
        Status = "completed",
        Conclusion = report.Conclusion,
        Title = RunReport.Truncate(report.Title, 255),
        Summary = ReportMarkdown.Summary(report),
        DetailsUrl = report.RepositoryPage,
        ExternalId = ExternalId(repositoryId, report.Sha),
        StartedAt = report.At,
        CompletedAt = report.At,
        OnlyIfConclusionChanged = report.IsPeriodic,
        Annotations = [.. report.Problems.Select(Annotation)],
    };

    /// <summary>A diagnostic as an annotation at its manifest path, line and column (the positions of <c>validate --json</c>).</summary>
    internal static AnnotationPayload Annotation(Diagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        var message = diagnostic.DocPath.Length > 0 ? $"{diagnostic.DocPath}: {diagnostic.Message}" : diagnostic.Message;
        var text = diagnostic.ToString();
        return new AnnotationPayload
        {
            Path = diagnostic.Path,
            Line = Math.Max(1, diagnostic.Line),
            Column = Math.Max(1, diagnostic.Column),
            Level = diagnostic.IsError ? "failure" : "warning",
            Title = diagnostic.Code,
            Message = message,
            Fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..24],
        };
    }

    /// <summary>A full commit id (SHA-1 or SHA-256, hex).</summary>
    internal static bool IsCommit(string? revision) =>
        revision is { Length: 40 or 64 } && revision.All(char.IsAsciiHexDigit);

    private static string ExternalId(long repositoryId, string sha) => string.Create(CultureInfo.InvariantCulture, $"mcpsaas:{repositoryId}:{sha}");

    private static partial class Log
    {
        [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Queued {Count} report(s) to GitHub for {Org}/{Repo} at {Sha}: {Conclusion}")]
        public static partial void Queued(ILogger logger, int count, string org, string repo, string sha, string conclusion);

        [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Nothing reported to GitHub for {Org}/{Repo}: no commit to report on ({Reason})")]
        public static partial void NoCommit(ILogger logger, string org, string repo, string reason);
    }
}
