using McpSaas.Reconciler.Secrets;
using McpSaas.Reconciler.Tests.TestSupport;

namespace McpSaas.Reconciler.Tests.Secrets;

public sealed class SecretsKeySourceTests : IDisposable
{
    private readonly TempDataDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private string KeyFile => Path.Combine(_data.Path, "secrets.key");

    [Fact]
    public async Task KeyFile_IsGeneratedOnFirstUse_WithMode0600_AndReadBackTheSame()
    {
        var created = await new SecretsKeySource(_data.Path, null).GetKeyAsync(createIfMissing: true, CancellationToken.None);
        var reread = await new SecretsKeySource(_data.Path, null).GetKeyAsync(createIfMissing: false, CancellationToken.None);

        Assert.Equal(SecretsKeyStatus.Loaded, created.Status);
        Assert.Equal(created.Key!.Fingerprint, reread.Key!.Fingerprint);
        Assert.Equal(KeyFile, created.Key.Source);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile));
        }

        Assert.Empty(Directory.GetFiles(_data.Path, "*.tmp"));
    }

    [Fact]
    public async Task KeyFile_ReadableByOthers_IsRefused_WithTheChmodToRun()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes only
        }

        await new SecretsKeySource(_data.Path, null).GetKeyAsync(createIfMissing: true, CancellationToken.None);
        File.SetUnixFileMode(KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var result = await new SecretsKeySource(_data.Path, null).GetKeyAsync(createIfMissing: true, CancellationToken.None);

        Assert.Equal(SecretsKeyStatus.Invalid, result.Status);
        Assert.Null(result.Key);
        Assert.Contains("mode 0644", result.Error, StringComparison.Ordinal);
        Assert.Contains($"chmod 600 {KeyFile}", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingKeyFile_WithoutCreate_IsMissing_AndNothingIsWritten()
    {
        var result = await new SecretsKeySource(_data.Path, null).GetKeyAsync(createIfMissing: false, CancellationToken.None);

        Assert.Equal(SecretsKeyStatus.Missing, result.Status);
        Assert.Contains("MCPSAAS_SECRETS_KEY", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(KeyFile));
    }

    [Fact]
    public async Task KeyFile_WithGarbage_IsInvalid()
    {
        await File.WriteAllTextAsync(KeyFile, "not a key\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var result = await new SecretsKeySource(_data.Path, null).GetKeyAsync(createIfMissing: true, CancellationToken.None);

        Assert.Equal(SecretsKeyStatus.Invalid, result.Status);
        Assert.Contains("does not hold a secrets key", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd")]
    public async Task ConfiguredKey_NotBase64Of32Bytes_IsInvalid_NamingTheSettingAndTheFix(string configured)
    {
        var result = await new SecretsKeySource(_data.Path, configured).GetKeyAsync(createIfMissing: true, CancellationToken.None);

        Assert.Equal(SecretsKeyStatus.Invalid, result.Status);
        Assert.Contains("MCPSAAS_SECRETS_KEY must be the base64 encoding of exactly 32", result.Error, StringComparison.Ordinal);
        Assert.Contains("openssl rand -base64 32", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(KeyFile));
    }

    [Fact]
    public async Task ConfiguredKey_WinsOverTheKeyFile()
    {
        await new SecretsKeySource(_data.Path, null).GetKeyAsync(createIfMissing: true, CancellationToken.None);
        var configured = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());

        var result = await new SecretsKeySource(_data.Path, configured).GetKeyAsync(createIfMissing: true, CancellationToken.None);

        Assert.Equal("MCPSAAS_SECRETS_KEY", result.Key!.Source);
        Assert.Equal(new SecretsKey(Convert.FromBase64String(configured), "x").Fingerprint, result.Key.Fingerprint);
        Assert.DoesNotContain(configured, result.Key.ToString(), StringComparison.Ordinal);
    }
}
