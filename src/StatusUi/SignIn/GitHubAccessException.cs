namespace McpSaas.StatusUi.SignIn;

/// <summary>
/// GitHub could not say what the signed-in person may reach: their token was refused (<see cref="SignInAgain"/>: the
/// session ends and they sign in again), or GitHub could not be reached (the page answers 503). Never carries a token.
/// </summary>
public sealed class GitHubAccessException : Exception
{
    public GitHubAccessException()
    {
    }

    public GitHubAccessException(string message)
        : base(message)
    {
    }

    public GitHubAccessException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public GitHubAccessException(string message, bool signInAgain, Exception? innerException = null)
        : base(message, innerException)
    {
        SignInAgain = signInAgain;
    }

    /// <summary>True when GitHub refused the user's token (expired or revoked).</summary>
    public bool SignInAgain { get; }
}
