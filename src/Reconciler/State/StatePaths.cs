namespace McpSaas.Reconciler.State;

/// <summary>Where things live in the data folder (<c>--data</c>, default <c>.mcpsaas/</c>).</summary>
public static class StatePaths
{
    public const string DefaultDataDirectory = ".mcpsaas";

    public const string DatabaseFileName = "state.db";

    public const string SecretsKeyFileName = "secrets.key";

    public static string Database(string dataDirectory) => Path.Combine(dataDirectory, DatabaseFileName);

    public static string SecretsKeyFile(string dataDirectory) => Path.Combine(dataDirectory, SecretsKeyFileName);

    /// <summary>
    /// A short stable name of the data folder (from its full path), answered by the hosts' <c>/healthz</c> as
    /// <c>instance</c>: a command that finds the usage port taken tells its own data folder's endpoint from any other
    /// McpSaas process (another data folder's, which would refuse this folder's usage tokens).
    /// </summary>
    public static string Instance(string dataDirectory) => Convert.ToHexStringLower(
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(dataDirectory).TrimEnd('/'))))[..16];

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
