namespace McpSaas.Reconciler.Platforms.Cloudflare;

/// <summary>The binding <c>type</c> values the client writes (worker-contract.md's bindings).</summary>
public static class BindingTypes
{
    public const string Json = "json";
    public const string PlainText = "plain_text";
    public const string SecretText = "secret_text";
    public const string SecretKey = "secret_key";
    public const string DurableObjectNamespace = "durable_object_namespace";
    public const string Service = "service";
    public const string Inherit = "inherit";
}
