namespace McpSaas.Reconciler.Users;

/// <summary>The people who signed in to the status UI (GitHub OAuth), by GitHub id.</summary>
public interface IUserStore
{
    /// <summary>
    /// Records a sign-in: creates the user on first sign-in (GitHub id, login, email when given), else updates their login,
    /// email and last sign-in; appends one audit entry <c>user.sign-in</c> by <c>ui:&lt;login&gt;</c>, in the same transaction.
    /// </summary>
    Task<UserRecord> RecordSignInAsync(GitHubUser user, CancellationToken cancellationToken);

    Task<UserRecord?> GetUserAsync(long gitHubId, CancellationToken cancellationToken);
}
