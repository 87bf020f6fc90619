using System.Text.Json.Serialization;

namespace McpSaas.Reconciler.State.Sqlite;

/// <summary>JSON kept in state store columns (lists of fingerprints).</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class SqliteJsonContext : JsonSerializerContext;
