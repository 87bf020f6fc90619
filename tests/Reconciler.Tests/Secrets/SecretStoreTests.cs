using McpSaas.Reconciler.Secrets;
using McpSaas.Reconciler.State;
using McpSaas.Reconciler.State.Sqlite;
using McpSaas.Reconciler.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace McpSaas.Reconciler.Tests.Secrets;

public sealed class SecretStoreTests : IDisposable
{
    private const string Plain = "xoxb-1111-2222-very-secret-value";

    private readonly TempDataDirectory _data = new();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly SqliteStateStore _store;

    public SecretStoreTests() => _store = Stores.Open(_data, Stores.Clock());

    public void Dispose()
    {
        _store.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task SetThenReveal_RoundTripsTheValue_AndStoresNoPlaintext()
    {
        var secrets = Secrets(KeyA);

        var written = await secrets.SetAsync(SecretScope.ForOrg("acme"), "slack-bot", new SecretValue(Plain), "test", CancellationToken.None);
        var read = await secrets.RevealAsync("acme", "tools", "slack-bot", CancellationToken.None);

        Assert.True(written.Succeeded, written.Error);
        Assert.Equal(1, written.Info!.Version);
        Assert.Equal(SecretReadStatus.Found, read.Status);
        Assert.Equal(Plain, read.Value!.Reveal());
        SqliteConnection.ClearAllPools();
        var bytes = File.ReadAllBytes(_data.DatabasePath).Concat(WalBytes()).ToArray();
        Assert.DoesNotContain(Plain, System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EverySet_BumpsTheVersion_AcrossScopesAndAfterRemoval()
    {
        var secrets = Secrets(KeyA);
        var org = SecretScope.ForOrg("acme");

        var v1 = await secrets.SetAsync(org, "token", new SecretValue("one"), "test", CancellationToken.None);
        var v2 = await secrets.SetAsync(org, "token", new SecretValue("two"), "test", CancellationToken.None);
        var v3 = await secrets.SetAsync(SecretScope.ForRepo("acme", "tools"), "token", new SecretValue("three"), "test", CancellationToken.None);
        Assert.True(await secrets.RemoveAsync(org, "token", "test", CancellationToken.None));
        var v4 = await secrets.SetAsync(org, "token", new SecretValue("four"), "test", CancellationToken.None);

        Assert.Equal([1, 2, 3, 4], new[] { v1, v2, v3, v4 }.Select(r => r.Info!.Version));
    }

    [Fact]
    public async Task RepoScope_WinsOverOrgScope_OnLookupAndResolve()
    {
        var secrets = Secrets(KeyA);
        await secrets.SetAsync(SecretScope.ForOrg("acme"), "token", new SecretValue("org-wide"), "test", CancellationToken.None);
        await secrets.SetAsync(SecretScope.ForRepo("acme", "tools"), "token", new SecretValue("tools-only"), "test", CancellationToken.None);
        await secrets.SetAsync(SecretScope.ForOrg("acme"), "other", new SecretValue("x"), "test", CancellationToken.None);

        var inTools = await secrets.RevealAsync("acme", "tools", "token", CancellationToken.None);
        var inDocs = await secrets.RevealAsync("acme", "docs", "token", CancellationToken.None);
        var resolved = await secrets.ResolveAsync("acme", "tools", CancellationToken.None);

        Assert.Equal("tools-only", inTools.Value!.Reveal());
        Assert.Equal("org-wide", inDocs.Value!.Reveal());
        Assert.Equal(["other", "token"], resolved.Keys.Order());
        Assert.Equal(("tools", 2), (resolved["token"].Scope.Repo, resolved["token"].Version));
    }

    [Fact]
    public async Task List_ShowsNamesScopesVersions_NeverValues_AndNotRemovedOnes()
    {
        var secrets = Secrets(KeyA);
        await secrets.SetAsync(SecretScope.ForOrg("acme"), "b-token", new SecretValue(Plain), "test", CancellationToken.None);
        await secrets.SetAsync(SecretScope.ForRepo("acme", "tools"), "a-token", new SecretValue(Plain), "test", CancellationToken.None);
        await secrets.SetAsync(SecretScope.ForOrg("acme"), "gone", new SecretValue(Plain), "test", CancellationToken.None);
        await secrets.RemoveAsync(SecretScope.ForOrg("acme"), "gone", "test", CancellationToken.None);

        var list = await secrets.ListAsync("acme", CancellationToken.None);

        Assert.Equal(["a-token (repo acme/tools) v1", "b-token (org acme) v1"], list.Select(s => $"{s.Name} ({s.Scope}) v{s.Version}"));
        Assert.DoesNotContain(Plain, string.Join('\n', list.Select(s => s.ToString())), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remove_OfAMissingSecret_ReturnsFalse_AndRevealSaysHowToSetIt()
    {
        var secrets = Secrets(KeyA);

        Assert.False(await secrets.RemoveAsync(SecretScope.ForOrg("acme"), "nope", "test", CancellationToken.None));
        var read = await secrets.RevealAsync("acme", "tools", "nope", CancellationToken.None);

        Assert.Equal(SecretReadStatus.NotFound, read.Status);
        Assert.Contains("mcpsaas secrets set acme nope", read.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reveal_WithAnotherKey_IsUnreadable_NamingBothFingerprints()
    {
        await Secrets(KeyA).SetAsync(SecretScope.ForOrg("acme"), "token", new SecretValue(Plain), "test", CancellationToken.None);

        var read = await Secrets(KeyB).RevealAsync("acme", "tools", "token", CancellationToken.None);

        Assert.Equal(SecretReadStatus.Unreadable, read.Status);
        Assert.Null(read.Value);
        Assert.Contains("sealed with another key", read.Error, StringComparison.Ordinal);
        Assert.Contains(new SecretsKey(Convert.FromBase64String(KeyA), "x").Fingerprint, read.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reveal_WithAWrongKeyOfTheSameFingerprint_FailsTheIntegrityCheck()
    {
        // Forge the fingerprint so the mismatch is caught by AES-GCM itself, not by the fingerprint check.
        await Secrets(KeyA).SetAsync(SecretScope.ForOrg("acme"), "token", new SecretValue(Plain), "test", CancellationToken.None);
        var fingerprintB = new SecretsKey(Convert.FromBase64String(KeyB), "x").Fingerprint;
        Execute($"UPDATE secrets SET key_fingerprint = '{fingerprintB}'");

        var read = await Secrets(KeyB).RevealAsync("acme", "tools", "token", CancellationToken.None);

        Assert.Equal(SecretReadStatus.Unreadable, read.Status);
        Assert.Contains("failed its integrity check", read.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reveal_OfTamperedCiphertext_FailsTheIntegrityCheck()
    {
        var secrets = Secrets(KeyA);
        await secrets.SetAsync(SecretScope.ForOrg("acme"), "token", new SecretValue(Plain), "test", CancellationToken.None);
        var row = (await _store.GetSecretRowAsync("acme", null, "token", CancellationToken.None))!;
        var tampered = row.Sealed!.CiphertextAndTag.ToArray();
        tampered[0] ^= 0x01;
        ExecuteWithBlob("UPDATE secrets SET ciphertext = @blob WHERE name = 'token'", tampered);

        var read = await secrets.RevealAsync("acme", "tools", "token", CancellationToken.None);

        Assert.Equal(SecretReadStatus.Unreadable, read.Status);
        Assert.Contains("failed its integrity check", read.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reveal_OfACiphertextSwappedFromAnotherSecret_FailsTheIntegrityCheck()
    {
        var secrets = Secrets(KeyA);
        await secrets.SetAsync(SecretScope.ForOrg("acme"), "first", new SecretValue("value of first"), "test", CancellationToken.None);
        await secrets.SetAsync(SecretScope.ForOrg("acme"), "second", new SecretValue("value of second"), "test", CancellationToken.None);
        Execute("""
            UPDATE secrets SET
                nonce = (SELECT nonce FROM secrets WHERE name = 'first'),
                ciphertext = (SELECT ciphertext FROM secrets WHERE name = 'first')
            WHERE name = 'second'
            """);

        var first = await secrets.RevealAsync("acme", "tools", "first", CancellationToken.None);
        var second = await secrets.RevealAsync("acme", "tools", "second", CancellationToken.None);

        Assert.Equal("value of first", first.Value!.Reveal());
        Assert.Equal(SecretReadStatus.Unreadable, second.Status);
        Assert.Contains("failed its integrity check", second.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reveal_OfAnOlderVersionPutBack_FailsTheIntegrityCheck()
    {
        var secrets = Secrets(KeyA);
        await secrets.SetAsync(SecretScope.ForOrg("acme"), "token", new SecretValue("old"), "test", CancellationToken.None);
        var old = (await _store.GetSecretRowAsync("acme", null, "token", CancellationToken.None))!.Sealed!;
        await secrets.SetAsync(SecretScope.ForOrg("acme"), "token", new SecretValue("new"), "test", CancellationToken.None);
        ExecuteWithBlob("UPDATE secrets SET ciphertext = @blob WHERE name = 'token'", old.CiphertextAndTag.ToArray(), old.Nonce.ToArray());

        var read = await secrets.RevealAsync("acme", "tools", "token", CancellationToken.None);

        Assert.Equal(SecretReadStatus.Unreadable, read.Status);
    }

    [Fact]
    public async Task Set_RefusesAnEmptyValueAndABadName()
    {
        var secrets = Secrets(KeyA);

        var empty = await secrets.SetAsync(SecretScope.ForOrg("acme"), "token", new SecretValue(""), "test", CancellationToken.None);
        var badName = await secrets.SetAsync(SecretScope.ForOrg("acme"), "Bad Name", new SecretValue("x"), "test", CancellationToken.None);

        Assert.Contains("empty", empty.Error, StringComparison.Ordinal);
        Assert.Contains("not a valid secret name", badName.Error, StringComparison.Ordinal);
        Assert.Empty(await secrets.ListAsync("acme", CancellationToken.None));
    }

    [Fact]
    public async Task Set_WithoutAConfiguredKey_GeneratesTheLocalKeyFile_AndUsesIt()
    {
        var secrets = new SecretStore(_store, new SecretsKeySource(_data.Path, null));

        var written = await secrets.SetAsync(SecretScope.ForOrg("local"), "token", new SecretValue(Plain), "test", CancellationToken.None);
        var again = new SecretStore(_store, new SecretsKeySource(_data.Path, null));
        var read = await again.RevealAsync("local", "examples", "token", CancellationToken.None);

        Assert.True(written.Succeeded, written.Error);
        Assert.True(File.Exists(Path.Combine(_data.Path, "secrets.key")));
        Assert.Equal(Plain, read.Value!.Reveal());
    }

    [Fact]
    public async Task Set_WhenTheKeyFileIsGoneButSecretsExist_RefusesToMintANewKey()
    {
        await new SecretStore(_store, new SecretsKeySource(_data.Path, null))
            .SetAsync(SecretScope.ForOrg("local"), "token", new SecretValue(Plain), "test", CancellationToken.None);
        File.Delete(Path.Combine(_data.Path, "secrets.key"));

        var written = await new SecretStore(_store, new SecretsKeySource(_data.Path, null))
            .SetAsync(SecretScope.ForOrg("local"), "other", new SecretValue("x"), "test", CancellationToken.None);

        Assert.False(written.Succeeded);
        Assert.Contains("holds 1 secret(s) sealed with a key that is not here", written.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_data.Path, "secrets.key")));
    }

    [Fact]
    public async Task SecretValue_NeverAppearsInLogsExceptionsToStringOrAudit()
    {
        var logged = new SecretStore(_store, new SecretsKeySource(_data.Path, KeyA), _logs.CreateLogger<SecretStore>());
        var wrongKey = new SecretStore(_store, new SecretsKeySource(_data.Path, KeyB), _logs.CreateLogger<SecretStore>());
        var value = new SecretValue(Plain);
        var seen = new List<string> { value.ToString(), $"{value}" };

        var written = await logged.SetAsync(SecretScope.ForOrg("acme"), "token", value, "test", CancellationToken.None);
        var found = await logged.RevealAsync("acme", "tools", "token", CancellationToken.None);
        var unreadable = await wrongKey.RevealAsync("acme", "tools", "token", CancellationToken.None);
        await logged.SetAsync(SecretScope.ForOrg("acme"), "token", new SecretValue(Plain + "-2"), "test", CancellationToken.None);
        await logged.RemoveAsync(SecretScope.ForOrg("acme"), "token", "test", CancellationToken.None);
        seen.AddRange([written.ToString(), written.Info!.ToString(), found.ToString(), unreadable.ToString(), unreadable.Error!]);
        seen.Add(System.Text.Json.JsonSerializer.Serialize(value));
        var row = await _store.ListSecretRowsAsync("acme", includeDeleted: true, CancellationToken.None);
        seen.AddRange(row.Select(r => r.ToString()));
        seen.AddRange((await _store.ListAuditAsync(null, 100, CancellationToken.None)).Select(a => a.ToString()));
        var thrown = Assert.Throws<ArgumentException>(() => new SecretsKey(new byte[3], "test"));
        seen.Add(thrown.ToString());

        Assert.Equal(Plain, found.Value!.Reveal());
        Assert.NotEmpty(_logs.Lines);
        Assert.Contains("token", _logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(Plain, _logs.AllText, StringComparison.Ordinal);
        Assert.All(seen, text => Assert.DoesNotContain(Plain, text, StringComparison.Ordinal));
        Assert.Equal("(sensitive value)", value.ToString());
        Assert.Equal("{}", System.Text.Json.JsonSerializer.Serialize(value));
    }

    private const string KeyA = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private const string KeyB = "HxobHBkYFxYVFBMSERAPDg0MCwoJCAcGBQQDAgEAAAA=";

    private SecretStore Secrets(string key) => new(_store, new SecretsKeySource(_data.Path, key), _logs.CreateLogger<SecretStore>());

    private byte[] WalBytes() => File.Exists(_data.DatabasePath + "-wal") ? File.ReadAllBytes(_data.DatabasePath + "-wal") : [];

    private void Execute(string sql) => ExecuteWithBlob(sql, null);

    private void ExecuteWithBlob(string sql, byte[]? blob, byte[]? nonce = null)
    {
        using var connection = new SqliteConnection($"Data Source={_data.DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = nonce is null ? sql : sql.Replace("WHERE", ", nonce = @nonce WHERE", StringComparison.Ordinal);
        if (blob is not null)
        {
            command.Parameters.AddWithValue("@blob", blob);
        }

        if (nonce is not null)
        {
            command.Parameters.AddWithValue("@nonce", nonce);
        }

        command.ExecuteNonQuery();
    }
}
