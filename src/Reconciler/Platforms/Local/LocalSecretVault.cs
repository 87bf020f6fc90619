using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Reconciling;
using McpSaas.Reconciler.Secrets;
using McpSaas.Reconciler.State;

namespace McpSaas.Reconciler.Platforms.Local;

/// <summary>
/// The secret values a locally deployed Worker was deployed with, kept beside it (<c>secrets.json</c>, mode 0600)
/// sealed with AES-256-GCM under a key derived from the secrets key for this use only. Like a Cloudflare Worker's
/// secret bindings, they stay until the Worker is redeployed, rebound or deleted: a restart of the runtime needs
/// nothing from the secret store, so a secret removed or changed there affects a server only at its next deploy.
/// Each value is bound (associated data) to its script, binding and secret version.
/// </summary>
internal sealed class LocalSecretVault(ISecretsKeyProvider keys)
{
    public const string FileName = "secrets.json";

    private static readonly byte[] DerivationLabel = Encoding.ASCII.GetBytes("mcpsaas local platform secrets v1");
    private SecretsKey? _key;

    /// <summary>Seals the values of a Worker's secret bindings into its folder.</summary>
    public async Task WriteAsync(string folder, string scriptName, IEnumerable<(SecretTextBinding Binding, SecretValue Value)> values, CancellationToken cancellationToken)
    {
        var key = await KeyAsync(cancellationToken).ConfigureAwait(false);
        var sealedValues = new Dictionary<string, SealedValue>(StringComparer.Ordinal);
        foreach (var (binding, value) in values)
        {
            var sealedSecret = SecretCipher.Seal(key, scriptName, null, Bound(binding), binding.Source.Version, value);
            sealedValues[binding.Name] = new SealedValue(Convert.ToBase64String(sealedSecret.Nonce.Span), Convert.ToBase64String(sealedSecret.CiphertextAndTag.Span));
        }

        var path = Path.Combine(folder, FileName);
        var json = JsonSerializer.Serialize(sealedValues, LocalJsonContext.Default.DictionaryStringSealedValue);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(path, options))
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(json), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The sealed values of a Worker's folder, opened; a value that is missing or does not open is an error naming the binding (never a value).</summary>
    public async Task<Dictionary<string, SecretValue>> ReadAsync(string folder, LocalDeployment deployment, CancellationToken cancellationToken)
    {
        var key = await KeyAsync(cancellationToken).ConfigureAwait(false);
        var path = Path.Combine(folder, FileName);
        Dictionary<string, SealedValue>? stored = null;
        if (File.Exists(path))
        {
            try
            {
                stored = JsonSerializer.Deserialize(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), LocalJsonContext.Default.DictionaryStringSealedValue);
            }
            catch (JsonException)
            {
                stored = null;
            }
        }

        var result = new Dictionary<string, SecretValue>(StringComparer.Ordinal);
        foreach (var binding in deployment.Bindings.OfType<SecretTextBinding>())
        {
            SecretValue? opened = null;
            if (stored is not null && stored.TryGetValue(binding.Name, out var value))
            {
                try
                {
                    opened = SecretCipher.Open(key, deployment.ScriptName, null, Bound(binding), binding.Source.Version, new EncryptedSecret
                    {
                        Nonce = Convert.FromBase64String(value.Nonce),
                        CiphertextAndTag = Convert.FromBase64String(value.Data),
                        KeyFingerprint = key.SealingFingerprint,
                    });
                }
                catch (FormatException)
                {
                    opened = null;
                }
            }

            result[binding.Name] = opened ?? throw new PlatformException(ErrorClass.Stalled,
                $"the value of {binding.Name} kept for {deployment.ScriptName} is missing or does not open (another secrets key?): redeploy that server");
        }

        return result;
    }

    private static string Bound(SecretTextBinding binding) => DeploymentHash.Canonical(binding);

    private async Task<SecretsKey> KeyAsync(CancellationToken cancellationToken)
    {
        if (_key is { } cached)
        {
            return cached;
        }

        var loaded = await keys.GetKeyAsync(createIfMissing: true, cancellationToken).ConfigureAwait(false);
        if (loaded.Key is not { } master)
        {
            throw new PlatformException(ErrorClass.Stalled, $"the local platform cannot seal secret values: {loaded.Error}");
        }

        var derived = HKDF.DeriveKey(HashAlgorithmName.SHA256, master.LegacyBytes.ToArray(), SecretsKey.Length, salt: [], info: DerivationLabel);
        try
        {
            _key = new SecretsKey(derived, "derived for the local platform");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(derived);
        }

        return _key;
    }
}
