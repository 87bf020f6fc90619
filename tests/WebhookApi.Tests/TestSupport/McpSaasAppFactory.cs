using McpSaas.Reconciler.Identity;
using McpSaas.Reconciler.Keys;
using McpSaas.Reconciler.State;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace McpSaas.WebhookApi.Tests.TestSupport;

/// <summary>The real app in-process (TestServer), on a fresh data folder, with a fake clock.</summary>
public sealed class McpSaasAppFactory : WebApplicationFactory<Program>
{
    public McpSaasAppFactory()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "mcpsaas-tests", Guid.NewGuid().ToString("N"));
    }

    public static readonly DateTimeOffset Start = new(2026, 3, 14, 9, 30, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; } = new(Start);

    public string DataDirectory { get; }

    public Dictionary<string, string?> Settings { get; } = [];

    public IStateStore Store => Services.GetRequiredService<IStateStore>();

    /// <summary>Records a server and issues its usage token; returns the token.</summary>
    public async Task<string> AddServerAsync(string serverId)
    {
        var id = ServerId.Parse(serverId);
        await Store.EnsureServersAsync([id], CancellationToken.None);
        var issued = await Services.GetRequiredService<UsageTokens>().IssueAsync(id, CancellationToken.None);
        return issued.Token!.Reveal();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("State:DataDirectory", DataDirectory);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
