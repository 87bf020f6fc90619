using McpSaas.Reconciler.Runtime;

namespace McpSaas.Reconciler.Tests.Desired;

public sealed class EntryModuleTests
{
    [Fact]
    public void Render_IsExactlyTheGoldenShapeOfTheWorkerContract()
    {
        var module = EntryModule.Render(["slack", "github"]);

        Assert.Equal("main.mjs", module.Name);
        Assert.Equal(
            """
            import { createWorker, McpSession, McpLimiter } from "./runtime.mjs";
            import slack from "./tools/slack.mjs";
            import github from "./tools/github.mjs";
            export default createWorker([slack, github]);
            export { McpSession, McpLimiter };

            """.ReplaceLineEndings("\n"),
            module.Content);
    }

    [Fact]
    public void Render_ImportsEachToolOnce_WhenItIsUsedTwiceUnderAliases()
    {
        var module = EntryModule.Render(["github", "github", "fetch"]);

        Assert.Single(module.Content.Split('\n'), l => l.Contains("./tools/github.mjs", StringComparison.Ordinal));
        Assert.Contains("createWorker([github, fetch])", module.Content, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("import")]
    [InlineData("createWorker")]
    [InlineData("Bad-Id")]
    public void Render_RefusesIdsThatAreNotPlainIdentifiers(string id) =>
        Assert.Throws<ArgumentException>(() => EntryModule.Render([id]));
}
