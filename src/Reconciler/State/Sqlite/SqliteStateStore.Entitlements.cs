using McpSaas.Schema.Plans;

namespace McpSaas.Reconciler.State.Sqlite;

public sealed partial class SqliteStateStore
{
    public async Task<OrgEntitlement> GetEntitlementAsync(string org, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, """
            SELECT tier, servers_per_org, tools_per_server, calls_per_month, calls_per_minute, premium_tools, updated_at
            FROM orgs WHERE org = @org
            """).With("@org", org);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return OrgEntitlement.DefaultFor(org);
        }

        var tierName = reader.GetString(0);
        if (!PlanTierNames.TryParse(tierName, out var tier))
        {
            throw new StateStoreException($"org '{org}' has an unknown plan tier '{tierName}' in the state store; set it again with `mcpsaas admin plan {org} free|pro|enterprise`");
        }

        var premium = reader.GetInt64OrNull(5);
        return new OrgEntitlement
        {
            Org = org,
            Tier = tier.Value,
            Overrides = new PlanLimitOverrides
            {
                ServersPerOrg = (int?)reader.GetInt64OrNull(1),
                ToolsPerServer = (int?)reader.GetInt64OrNull(2),
                CallsPerMonth = reader.GetInt64OrNull(3),
                CallsPerMinute = (int?)reader.GetInt64OrNull(4),
                PremiumTools = premium is null ? null : premium != 0,
            },
            UpdatedAt = reader.GetTime(6),
        };
    }

    public async Task<OrgEntitlement> SetEntitlementAsync(string org, PlanTier tier, PlanLimitOverrides overrides, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(org);
        ArgumentNullException.ThrowIfNull(overrides);
        var errors = overrides.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"invalid overrides for org '{org}': {string.Join("; ", errors)}", nameof(overrides));
        }

        var now = NowMs();
        using (var connection = await OpenAsync(cancellationToken).ConfigureAwait(false))
        using (var command = connection.Command(null, """
            INSERT INTO orgs (org, tier, servers_per_org, tools_per_server, calls_per_month, calls_per_minute, premium_tools, updated_at)
            VALUES (@org, @tier, @servers, @tools, @month, @minute, @premium, @now)
            ON CONFLICT (org) DO UPDATE SET
                tier = excluded.tier, servers_per_org = excluded.servers_per_org, tools_per_server = excluded.tools_per_server,
                calls_per_month = excluded.calls_per_month, calls_per_minute = excluded.calls_per_minute,
                premium_tools = excluded.premium_tools, updated_at = excluded.updated_at
            """))
        {
            command.With("@org", org).With("@tier", tier.ToName())
                .With("@servers", overrides.ServersPerOrg).With("@tools", overrides.ToolsPerServer)
                .With("@month", overrides.CallsPerMonth).With("@minute", overrides.CallsPerMinute)
                .With("@premium", overrides.PremiumTools is { } p ? (p ? 1 : 0) : null).With("@now", now);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return new OrgEntitlement { Org = org, Tier = tier, Overrides = overrides, UpdatedAt = SqliteValues.FromUnixMs(now) };
    }
}
