using System.Security.Cryptography;
using System.Text;
using McpSaas.Reconciler.Keys;
using McpSaas.Reconciler.Secrets;

namespace McpSaas.Reconciler.Reconciling;

/// <summary>
/// A server's usage ingest token (<c>MCP_USAGE_TOKEN</c>) is derived from the secrets key, the server id and the
/// token version: stable across deploys, recomputable whenever a Worker is (re)bound — the local runtime needs it
/// at every restart — and never stored; the state store keeps only its hash, for the ingest check.
/// </summary>
internal static class UsageTokenDerivation
{
    private static readonly byte[] Label = Encoding.ASCII.GetBytes("mcpsaas usage token v1\n");

    public static string Derive(SecretsKey key, ServerId server, int version)
    {
        var message = Encoding.UTF8.GetBytes($"{server}\n{version}");
        var mac = HMACSHA256.HashData(key.Bytes, [.. Label, .. message]);
        return ApiKeys.UsageTokenPrefix + Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
