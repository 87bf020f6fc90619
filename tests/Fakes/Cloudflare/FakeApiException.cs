namespace McpSaas.Testing.Fakes.Cloudflare;

/// <summary>A refusal the fake answers as Cloudflare does: HTTP status, one error code and message in the envelope.</summary>
internal sealed class FakeApiException(int status, int code, string message) : Exception(message)
{
    public int Status { get; } = status;

    public int Code { get; } = code;

    public static FakeApiException Validation(string message) => new(400, FakeErrorCodes.Validation, message);

    public static FakeApiException ScriptNotFound() => new(404, FakeErrorCodes.NotFound, "This Worker does not exist on your account.");
}
