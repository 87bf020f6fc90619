namespace McpSaas.Reconciler.State;

/// <summary>Where things live in the data folder (<c>--data</c>, default <c>.mcpsaas/</c>).</summary>
public static class StatePaths
{
    public const string DefaultDataDirectory = ".mcpsaas";

    public const string DatabaseFileName = "state.db";

    public const string SecretsKeyFileName = "secrets.key";

    public static string Database(string dataDirectory) => Path.Combine(dataDirectory, DatabaseFileName);

    public static string SecretsKeyFile(string dataDirectory) => Path.Combine(dataDirectory, SecretsKeyFileName);

    /// <summary>Creates the data folder when missing, readable by its owner only (on Unix).</summary>
    public static void EnsureDataDirectory(string dataDirectory)
    {
        if (Directory.Exists(dataDirectory))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(dataDirectory);
        }
        else
        {
            Directory.CreateDirectory(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
