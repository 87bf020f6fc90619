using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>Registers the Cloudflare API client.</summary>
public static class CloudflareServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ICloudflareClient"/> (a typed client on the named <see cref="HttpClient"/>
    /// <see cref="CloudflareClient.HttpClientName"/>, the token added by <see cref="CloudflareAuthHandler"/>), the one
    /// shared <see cref="CloudflareRequestBudget"/> and <see cref="CloudflareOptions"/>, bound from the <c>Cloudflare</c>
    /// section (<c>MCPSAAS_Cloudflare__…</c>) (when an <see cref="IConfiguration"/> is registered) then <paramref name="configure"/>, and validated at start and before any call.
    /// Uses <c>TryAdd</c>, so tests can register their own <see cref="TimeProvider"/> first; they can also add a
    /// primary handler to the named client.
    /// </summary>
    public static IServiceCollection AddCloudflareApi(this IServiceCollection services, Action<CloudflareOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<CloudflareOptions>();
        // The Cloudflare section when the host has a configuration (the web host; the CLI may have none).
        options.Configure<IServiceProvider>((value, provider) => provider.GetService<IConfiguration>()?.GetSection(CloudflareOptions.SectionName).Bind(value));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CloudflareOptions>, CloudflareOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider =>
        {
            var value = provider.GetRequiredService<IOptions<CloudflareOptions>>().Value;
            return new CloudflareRequestBudget(value.RequestBudget, value.RequestBudgetWindow, provider.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton<CloudflareApiToken>();
        services.TryAddTransient<CloudflareAuthHandler>();
        services.AddHttpClient(CloudflareClient.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan) // per attempt: RequestTimeout
            .AddHttpMessageHandler<CloudflareAuthHandler>();
        services.TryAddSingleton<ICloudflareClient>(provider => new CloudflareClient(
            provider.GetRequiredService<IHttpClientFactory>(),
            provider.GetRequiredService<IOptions<CloudflareOptions>>(),
            provider.GetRequiredService<CloudflareRequestBudget>(),
            provider.GetRequiredService<CloudflareApiToken>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILogger<CloudflareClient>>()));
        return services;
    }
}
