using McpSaas.Reconciler.Reconciling;

namespace McpSaas.WebhookApi.Operations;

/// <summary>Counts every reconcile run and its platform writes into <see cref="McpSaasMetrics"/>.</summary>
internal sealed class MetricsReporter(McpSaasMetrics metrics) : IReconcileReporter
{
    public Task ReportAsync(ReconcileRequest request, ReconcileResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(result);
        metrics.Count("mcpsaas_reconciles_total", $"mode=\"{(request.Apply ? "apply" : "plan")}\",result=\"{(result.Failed ? "failed" : "ok")}\"");
        if (result.PlatformWrites > 0)
        {
            metrics.Count("mcpsaas_platform_writes_total", by: result.PlatformWrites);
        }

        return Task.CompletedTask;
    }
}
