using System.Security.Cryptography;
using System.Text;

namespace McpSaas.GitHub.Webhooks;

/// <summary>
/// GitHub's webhook signature: HMAC-SHA256 of the raw body bytes keyed with the webhook secret, as
/// <c>sha256=&lt;lowercase hex&gt;</c> in <c>X-Hub-Signature-256</c>, compared in constant time.
/// </summary>
public static class WebhookSignature
{
    public const string HeaderName = "X-Hub-Signature-256";
    public const string Prefix = "sha256=";

    /// <summary>The header value GitHub would send for <paramref name="body"/>.</summary>
    public static string Compute(string secret, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
    }

    public static WebhookSignatureResult Verify(string secret, ReadOnlySpan<byte> body, string? header)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return VerifyMac(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body), header);
    }

    /// <summary>Checks a header against an HMAC already computed over the body (streamed).</summary>
    public static WebhookSignatureResult VerifyMac(ReadOnlySpan<byte> mac, string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return WebhookSignatureResult.Missing;
        }

        var value = header.AsSpan().Trim();
        if (!value.StartsWith(Prefix, StringComparison.Ordinal) || value.Length != Prefix.Length + 64)
        {
            return WebhookSignatureResult.Malformed;
        }

        Span<byte> given = stackalloc byte[32];
        if (Convert.FromHexString(value[Prefix.Length..], given, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
        {
            return WebhookSignatureResult.Malformed;
        }

        return CryptographicOperations.FixedTimeEquals(given, mac) ? WebhookSignatureResult.Valid : WebhookSignatureResult.Mismatch;
    }
}
