namespace McpSaas.Reconciler.Platforms.Local;

/// <summary>A rendered workerd configuration: the <c>.capnp</c> text, the router module, and which environment variable carries which secret.</summary>
/// <param name="Capnp">The config file text (modules embedded by path, relative to the config file).</param>
/// <param name="RouterModule">The generated router Worker (<c>router.mjs</c>).</param>
/// <param name="SecretEnvironment">Environment variable name → (script, binding) whose value it carries.</param>
/// <param name="Hash">SHA-256 of everything above: equal hash ⇒ no restart needed.</param>
/// <param name="Workers">How many Workers it serves.</param>
public sealed record WorkerdConfig(string Capnp, string RouterModule, IReadOnlyList<SecretEnvironmentVariable> SecretEnvironment, string Hash, int Workers);

/// <summary>One secret passed to workerd through its environment (<c>fromEnvironment</c>), never written to disk.</summary>
public sealed record SecretEnvironmentVariable(string Variable, LocalDeployment Deployment, string Binding);
