using System.Text.Json.Serialization;
using McpSaas.StatusUi.Builder;
using McpSaas.StatusUi.Model;

namespace McpSaas.StatusUi.Api;

/// <summary>The JSON API's shapes (camelCase), source-generated.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(OrgListView))]
[JsonSerializable(typeof(OverviewView))]
[JsonSerializable(typeof(ServerView))]
[JsonSerializable(typeof(ServerStatusView))]
[JsonSerializable(typeof(SecretsView))]
[JsonSerializable(typeof(CatalogView))]
[JsonSerializable(typeof(PlanView))]
[JsonSerializable(typeof(GettingStartedView))]
[JsonSerializable(typeof(BuilderInput))]
[JsonSerializable(typeof(BuilderResultView))]
[JsonSerializable(typeof(ErrorView))]
[JsonSerializable(typeof(AuditView))]
public sealed partial class StatusJsonContext : JsonSerializerContext;
