using System.Security.Cryptography;
using System.Text;
using McpSaas.Reconciler.Keys;
using McpSaas.Reconciler.Secrets;
using McpSaas.Reconciler.State;
using McpSaas.Reconciler.State.Sqlite;
using McpSaas.Reconciler.Tests.TestSupport;
using McpSaas.Reconciler.Usage;

namespace McpSaas.Reconciler.Tests.Secrets;

/// <summary>
/// Issue #9.8: the secrets key seals secrets and signs usage tokens only through keys derived from it (HKDF-SHA256,
/// one label each). A data folder written before (secrets sealed with the key itself, usage tokens HMACs under it) keeps
/// working: its secrets open, its deployed Workers' usage tokens are still accepted and still bound at every restart;
/// a secret moves to the new scheme when it is set again, a usage token when it is next issued or rotated.
/// </summary>
public sealed class KeyDerivationUpgradeTests : IDisposable
{
    private const string MasterBase64 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private const string SlackToken = "xoxb-1111-2222-written-the-old-way";

    private readonly TempDataDirectory _data = new();
    private readonly SqliteStateStore _store;
    private readonly SecretsKey _key = new(Convert.FromBase64String(MasterBase64), "test");
    private readonly ServerId _server = Stores.Id("acme/tools/a");

    public KeyDerivationUpgradeTests() => _store = Stores.Open(_data, Stores.Clock());

    public void Dispose()
    {
        _store.Dispose();
        _data.Dispose();
    }

    private SecretsKeySource Keys => new(_data.Path, MasterBase64);

    // --- What the previous version wrote (its exact scheme, kept here to write a store the old way) ---

    private static EncryptedSecret OldSeal(byte[] master, string org, string? repo, string name, int version, string value)
    {
        var nonce = RandomNumberGenerator.GetBytes(12);
        var plaintext = Encoding.UTF8.GetBytes(value);
        var output = new byte[plaintext.Length + 16];
        using var aes = new AesGcm(master, 16);
        aes.Encrypt(nonce, plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length), SecretCipher.AssociatedData(org, repo, name, version));
        return new EncryptedSecret { Nonce = nonce, CiphertextAndTag = output, KeyFingerprint = new SecretsKey(master, "old").Fingerprint };
    }

    private static string OldUsageToken(byte[] master, ServerId server, int version)
    {
        byte[] message = [.. Encoding.ASCII.GetBytes("mcpsaas usage token v1\n"), .. Encoding.UTF8.GetBytes($"{server}\n{version}")];
        var mac = HMACSHA256.HashData(master, message);
        return "mcpu_" + Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private async Task<string> WriteTheOldWayAsync()
    {
        var master = Convert.FromBase64String(MasterBase64);
        await _store.PutSecretAsync("acme", null, "slack-bot", v => OldSeal(master, "acme", null, "slack-bot", v, SlackToken), CancellationToken.None);
        await _store.EnsureServersAsync([_server], CancellationToken.None);
        var token = OldUsageToken(master, _server, 1);
        Assert.Equal(1, await _store.SetUsageTokenHashAsync(_server, ApiKeys.Hash(token), onlyIfAbsent: true, CancellationToken.None));
        return token;
    }

    [Fact]
    public void DerivedKeys_AreHkdfSha256OfTheMasterKey_WithDistinctLabels_AndDifferFromItAndEachOther()
    {
        var master = Convert.FromBase64String(MasterBase64);

        Assert.Equal(HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, [], Encoding.ASCII.GetBytes("mcpsaas secrets sealing key v2")), _key.SealingKey.ToArray());
        Assert.Equal(HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, [], Encoding.ASCII.GetBytes("mcpsaas usage token key v2")), _key.UsageTokenKey.ToArray());
        Assert.NotEqual(master, _key.SealingKey.ToArray());
        Assert.NotEqual(master, _key.UsageTokenKey.ToArray());
        Assert.NotEqual(_key.SealingKey.ToArray(), _key.UsageTokenKey.ToArray());
        Assert.Equal("v2:" + _key.Fingerprint, _key.SealingFingerprint);
    }

    [Fact]
    public async Task NewSecrets_AreSealedWithTheSealingKey_NotTheMasterKey()
    {
        var secrets = new SecretStore(_store, Keys);

        await secrets.SetAsync(SecretScope.ForOrg("acme"), "fresh", new SecretValue("value-1"), "test", CancellationToken.None);

        var row = (await _store.GetSecretRowAsync("acme", null, "fresh", CancellationToken.None))!;
        Assert.Equal(_key.SealingFingerprint, row.Sealed!.KeyFingerprint);
        var asOld = new EncryptedSecret { Nonce = row.Sealed.Nonce, CiphertextAndTag = row.Sealed.CiphertextAndTag, KeyFingerprint = _key.Fingerprint };
        Assert.Null(SecretCipher.Open(_key, "acme", null, "fresh", row.Version, asOld)); // the master key does not open it
        Assert.Equal("value-1", (await secrets.RevealAsync("acme", "tools", "fresh", CancellationToken.None)).Value!.Reveal());
    }

    [Fact]
    public async Task AStoreWrittenTheOldWay_KeepsWorking_ThenMovesToTheDerivedKeys()
    {
        var oldToken = await WriteTheOldWayAsync();
        var secrets = new SecretStore(_store, Keys);
        var tokens = new UsageTokens(_store, Keys);
        var ingest = new UsageIngestService(_store, Stores.Clock(), new UsageIngestOptions());
        static byte[] Batch(string id) => Encoding.UTF8.GetBytes($$"""{"events":[{"eventId":"{{id}}","serverId":"acme/tools/a","tool":"fetch","keyId":null,"ok":true,"errorKind":null,"durationMs":1,"ts":"2026-03-14T09:30:00Z"}]}""");

        // The old secret opens; the deployed Worker's token is still the one bound (restarts) and still accepted.
        Assert.Equal(SlackToken, (await secrets.RevealAsync("acme", "tools", "slack-bot", CancellationToken.None)).Value!.Reveal());
        Assert.Equal(oldToken, (await tokens.TokenAsync(_server, 1, CancellationToken.None)).Reveal());
        Assert.True(await tokens.IsLegacyAsync(_server, CancellationToken.None));
        Assert.Equal(UsageIngestStatus.Accepted, (await ingest.IngestAsync(oldToken, Batch("e1"), CancellationToken.None)).Status);

        // Setting the secret again seals it the new way.
        await secrets.SetAsync(SecretScope.ForOrg("acme"), "slack-bot", new SecretValue(SlackToken + "-2"), "test", CancellationToken.None);
        var row = (await _store.GetSecretRowAsync("acme", null, "slack-bot", CancellationToken.None))!;
        Assert.Equal(_key.SealingFingerprint, row.Sealed!.KeyFingerprint);
        Assert.Equal(SlackToken + "-2", (await secrets.RevealAsync("acme", "tools", "slack-bot", CancellationToken.None)).Value!.Reveal());

        // Rotating the usage token (what a redeploy with a new token does) moves it to the derived key.
        var rotated = await tokens.RotateAsync(_server, CancellationToken.None);
        var newToken = rotated.Token!.Reveal();
        Assert.Equal(2, rotated.Version);
        Assert.NotEqual(OldUsageToken(Convert.FromBase64String(MasterBase64), _server, 2), newToken);
        Assert.Equal(newToken, (await tokens.TokenAsync(_server, 2, CancellationToken.None)).Reveal());
        Assert.False(await tokens.IsLegacyAsync(_server, CancellationToken.None));
        Assert.Equal(UsageIngestStatus.Unauthorized, (await ingest.IngestAsync(oldToken, Batch("e2"), CancellationToken.None)).Status);
        Assert.Equal(UsageIngestStatus.Accepted, (await ingest.IngestAsync(newToken, Batch("e3"), CancellationToken.None)).Status);
    }

    [Fact]
    public async Task NewServers_GetTokensFromTheDerivedKey()
    {
        var other = Stores.Id("acme/tools/new");
        await _store.EnsureServersAsync([other], CancellationToken.None);
        var tokens = new UsageTokens(_store, Keys);

        var issued = await tokens.IssueAsync(other, CancellationToken.None);

        byte[] message = [.. Encoding.ASCII.GetBytes("mcpsaas usage token v2\n"), .. Encoding.UTF8.GetBytes($"{other}\n1")];
        var expected = HMACSHA256.HashData(_key.UsageTokenKey, message);
        Assert.Equal("mcpu_" + Convert.ToBase64String(expected).TrimEnd('=').Replace('+', '-').Replace('/', '_'), issued.Token!.Reveal());
        Assert.NotEqual(OldUsageToken(Convert.FromBase64String(MasterBase64), other, 1), issued.Token.Reveal());
        Assert.False(await tokens.IsLegacyAsync(other, CancellationToken.None));
    }
}
