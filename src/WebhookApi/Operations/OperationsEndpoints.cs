using System.Globalization;
using McpSaas.Reconciler.Jobs;
using McpSaas.Reconciler.Platforms;
using McpSaas.Reconciler.State;

namespace McpSaas.WebhookApi.Operations;

/// <summary>
/// <c>GET /readyz</c> (the state store answers and the platform is reachable: 200, else 503 naming what is not) and
/// <c>GET /metrics</c> (Prometheus text). <c>GET /healthz</c> (the process answers) is mapped by the host.
/// </summary>
public static class OperationsEndpoints
{
    public static IEndpointRouteBuilder MapOperations(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/readyz", ReadyAsync);
        endpoints.MapGet("/metrics", MetricsAsync);
        return endpoints;
    }

    private static async Task<IResult> ReadyAsync(IStateStore store, IServiceProvider services, CancellationToken cancellationToken)
    {
        var checks = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            await store.GetSettingAsync("readyz", cancellationToken).ConfigureAwait(false);
            checks["stateStore"] = "ok";
        }
        catch (Exception e) when (e is StateStoreException or IOException or InvalidOperationException)
        {
            checks["stateStore"] = $"failed: {e.Message}";
        }

        if (services.GetService<IWorkerPlatform>() is { } platform)
        {
            try
            {
                await platform.PrepareAsync(cancellationToken).ConfigureAwait(false);
                checks["platform"] = $"ok ({platform.Name})";
            }
            catch (Exception e) when (e is PlatformException or HttpRequestException or IOException)
            {
                checks["platform"] = $"failed ({platform.Name}): {e.Message}";
            }
        }

        var ready = checks.Values.All(v => v.StartsWith("ok", StringComparison.Ordinal));
        return Results.Json(new Dictionary<string, object> { ["status"] = ready ? "ready" : "not ready", ["checks"] = checks },
            statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> MetricsAsync(McpSaasMetrics metrics, IServiceProvider services, CancellationToken cancellationToken)
    {
        var gauges = new List<(string, string, double)>();
        if (services.GetService<IJobQueue>() is { } queue)
        {
            var stats = await queue.GetStatsAsync(cancellationToken).ConfigureAwait(false);
            gauges.Add(("mcpsaas_jobs_pending", "Jobs waiting in the queue.", stats.Pending));
            gauges.Add(("mcpsaas_jobs_running", "Jobs running now.", stats.Running));
        }

        if (services.GetService<Reconciler.Reporting.IReportOutbox>() is { } outbox)
        {
            gauges.Add(("mcpsaas_reports_pending", "Reports to GitHub (check runs, statuses, comments) waiting in the outbox.", await outbox.CountReportsAsync(cancellationToken).ConfigureAwait(false)));
        }

        if (services.GetService<IWorkerPlatform>() is IPlatformBudget budget)
        {
            gauges.Add(("mcpsaas_platform_budget_remaining", "Platform API requests left in the current window.", budget.Remaining));
            gauges.Add(("mcpsaas_platform_budget_limit", "Platform API requests per window.", budget.Limit));
        }

        return Results.Text(metrics.Render(gauges), "text/plain; version=0.0.4; charset=utf-8");
    }

    /// <summary>Counts answers to the webhook endpoint by status code.</summary>
    public static IApplicationBuilder UseWebhookMetrics(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var metrics = app.ApplicationServices.GetRequiredService<McpSaasMetrics>();
        return app.Use(async (context, next) =>
        {
            await next(context).ConfigureAwait(false);
            if (context.Request.Path.StartsWithSegments("/webhooks/github", StringComparison.Ordinal))
            {
                metrics.Count("mcpsaas_webhook_deliveries_total", string.Create(CultureInfo.InvariantCulture, $"status=\"{context.Response.StatusCode}\""));
            }
        });
    }
}
