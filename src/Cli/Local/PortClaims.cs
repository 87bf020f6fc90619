namespace McpSaas.Cli.Local;

/// <summary>
/// Which data folder of this user owns one of the preferred loopback ports (8790 for the local runtime, 8791 for the
/// status UI and usage endpoint): a claim file per port under the user's data folder for McpSaas
/// (<c>~/.local/share/mcpsaas/ports/&lt;port&gt;</c>, naming the data folder's full path). A port is free when nothing
/// listens on it, but its owner may only be down: without the claim a second data folder created meanwhile would keep
/// the same port, and one folder's Workers would report usage to the other's endpoint. A claim whose folder is gone
/// is taken over.
/// </summary>
internal sealed class PortClaims(string directory)
{
    public static PortClaims ForUser() => new(Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify) is { Length: > 0 } shared
            ? shared
            : Path.GetTempPath(),
        "mcpsaas", "ports"));

    /// <summary>True when <paramref name="port"/> is (now) claimed by <paramref name="dataDirectory"/>, false when another existing folder has it.</summary>
    public bool TryClaim(int port, string dataDirectory)
    {
        var folder = Path.GetFullPath(dataDirectory).TrimEnd('/');
        var path = Path.Combine(directory, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            Directory.CreateDirectory(directory);
            for (var attempt = 0; attempt < 2; attempt++)
            {
                try
                {
                    using var created = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                    using var writer = new StreamWriter(created);
                    writer.Write(folder);
                    return true;
                }
                catch (IOException) when (File.Exists(path))
                {
                    var owner = File.ReadAllText(path).Trim();
                    if (owner == folder)
                    {
                        return true;
                    }

                    if (owner.Length > 0 && Directory.Exists(owner))
                    {
                        return false;
                    }

                    File.Delete(path); // its folder is gone: take it over
                }
            }

            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true; // no place to keep claims: the port alone decides, as before
        }
    }
}
