using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Secrets;

namespace McpSaas.Reconciler.Platforms;

/// <summary>One secret binding of a rebind: the binding (reference and new version) and its value.</summary>
public sealed record ReboundSecret(SecretTextBinding Binding, SecretValue Value);
