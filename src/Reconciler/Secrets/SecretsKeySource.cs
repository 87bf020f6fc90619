using System.Text;

namespace McpSaas.Reconciler.Secrets;

/// <summary>
/// Loads the secrets key: from configuration (<c>MCPSAAS_SECRETS_KEY</c>: base64 of 32 bytes) when set, otherwise from
/// the local key file <c>&lt;data&gt;/secrets.key</c>, generated on first use with mode 0600. A key file that group or
/// others may read is refused. The loaded key is cached.
/// </summary>
public sealed class SecretsKeySource : ISecretsKeyProvider
{
    public const string EnvironmentVariable = "MCPSAAS_SECRETS_KEY";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private readonly string? _configuredKey;
    private readonly string _keyFile;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SecretsKey? _key;

    /// <param name="dataDirectory">The data folder holding <c>secrets.key</c>.</param>
    /// <param name="configuredKey">The value of <c>MCPSAAS_SECRETS_KEY</c> (base64 of 32 bytes), or <c>null</c> to use the key file.</param>
    public SecretsKeySource(string dataDirectory, string? configuredKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        _keyFile = Path.GetFullPath(State.StatePaths.SecretsKeyFile(dataDirectory));
        _configuredKey = string.IsNullOrWhiteSpace(configuredKey) ? null : configuredKey.Trim();
    }

    public string KeyFilePath => _keyFile;

    public async Task<SecretsKeyResult> GetKeyAsync(bool createIfMissing, CancellationToken cancellationToken)
    {
        if (_key is { } cached)
        {
            return SecretsKeyResult.Loaded(cached);
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_key is { } loaded)
            {
                return SecretsKeyResult.Loaded(loaded);
            }

            var result = _configuredKey is not null ? FromConfiguration(_configuredKey) : await FromFileAsync(createIfMissing, cancellationToken).ConfigureAwait(false);
            _key = result.Key;
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static SecretsKeyResult FromConfiguration(string text)
    {
        var bytes = new byte[SecretsKey.Length * 2];
        if (!Convert.TryFromBase64String(text, bytes, out var length) || length != SecretsKey.Length)
        {
            return SecretsKeyResult.Invalid(
                $"{EnvironmentVariable} must be the base64 encoding of exactly {SecretsKey.Length} random bytes; "
                + "generate one with `openssl rand -base64 32`, or unset it to use the local key file");
        }

        return SecretsKeyResult.Loaded(new SecretsKey(bytes.AsSpan(0, length), EnvironmentVariable));
    }

    private async Task<SecretsKeyResult> FromFileAsync(bool createIfMissing, CancellationToken cancellationToken)
    {
        if (!File.Exists(_keyFile))
        {
            if (!createIfMissing)
            {
                return SecretsKeyResult.Missing(
                    $"no secrets key: {_keyFile} does not exist and {EnvironmentVariable} is not set; "
                    + $"`mcpsaas secrets set` creates the key file, or set {EnvironmentVariable}");
            }

            await CreateKeyFileAsync(cancellationToken).ConfigureAwait(false);
        }

        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(_keyFile);
            if ((mode & GroupOrOther) != 0)
            {
                return SecretsKeyResult.Invalid(
                    $"{_keyFile} may be read by other users (mode {ToOctal(mode)}); it must be readable by its owner only: "
                    + $"run `chmod 600 {_keyFile}` and try again");
            }
        }

        var text = (await File.ReadAllTextAsync(_keyFile, Encoding.ASCII, cancellationToken).ConfigureAwait(false)).Trim();
        var bytes = new byte[SecretsKey.Length * 2];
        if (!Convert.TryFromBase64String(text, bytes, out var length) || length != SecretsKey.Length)
        {
            return SecretsKeyResult.Invalid(
                $"{_keyFile} does not hold a secrets key (base64 of {SecretsKey.Length} bytes); restore it from your backup, "
                + $"or set {EnvironmentVariable}");
        }

        return SecretsKeyResult.Loaded(new SecretsKey(bytes.AsSpan(0, length), _keyFile));
    }

    /// <summary>Writes a new key to a temporary file created with mode 0600, then moves it in place unless another process won the race.</summary>
    private async Task CreateKeyFileAsync(CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(_keyFile)!;
        State.StatePaths.EnsureDataDirectory(folder);
        var temporary = Path.Combine(folder, $".secrets.key.{Guid.NewGuid():N}.tmp");
        var key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(SecretsKey.Length);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerOnly;
            }

            await using (var stream = new FileStream(temporary, options))
            {
                var text = Encoding.ASCII.GetBytes(Convert.ToBase64String(key) + "\n");
                await stream.WriteAsync(text, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            try
            {
                File.Move(temporary, _keyFile, overwrite: false);
            }
            catch (IOException) when (File.Exists(_keyFile))
            {
                // Another process created it first: use theirs.
            }
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(key);
            File.Delete(temporary);
        }
    }

    private static string ToOctal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0x1FF, 8);
}
