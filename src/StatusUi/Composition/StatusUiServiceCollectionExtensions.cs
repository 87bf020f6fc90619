using McpSaas.StatusUi.Access;
using McpSaas.StatusUi.Actions;
using McpSaas.StatusUi.Builder;
using McpSaas.StatusUi.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace McpSaas.StatusUi.Composition;

/// <summary>Registers the status UI (pages and JSON API) over a state store registered by the host.</summary>
public static class StatusUiServiceCollectionExtensions
{
    /// <summary>
    /// Adds Razor components (static server rendering, antiforgery), the readers and actions of the pages, and
    /// <see cref="IOrgAccess"/> — <see cref="LoopbackOrgAccess"/> unless one is registered first (sign-in adds its own).
    /// Needs <c>IStateStore</c>, <c>ISecretStore</c>, <c>ApiKeyService</c> and a <see cref="TimeProvider"/>; uses
    /// <c>KeyRollout</c> when the host composes the reconciler. Options from the <c>StatusUi</c> section, validated at start.
    /// </summary>
    public static IServiceCollection AddMcpSaasStatusUi(this IServiceCollection services, Action<StatusUiOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<StatusUiOptions>().BindConfiguration(StatusUiOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StatusUiOptions>, StatusUiOptionsValidator>());
        services.AddRazorComponents();
        // HttpOnly, SameSite=Strict, Secure over https and whenever the browser addressed a host beyond loopback.
        services.AddAntiforgery(antiforgery => antiforgery.Cookie = new UiCookieBuilder("mcpsaas.antiforgery", Microsoft.AspNetCore.Http.SameSiteMode.Strict));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IOrgAccess, LoopbackOrgAccess>();
        services.TryAddSingleton(UiSignIn.Disabled);
        services.TryAddSingleton<ProposalActions>();
        services.TryAddSingleton<StatusReader>();
        services.TryAddSingleton<ManifestBuilder>();
        services.TryAddSingleton<KeyActions>();
        services.TryAddSingleton<SecretActions>();
        return services;
    }
}
