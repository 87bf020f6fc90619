// The production host (`mcpsaas serve`): webhooks, API, scheduler and status UI are added by their issues.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" }));

await app.RunAsync();

/// <summary>Entry point type, for <c>WebApplicationFactory&lt;Program&gt;</c> in tests.</summary>
public partial class Program;
