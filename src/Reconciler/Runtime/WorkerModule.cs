namespace McpSaas.Reconciler.Runtime;

/// <summary>One ES module uploaded with a Worker: its part name (<c>main.mjs</c>, <c>runtime.mjs</c>, <c>tools/slack.mjs</c>), content and SHA-256.</summary>
public sealed record WorkerModule(string Name, string Content, string Sha256)
{
    public static WorkerModule Create(string name, string content) => new(name, content, Hashing.ContentHash.Sha256Hex(content));

    // Content is large and shared between servers: equality by name and hash is exact and cheap.
    public bool Equals(WorkerModule? other) => other is not null && Name == other.Name && Sha256 == other.Sha256;

    public override int GetHashCode() => HashCode.Combine(Name, Sha256);

    public override string ToString() => $"{Name} ({Content.Length} bytes, sha256 {Sha256[..12]})";
}
