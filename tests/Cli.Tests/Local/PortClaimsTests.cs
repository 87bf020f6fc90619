using McpSaas.Cli.Local;

namespace McpSaas.Cli.Tests.Local;

public sealed class PortClaimsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mcpsaas-claims-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private string Folder(string name) => Directory.CreateDirectory(Path.Combine(_root, name)).FullName;

    [Fact]
    public void APreferredPort_ClaimedByAFolderThatExists_IsNotGivenToAnother_EvenWhileNothingListens()
    {
        var claims = new PortClaims(Path.Combine(_root, "claims"));
        var first = Folder("first");
        var second = Folder("second");

        Assert.True(claims.TryClaim(8791, first));
        Assert.True(claims.TryClaim(8791, first + "/"), "the owner claims it again");
        Assert.False(claims.TryClaim(8791, second));
        Assert.True(claims.TryClaim(8790, second), "another port is another claim");
    }

    [Fact]
    public void AClaim_WhoseFolderIsGone_IsTakenOver()
    {
        var claims = new PortClaims(Path.Combine(_root, "claims"));
        var gone = Folder("gone");
        Assert.True(claims.TryClaim(8791, gone));
        Directory.Delete(gone);

        Assert.True(claims.TryClaim(8791, Folder("next")));
        Assert.False(claims.TryClaim(8791, Folder("third")));
    }
}
