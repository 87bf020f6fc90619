using McpSaas.Reconciler.Users;

namespace McpSaas.Reconciler.State.Sqlite;

/// <summary>People who signed in (<see cref="IUserStore"/>).</summary>
public sealed partial class SqliteStateStore : IUserStore
{
    public async Task<UserRecord> RecordSignInAsync(GitHubUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var now = NowMs();
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var write = BeginWrite(connection);
        using (var upsert = connection.Command(write, """
            INSERT INTO users (github_id, login, email, name, first_seen_at, last_sign_in_at, sign_ins)
            VALUES (@id, @login, @email, @name, @now, @now, 1)
            ON CONFLICT (github_id) DO UPDATE SET login = excluded.login, email = COALESCE(excluded.email, users.email),
                name = COALESCE(excluded.name, users.name), last_sign_in_at = excluded.last_sign_in_at, sign_ins = users.sign_ins + 1
            """))
        {
            upsert.With("@id", user.Id).With("@login", user.Login).With("@email", user.Email).With("@name", user.Name).With("@now", now).ExecuteNonQuery();
        }

        var record = ReadUser(connection, write, user.Id) ?? throw new InvalidOperationException("the user row just written is missing");
        using (var audit = connection.Command(write, """
            INSERT INTO audit_log (at, actor, action, org, target, detail) VALUES (@at, @actor, 'user.sign-in', NULL, @target, @detail)
            """))
        {
            audit.With("@at", now).With("@actor", $"ui:{user.Login}").With("@target", $"github user {user.Id}")
                .With("@detail", record.IsFirstSignIn ? "first sign-in" : null).ExecuteNonQuery();
        }

        write.Commit();
        return record;
    }

    public async Task<UserRecord?> GetUserAsync(long gitHubId, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return ReadUser(connection, null, gitHubId);
    }

    private static UserRecord? ReadUser(Microsoft.Data.Sqlite.SqliteConnection connection, Microsoft.Data.Sqlite.SqliteTransaction? transaction, long gitHubId)
    {
        using var command = connection.Command(transaction, """
            SELECT github_id, login, email, name, first_seen_at, last_sign_in_at, sign_ins FROM users WHERE github_id = @id
            """).With("@id", gitHubId);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new UserRecord
            {
                GitHubId = reader.GetInt64(0),
                Login = reader.GetString(1),
                Email = reader.GetStringOrNull(2),
                Name = reader.GetStringOrNull(3),
                FirstSeenAt = reader.GetTime(4),
                LastSignInAt = reader.GetTime(5),
                SignIns = reader.GetInt64(6),
            }
            : null;
    }
}
