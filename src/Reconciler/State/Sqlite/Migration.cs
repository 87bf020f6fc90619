namespace McpSaas.Reconciler.State.Sqlite;

/// <summary>One schema step: applied once, in its own transaction, recorded in <c>schema_version</c>.</summary>
internal sealed record Migration(int Version, string Name, string Sql);
