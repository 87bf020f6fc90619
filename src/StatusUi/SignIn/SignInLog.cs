using Microsoft.Extensions.Logging;

namespace McpSaas.StatusUi.SignIn;

/// <summary>Log events of sign-in outside a handler class.</summary>
internal static partial class SignInLog
{
    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "A sign-in with GitHub did not complete: {Reason}")]
    public static partial void LogSignInFailed(this ILogger logger, string reason);
}
