using System.Buffers;
using System.Net.Http.Headers;
using McpSaas.Reconciler.Usage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace McpSaas.WebhookApi.Usage;

/// <summary>
/// <c>POST /api/usage</c>: where the Workers' outboxes deliver usage batches (worker-contract.md).
/// <c>Authorization: Bearer &lt;MCP_USAGE_TOKEN&gt;</c>; 200 with <c>{ accepted, skipped?, quota }</c>, 400 with
/// <c>{ error }</c> for a bad batch, 401 for a wrong token or an unknown server (alike), 413 for a batch over the caps.
/// </summary>
public static class UsageIngestEndpoints
{
    public const string Route = "/api/usage";

    public static RouteGroupBuilder MapUsageIngest(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api");
        group.MapPost("/usage", IngestAsync).WithName("IngestUsage");
        return group;
    }

    internal static async Task<Results<JsonHttpResult<UsageReply>, JsonHttpResult<UsageErrorBody>>> IngestAsync(
        HttpContext context, UsageIngestService ingest, CancellationToken cancellationToken)
    {
        var max = ingest.Options.MaxBatchBytes;
        if (context.Request.ContentLength > max)
        {
            return Error(StatusCodes.Status413PayloadTooLarge, $"the batch is {context.Request.ContentLength} bytes; at most {max} bytes per batch: send smaller batches");
        }

        var body = await ReadAtMostAsync(context.Request.Body, max + 1, cancellationToken).ConfigureAwait(false);
        if (body.Length > max)
        {
            return Error(StatusCodes.Status413PayloadTooLarge, $"the batch is over {max} bytes; at most {max} bytes per batch: send smaller batches");
        }

        var result = await ingest.IngestAsync(BearerToken(context.Request), body, cancellationToken).ConfigureAwait(false);
        switch (result.Status)
        {
            case UsageIngestStatus.Accepted:
                return TypedResults.Json(result.Reply!, UsageJsonContext.Default.UsageReply);
            case UsageIngestStatus.Unauthorized:
                context.Response.Headers.WWWAuthenticate = "Bearer";
                return Error(StatusCodes.Status401Unauthorized, result.Reason!);
            case UsageIngestStatus.TooLarge:
                return Error(StatusCodes.Status413PayloadTooLarge, result.Reason!);
            default:
                return Error(StatusCodes.Status400BadRequest, result.Reason!);
        }
    }

    private static JsonHttpResult<UsageErrorBody> Error(int status, string reason) =>
        TypedResults.Json(new UsageErrorBody { Error = reason }, UsageJsonContext.Default.UsageErrorBody, statusCode: status);

    private static string? BearerToken(HttpRequest request) =>
        AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header)
        && string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase)
        && !string.IsNullOrWhiteSpace(header.Parameter)
            ? header.Parameter
            : null;

    /// <summary>Reads the body, stopping after <paramref name="limit"/> bytes (so an endless body costs at most that).</summary>
    private static async Task<ReadOnlyMemory<byte>> ReadAtMostAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Min(limit, 16 * 1024));
        while (buffer.WrittenCount < limit)
        {
            var memory = buffer.GetMemory(Math.Min(8 * 1024, limit - buffer.WrittenCount));
            var read = await body.ReadAsync(memory[..Math.Min(memory.Length, limit - buffer.WrittenCount)], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            buffer.Advance(read);
        }

        return buffer.WrittenMemory;
    }
}
