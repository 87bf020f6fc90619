using System.Text.RegularExpressions;

namespace McpSaas.Schema.Secrets;

/// <summary>
/// Recognises strings that look like credentials (manifest-v1.md rule 3): Slack <c>xox?-</c> tokens, GitHub
/// <c>ghp_</c>/<c>gho_</c>/<c>ghs_</c>/<c>ghu_</c>/<c>ghr_</c>/<c>github_pat_</c> tokens, AWS access key ids, PEM
/// private key blocks anywhere; long high-entropy tokens in fields named like token/key/secret/password.
/// Returns what kind of credential it looks like; never the value.
/// </summary>
internal static partial class CredentialDetector
{
    /// <summary>Shortest string considered as a high-entropy token.</summary>
    public const int MinTokenLength = 20;

    private static readonly string[] SensitiveFieldParts = ["token", "key", "secret", "password", "passwd", "credential"];

    /// <summary>The kind of credential <paramref name="value"/> looks like, or null.</summary>
    /// <param name="value">Any string of the document (a value or a key).</param>
    /// <param name="fieldName">The nearest mapping key above the value (null for keys and top-level values).</param>
    public static string? Detect(string value, string? fieldName)
    {
        if (value.Length < 8)
        {
            return null;
        }

        if (value.Contains("xox", StringComparison.Ordinal) && SlackToken().IsMatch(value))
        {
            return "a Slack token";
        }

        if (value.Contains("gh", StringComparison.Ordinal) && GitHubToken().IsMatch(value))
        {
            return "a GitHub token";
        }

        if ((value.Contains("AKIA", StringComparison.Ordinal) || value.Contains("ASIA", StringComparison.Ordinal)) && AwsKeyId().IsMatch(value))
        {
            return "an AWS access key id";
        }

        if (value.Contains("PRIVATE KEY", StringComparison.Ordinal) && PemPrivateKey().IsMatch(value))
        {
            return "a PEM private key";
        }

        if (fieldName is not null && IsSensitiveField(fieldName) && IsHighEntropyToken(value))
        {
            return $"a long random token in a field named '{fieldName}'";
        }

        return null;
    }

    /// <summary>Whether a field name reads like it holds a credential (<c>*token*</c>, <c>*key*</c>, <c>*secret*</c>, <c>*password*</c>).</summary>
    public static bool IsSensitiveField(string fieldName)
    {
        foreach (var part in SensitiveFieldParts)
        {
            if (fieldName.Contains(part, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A long token of one "word" of base64/hex/url-safe characters, random-looking: at least 20 characters,
    /// letters and digits mixed, and either both letter cases or all hex (32+), with Shannon entropy ≥ 3.5 bits
    /// per character (≥ 3.0 for hex). Secret references (lowercase names like <c>gh-readonly</c>) do not qualify.
    /// </summary>
    public static bool IsHighEntropyToken(string value)
    {
        var v = value.Trim();
        if (v.Length < MinTokenLength || !TokenChars().IsMatch(v))
        {
            return false;
        }

        bool upper = false, lower = false, digit = false, hex = true;
        foreach (var c in v)
        {
            upper |= char.IsAsciiLetterUpper(c);
            lower |= char.IsAsciiLetterLower(c);
            digit |= char.IsAsciiDigit(c);
            hex &= char.IsAsciiHexDigit(c);
        }

        if (!digit || !(upper || lower))
        {
            return false;
        }

        if (hex && v.Length >= 32)
        {
            return Entropy(v) >= 3.0;
        }

        return upper && lower && Entropy(v) >= 3.5;
    }

    private static double Entropy(string s)
    {
        Span<int> counts = stackalloc int[128];
        foreach (var c in s)
        {
            counts[c & 127]++;
        }

        double h = 0;
        foreach (var n in counts)
        {
            if (n > 0)
            {
                var p = (double)n / s.Length;
                h -= p * Math.Log2(p);
            }
        }

        return h;
    }

    [GeneratedRegex(@"(?<![A-Za-z0-9])xox[a-z]-[A-Za-z0-9-]{8,}")]
    private static partial Regex SlackToken();

    [GeneratedRegex(@"(?<![A-Za-z0-9])(?:gh[posur]_[A-Za-z0-9]{6,}|github_pat_[A-Za-z0-9_]{6,})")]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])")]
    private static partial Regex AwsKeyId();

    [GeneratedRegex(@"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----")]
    private static partial Regex PemPrivateKey();

    [GeneratedRegex(@"^[A-Za-z0-9+/=_\-.~]+$")]
    private static partial Regex TokenChars();

    /// <summary>Replaces every credential-looking part of a text (a safety net for messages).</summary>
    public static string Redact(string text)
    {
        if (text.Length < 8)
        {
            return text;
        }

        text = SlackToken().Replace(text, "[redacted]");
        text = GitHubToken().Replace(text, "[redacted]");
        text = AwsKeyId().Replace(text, "[redacted]");
        return PemPrivateKey().Replace(text, "[redacted]");
    }
}
