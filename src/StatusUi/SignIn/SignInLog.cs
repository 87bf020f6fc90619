using Microsoft.Extensions.Logging;

namespace McpSaas.StatusUi.SignIn;

/// <summary>Log events of sign-in outside a handler class.</summary>
internal static partial class SignInLog
{
    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "A sign-in with GitHub did not complete: {Reason}")]
    public static partial void LogSignInFailed(this ILogger logger, string reason);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Warning, Message = "GitHub did not revoke the token of {Login}'s signed-out session: it stays valid on GitHub until it expires")]
    public static partial void LogTokenNotRevoked(this ILogger logger, string login);
}
