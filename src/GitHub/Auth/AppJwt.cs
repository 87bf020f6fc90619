using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using McpSaas.Reconciler.Keys;

namespace McpSaas.GitHub.Auth;

/// <summary>
/// The App's JSON Web Token (RS256, signed with the App's private key; <c>System.Security.Cryptography</c> only):
/// <c>iat</c> = now − 60 s (clock drift), <c>exp</c> = now + 9 min (GitHub allows at most 10), <c>iss</c> = client id or App id.
/// Sent as <c>Authorization: Bearer</c> to <c>/app/*</c> and <c>GET /repos/{o}/{r}/installation</c> only.
/// </summary>
public sealed class AppJwt : IDisposable
{
    public static readonly TimeSpan IssuedAtSkew = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(9);

    private static readonly byte[] Header = Encoding.UTF8.GetBytes("""{"alg":"RS256","typ":"JWT"}""");
    private readonly RSA _key;
    private readonly string _issuer;
    private readonly TimeProvider _time;

    public AppJwt(string privateKeyPem, string issuer, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(privateKeyPem);
        ArgumentException.ThrowIfNullOrWhiteSpace(issuer);
        _key = RSA.Create();
        _key.ImportFromPem(privateKeyPem);
        _issuer = issuer;
        _time = timeProvider;
    }

    /// <summary>A fresh token (cheap: one RSA signature).</summary>
    public SensitiveToken Create()
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var payload = new StringBuilder()
            .Append("{\"iat\":").Append(now - (long)IssuedAtSkew.TotalSeconds)
            .Append(",\"exp\":").Append(now + (long)Lifetime.TotalSeconds)
            .Append(",\"iss\":").Append(System.Text.Json.JsonSerializer.Serialize(_issuer, GitHubJsonContext.Default.String))
            .Append('}').ToString();
        var signingInput = Base64Url.EncodeToString(Header) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return new SensitiveToken(signingInput + "." + Base64Url.EncodeToString(signature));
    }

    public void Dispose() => _key.Dispose();
}
