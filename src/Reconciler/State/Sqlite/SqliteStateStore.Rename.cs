using McpSaas.Reconciler.Installations;
using Microsoft.Data.Sqlite;

namespace McpSaas.Reconciler.State.Sqlite;

public sealed partial class SqliteStateStore
{
    /// <summary>Tables keyed by server id (<c>org/repo/name</c>) and, where they have them, org and repo columns.</summary>
    private static readonly (string Table, bool HasOrg, bool HasRepo)[] ServerIdTables =
    [
        ("servers", true, true),
        ("inventory", true, true),
        ("api_keys", true, true),
        ("deploy_history", false, false),
        ("usage_events", false, false),
        ("usage_daily", true, false),
        ("usage_monthly", true, false),
    ];

    public async Task<RenameResult> RenameRepositoryAsync(long repositoryId, string newOwner, string newName, CancellationToken cancellationToken)
    {
        if (!ServerId.IsPart(newOwner) || !ServerId.IsPart(newName))
        {
            throw new ArgumentException($"'{newOwner}/{newName}' cannot be the org/repo of a server id (empty, or '/' or spaces in a part)");
        }

        var now = NowMs();
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var write = BeginWrite(connection);
        var repository = ReadRepositories(connection, write, "WHERE repository_id = @id", c => c.With("@id", repositoryId)).FirstOrDefault();
        if (repository is null)
        {
            write.Commit();
            return new RenameResult(RenameOutcome.UnknownRepository, null, $"{newOwner}/{newName}", 0);
        }

        var (fromOrg, fromRepo) = (repository.Owner, repository.Name);
        var from = $"{fromOrg}/{fromRepo}";
        var to = $"{newOwner}/{newName}";
        if (from == to)
        {
            write.Commit();
            return new RenameResult(RenameOutcome.Unchanged, from, to, 0);
        }

        using (var taken = connection.Command(write, "SELECT COUNT(*) FROM servers WHERE org = @org AND repo = @repo").With("@org", newOwner).With("@repo", newName))
        {
            if (taken.ScalarInt64() > 0)
            {
                write.Commit();
                return new RenameResult(RenameOutcome.Conflict, from, to, 0);
            }
        }

        int servers;
        using (var count = connection.Command(write, "SELECT COUNT(*) FROM servers WHERE org = @org AND repo = @repo").With("@org", fromOrg).With("@repo", fromRepo))
        {
            servers = (int)count.ScalarInt64();
        }

        var fromPrefix = from + "/";
        var toPrefix = to + "/";
        foreach (var (table, hasOrg, hasRepo) in ServerIdTables)
        {
            var set = "server_id = @toPrefix || substr(server_id, length(@fromPrefix) + 1)"
                + (hasOrg ? ", org = @toOrg" : "")
                + (hasRepo ? ", repo = @toRepo" : "");
            using var update = connection.Command(write, $"UPDATE {table} SET {set} WHERE substr(server_id, 1, length(@fromPrefix)) = @fromPrefix");
            update.With("@toPrefix", toPrefix).With("@fromPrefix", fromPrefix);
            if (hasOrg)
            {
                update.With("@toOrg", newOwner);
            }

            if (hasRepo)
            {
                update.With("@toRepo", newName);
            }

            update.ExecuteNonQuery();
        }

        Execute(connection, write, "DELETE FROM repos WHERE org = @toOrg AND name = @toRepo", newOwner, newName, fromOrg, fromRepo);
        Execute(connection, write, "UPDATE repos SET org = @toOrg, name = @toRepo WHERE org = @fromOrg AND name = @fromRepo", newOwner, newName, fromOrg, fromRepo);

        // Repo-scoped secrets follow a rename within the org; a secret never crosses to another org (a transfer):
        // the new org sets its own. A secret already set for the new name wins.
        if (fromOrg == newOwner)
        {
            Execute(connection, write, """
                UPDATE secrets SET repo = @toRepo
                WHERE org = @fromOrg AND repo = @fromRepo AND name NOT IN (SELECT name FROM secrets WHERE org = @fromOrg AND repo = @toRepo)
                """, newOwner, newName, fromOrg, fromRepo);
        }

        using (var record = connection.Command(write, """
            UPDATE github_repositories SET owner = @toOrg, name = @toRepo, clone_url = @clone, updated_at = @now WHERE repository_id = @id
            """))
        {
            record.With("@toOrg", newOwner).With("@toRepo", newName).With("@clone", RenamedCloneUrl(repository.CloneUrl, from, to))
                .With("@now", now).With("@id", repositoryId)
                .ExecuteNonQuery();
        }

        using (var audit = connection.Command(write, """
            INSERT INTO audit_log (at, actor, action, org, target, detail) VALUES (@at, 'github', 'repository.renamed', @org, @target, @detail)
            """))
        {
            audit.With("@at", now).With("@org", newOwner).With("@target", to)
                .With("@detail", $"{from} -> {to} (repository id {repositoryId}; {servers} servers keep their Workers, URLs and keys)")
                .ExecuteNonQuery();
        }

        write.Commit();
        return new RenameResult(RenameOutcome.Renamed, from, to, servers);
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction write, string sql, string toOrg, string toRepo, string fromOrg, string fromRepo)
    {
        using var command = connection.Command(write, sql);
        foreach (var (name, value) in new[] { ("@toOrg", toOrg), ("@toRepo", toRepo), ("@fromOrg", fromOrg), ("@fromRepo", fromRepo) })
        {
            if (sql.Contains(name, StringComparison.Ordinal))
            {
                command.With(name, value);
            }
        }

        command.ExecuteNonQuery();
    }

    private static string? RenamedCloneUrl(string? cloneUrl, string from, string to)
    {
        if (cloneUrl is null)
        {
            return null;
        }

        var suffix = "/" + from + ".git";
        return cloneUrl.EndsWith(suffix, StringComparison.Ordinal) ? cloneUrl[..^suffix.Length] + "/" + to + ".git" : cloneUrl;
    }
}
