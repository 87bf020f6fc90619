using McpSaas.Reconciler.Platforms.Cloudflare;

namespace McpSaas.Reconciler.Tests.Platforms.Cloudflare;

public sealed class DurableObjectMigrationsTests
{
    [Fact]
    public void For_ANewScript_CreatesBothClassesAsSqliteClasses_WithoutAnOldTag()
    {
        var migrations = DurableObjectMigrations.For("mcp-a", null);

        Assert.NotNull(migrations);
        Assert.Null(migrations.OldTag);
        Assert.Equal(DurableObjectMigrations.V1, migrations.NewTag);
        var step = Assert.Single(migrations.Steps);
        Assert.Equal(["McpSession", "McpLimiter"], step.NewSqliteClasses);
        Assert.Null(step.NewClasses);
    }

    [Fact]
    public void For_AScriptAtTheLatestTag_IsNothing_SoAReUploadNeverRepeatsTheMigration() =>
        Assert.Null(DurableObjectMigrations.For("mcp-a", DurableObjectMigrations.LatestTag));

    [Fact]
    public void For_AScriptWithATagMcpSaasNeverWrote_IsStalled()
    {
        var error = Assert.Throws<CloudflareApiException>(() => DurableObjectMigrations.For("mcp-a", "v1"));

        Assert.Equal(CloudflareErrorKind.MigrationTagUnknown, error.Kind);
        Assert.Equal(CloudflareErrorClass.Stalled, error.Class);
        Assert.Contains("'mcp-a'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'v1'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void For_ReturnsACopy_SoCallersCannotChangeTheHistory()
    {
        DurableObjectMigrations.For("mcp-a", null)!.Steps[0].NewSqliteClasses!.Add("Other");

        Assert.Equal(["McpSession", "McpLimiter"], DurableObjectMigrations.For("mcp-a", null)!.Steps[0].NewSqliteClasses);
    }
}
