using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace McpSaas.WebhookApi.Operations;

/// <summary>
/// The host's counters, exposed at <c>GET /metrics</c> in the Prometheus text format (version 0.0.4): reconcile runs and
/// platform writes (from <see cref="MetricsReporter"/>), webhook deliveries by answer, and — read at each scrape — the
/// job queue's depth and the platform API budget left. Small and dependency-free on purpose: a handful of counters.
/// </summary>
public sealed class McpSaasMetrics
{
    private readonly ConcurrentDictionary<(string Name, string Labels), long> _counters = new();

    public void Count(string name, string labels = "", long by = 1) =>
        _counters.AddOrUpdate((name, labels), by, (_, value) => value + by);

    public long Value(string name, string labels = "") => _counters.TryGetValue((name, labels), out var value) ? value : 0;

    /// <summary>The exposition text: counters, then the gauges given (read now).</summary>
    public string Render(IEnumerable<(string Name, string Help, double Value)> gauges)
    {
        var sb = new StringBuilder();
        foreach (var group in _counters.GroupBy(c => c.Key.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            sb.Append(CultureInfo.InvariantCulture, $"# HELP {group.Key} {Help(group.Key)}\n# TYPE {group.Key} counter\n");
            foreach (var ((name, labels), value) in group.OrderBy(c => c.Key.Labels, StringComparer.Ordinal))
            {
                sb.Append(CultureInfo.InvariantCulture, $"{name}{(labels.Length == 0 ? "" : "{" + labels + "}")} {value}\n");
            }
        }

        foreach (var (name, help, value) in gauges)
        {
            sb.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}\n");
        }

        return sb.ToString();
    }

    private static string Help(string name) => name switch
    {
        "mcpsaas_reconciles_total" => "Reconcile runs by mode (apply, plan) and result (ok, failed).",
        "mcpsaas_platform_writes_total" => "Deploys, rebinds and deletes made on the platform.",
        "mcpsaas_webhook_deliveries_total" => "GitHub webhook deliveries by HTTP answer.",
        _ => name,
    };
}
