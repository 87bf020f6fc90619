using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using McpSaas.Reconciler.Keys;

namespace McpSaas.Reconciler.Usage;

/// <summary>
/// The usage endpoint's side of a server's usage route (worker-contract.md, "Limits and usage"): ask a deployed
/// server for its outbox status, or tell it the endpoint is (back) up so it delivers now and fetches a fresh verdict.
/// Authenticated with the server's usage token; the route answers 404 to anything else, so a 404 means "not this
/// server's token, or a runtime without the route".
/// </summary>
public sealed class WorkerUsageClient(HttpClient http)
{
    public const string StatusPath = "/_mcpsaas/usage";

    public const string FlushPath = "/_mcpsaas/usage/flush";

    /// <param name="serverBaseUrl">The server's base URL (its <c>/mcp</c> is under it).</param>
    public Task<WorkerUsageResult> StatusAsync(string serverBaseUrl, SensitiveToken token, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, serverBaseUrl, StatusPath, token, cancellationToken);

    /// <summary>Delivers what waits now (whatever the backoff) and asks for a fresh verdict; answers the status after that attempt.</summary>
    public Task<WorkerUsageResult> FlushAsync(string serverBaseUrl, SensitiveToken token, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, serverBaseUrl, FlushPath, token, cancellationToken);

    private async Task<WorkerUsageResult> SendAsync(HttpMethod method, string serverBaseUrl, string path, SensitiveToken token, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(serverBaseUrl);
        ArgumentNullException.ThrowIfNull(token);
        using var request = new HttpRequestMessage(method, new Uri(serverBaseUrl.TrimEnd('/') + path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Reveal());
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return WorkerUsageResult.Failed("the server does not answer its usage route (not deployed with this usage token, or an older runtime)");
            }

            if (!response.IsSuccessStatusCode)
            {
                return WorkerUsageResult.Failed($"the server answered HTTP {(int)response.StatusCode}");
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var status = JsonSerializer.Deserialize(body, UsageJsonContext.Default.WorkerUsageStatus);
            return status is null ? WorkerUsageResult.Failed("the server's usage status is empty") : WorkerUsageResult.Ok(status);
        }
        catch (HttpRequestException e)
        {
            return WorkerUsageResult.Failed($"the server cannot be reached ({e.Message})");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return WorkerUsageResult.Failed("the server did not answer in time");
        }
        catch (JsonException e)
        {
            return WorkerUsageResult.Failed($"the server's usage status is not valid JSON ({e.Message})");
        }
    }
}
