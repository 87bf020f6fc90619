using McpSaas.Reconciler.State;
using McpSaas.Reconciler.State.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace McpSaas.Reconciler.Tests.TestSupport;

/// <summary>Builders shared by the tests.</summary>
public static class Stores
{
    public static readonly DateTimeOffset Start = new(2026, 3, 14, 9, 30, 0, TimeSpan.Zero);

    public static FakeTimeProvider Clock() => new(Start);

    public static SqliteStateStore Open(TempDataDirectory data, TimeProvider clock, TimeSpan? busyTimeout = null) =>
        new(new SqliteStateStoreOptions { DatabasePath = data.DatabasePath, BusyTimeout = busyTimeout ?? TimeSpan.FromSeconds(15) }, clock);

    public static ServerId Id(string text) => ServerId.Parse(text);
}
