using Microsoft.Data.Sqlite;

namespace McpSaas.Reconciler.Tests.TestSupport;

/// <summary>A fresh data folder under the temp folder, removed (with pooled SQLite handles released) on dispose.</summary>
public sealed class TempDataDirectory : IDisposable
{
    public TempDataDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mcpsaas-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string DatabasePath => System.IO.Path.Combine(Path, "state.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a handle still open elsewhere leaves a temp folder behind, not a failed test.
        }
    }
}
