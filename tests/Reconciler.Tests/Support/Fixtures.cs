using McpSaas.Reconciler.Desired;
using McpSaas.Reconciler.Runtime;
using McpSaas.Schema.Catalog;
using McpSaas.Schema.Plans;

namespace McpSaas.Reconciler.Tests.Support;

internal static class Fixtures
{
    public static RuntimeBundle Runtime(string version = "1") => new(
        WorkerModule.Create("runtime.mjs", $"// runtime v{version}\nexport function createWorker() {{}}\n"),
        ToolCatalog.Default.Tools.Select(t => WorkerModule.Create($"tools/{t.Id}.mjs", $"// tool {t.Id} v1\nexport default {{}};\n")));

    public static DesiredStateBuilder Builder(RuntimeBundle? runtime = null) => new(runtime ?? Runtime());

    public static OrgContext LocalOrg(PlanLimits? entitlement = null) => new()
    {
        Name = "local",
        Owner = "local",
        Entitlement = entitlement ?? PlanLimits.Enterprise,
    };

    public static RepoContext Repo(string name = "examples") => new("local", name);
}
