using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace McpSaas.Testing.Fakes.GitHub.Routes;

/// <summary>
/// GitHub's checks of an App JWT: three base64url parts, <c>alg</c> RS256, a valid signature with the App's public
/// key, <c>iat</c> not in the future (60 s of drift allowed), <c>exp</c> in the future and at most 10 minutes ahead,
/// <c>iss</c> the App's client id or id. Returns null when valid, else GitHub-like advice.
/// </summary>
internal static class AppJwtCheck
{
    public static string? Problem(string jwt, RSA publicKey, FakeGitHubOptions options, DateTimeOffset now)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            return "A JSON web token could not be decoded";
        }

        try
        {
            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
            if (!header.RootElement.TryGetProperty("alg", out var alg) || alg.GetString() != "RS256")
            {
                return "A JSON web token could not be decoded (alg must be RS256)";
            }

            var signature = Base64Url.DecodeFromChars(parts[2]);
            if (!publicKey.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
            {
                return "A JSON web token could not be decoded (bad signature)";
            }

            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            var root = payload.RootElement;
            if (!root.TryGetProperty("iat", out var iatElement) || !root.TryGetProperty("exp", out var expElement)
                || !iatElement.TryGetInt64(out var iat) || !expElement.TryGetInt64(out var exp))
            {
                return "'Issued at' and 'Expiration time' claims are required";
            }

            var nowSeconds = now.ToUnixTimeSeconds();
            if (iat > nowSeconds + 60)
            {
                return "'Issued at' claim ('iat') must be an Integer representing a time in the past.";
            }

            if (exp <= nowSeconds)
            {
                return "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires.";
            }

            if (exp > nowSeconds + 600)
            {
                return "'Expiration time' claim ('exp') is too far in the future";
            }

            var iss = root.TryGetProperty("iss", out var issElement)
                ? issElement.ValueKind == JsonValueKind.Number ? issElement.GetInt64().ToString(CultureInfo.InvariantCulture) : issElement.GetString()
                : null;
            if (iss != options.ClientId && iss != options.AppId.ToString(CultureInfo.InvariantCulture))
            {
                return "'Issuer' claim ('iss') must be an Integer or the client ID of the GitHub App";
            }

            return null;
        }
        catch (Exception e) when (e is JsonException or FormatException or CryptographicException or InvalidOperationException)
        {
            return "A JSON web token could not be decoded";
        }
    }
}
