using Microsoft.Extensions.Options;

namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>
/// The API token, from <see cref="CloudflareOptions.ApiToken"/> or the file in <see cref="CloudflareOptions.ApiTokenFile"/>
/// (re-read when the file changes, so a rotated token is picked up without a restart). Only
/// <see cref="CloudflareAuthHandler"/> reads the value; it is never logged, shown or put in an exception.
/// </summary>
public sealed class CloudflareApiToken
{
    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private readonly string? _inline;
    private readonly string? _file;
    private readonly Lock _lock = new();
    private (DateTime WriteTime, string Value)? _cached;

    public CloudflareApiToken(IOptions<CloudflareOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value; // validated: a bad configuration fails here, before any call
        _inline = string.IsNullOrWhiteSpace(value.ApiToken) ? null : value.ApiToken.Trim();
        _file = string.IsNullOrWhiteSpace(value.ApiTokenFile) ? null : value.ApiTokenFile;
    }

    /// <summary>The token (for the Authorization header only).</summary>
    internal string Value()
    {
        if (_inline is not null)
        {
            return _inline;
        }

        lock (_lock)
        {
            var writeTime = File.GetLastWriteTimeUtc(_file!);
            if (_cached is { } cached && cached.WriteTime == writeTime)
            {
                return cached.Value;
            }

            var problem = FileProblem(_file!);
            if (problem is not null)
            {
                throw new CloudflareApiException(CloudflareErrorKind.Authentication, $"MCPSAAS_Cloudflare__ApiTokenFile: {problem}");
            }

            var token = File.ReadAllText(_file!).Trim();
            _cached = (writeTime, token);
            return token;
        }
    }

    /// <summary>Whether <paramref name="text"/> contains the token: for redacting messages built from API answers.</summary>
    internal string Redact(string text)
    {
        string token;
        try
        {
            token = Value();
        }
        catch (CloudflareApiException)
        {
            return text;
        }

        return token.Length >= 8 ? text.Replace(token, "(redacted)", StringComparison.Ordinal) : text;
    }

    /// <summary>What is wrong with a token file (missing, empty, readable by others), or null.</summary>
    internal static string? FileProblem(string path)
    {
        if (!File.Exists(path))
        {
            return $"'{path}' does not exist: write the API token into it (one line, mode 0600), or set MCPSAAS_Cloudflare__ApiToken instead";
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & GroupOrOther) != 0)
        {
            return $"'{path}' may be read by group or others: run chmod 600 '{path}'";
        }

        try
        {
            var text = File.ReadAllText(path).Trim();
            if (text.Length == 0)
            {
                return $"'{path}' is empty: write the API token into it";
            }

            if (text.Any(char.IsWhiteSpace))
            {
                return $"'{path}' holds more than one word: keep the token alone on one line, without 'Bearer '";
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"'{path}' cannot be read ({e.GetType().Name}): make it readable by this user";
        }

        return null;
    }

    public override string ToString() => "(sensitive)";
}
