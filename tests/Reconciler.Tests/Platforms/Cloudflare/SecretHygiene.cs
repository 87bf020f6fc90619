using McpSaas.Testing.Fakes.Cloudflare;

namespace McpSaas.Reconciler.Tests.Platforms.Cloudflare;

/// <summary>Where the API token and secret values may appear in what reached the fake.</summary>
internal static class SecretHygiene
{
    /// <summary>
    /// The token only in <c>Authorization: Bearer …</c>, never in a body, path, query or another header; each secret
    /// value only in the body of a secret request (<c>PUT …/secrets</c>, <c>PATCH …/secrets-bulk</c>).
    /// </summary>
    public static void AssertOnlyInSecretBodies(IReadOnlyList<RecordedRequest> requests, string token, IReadOnlyList<string> secrets)
    {
        Assert.NotEmpty(requests);
        foreach (var request in requests)
        {
            Assert.Equal($"Bearer {token}", request.Headers["Authorization"]);
            var elsewhere = string.Join("\n", request.Headers.Where(h => h.Key != "Authorization").Select(h => $"{h.Key}: {h.Value}"))
                + "\n" + request.Path + request.Query;
            Assert.DoesNotContain(token, request.BodyText + elsewhere, StringComparison.Ordinal);
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, elsewhere, StringComparison.Ordinal);
                if (!request.IsSecretBody)
                {
                    Assert.False(request.BodyText.Contains(secret, StringComparison.Ordinal), $"a secret value is in the body of {request}");
                }
            }
        }

        foreach (var secret in secrets)
        {
            Assert.Contains(requests, r => r.IsSecretBody && r.BodyText.Contains(secret, StringComparison.Ordinal));
        }
    }

    /// <summary>None of <paramref name="values"/> appears in <paramref name="text"/> (logs, exception messages).</summary>
    public static void AssertNoneIn(string text, IEnumerable<string> values, string what)
    {
        foreach (var value in values)
        {
            Assert.False(text.Contains(value, StringComparison.Ordinal), $"a sensitive value appears in {what}");
        }
    }
}
