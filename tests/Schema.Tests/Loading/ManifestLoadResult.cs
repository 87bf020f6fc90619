using McpSaas.Schema.Manifests;

namespace McpSaas.Schema.Tests.Loading;

internal sealed record ManifestLoadResult(ManifestFile File, IReadOnlyList<string> Found);
