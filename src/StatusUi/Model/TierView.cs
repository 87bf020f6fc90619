namespace McpSaas.StatusUi.Model;

/// <summary>One tier's default limits (null: unlimited / per contract).</summary>
public sealed record TierView(string Tier, int? ServersPerOrg, int? ToolsPerServer, long? CallsPerMonth, int? CallsPerMinute, bool PremiumTools);
