namespace McpSaas.Testing.Fakes.Cloudflare;

/// <summary>How a <see cref="FakeCloudflareApi"/> behaves. Defaults follow the real API (Workers Free plan where plans differ).</summary>
public sealed class FakeCloudflareOptions
{
    /// <summary>The one account the fake serves.</summary>
    public string AccountId { get; set; } = "0123456789abcdef0123456789abcdef";

    /// <summary>The one API token it accepts. Default: a fresh random token per fake.</summary>
    public string ApiToken { get; set; } = "fake-cf-token-" + Guid.NewGuid().ToString("N");

    /// <summary>Whether the token has <c>Workers Scripts Edit</c>; false = reads only (writes answer 403 / 10023).</summary>
    public bool TokenCanEdit { get; set; } = true;

    /// <summary>The account's workers.dev subdomain; null = none registered (10007).</summary>
    public string? Subdomain { get; set; } = "mcpsaas-fake";

    /// <summary>The clock of the rate limit, of recorded requests and of created/modified times.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Requests per <see cref="RateLimitWindow"/> before 429 (Cloudflare: 1,200 per 5 minutes).</summary>
    public int RateLimit { get; set; } = 1200;

    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Share of requests (0–1) that get a fault of <see cref="Faults"/>, chosen with <see cref="FaultSeed"/>.</summary>
    public double FaultRate { get; set; }

    public int FaultSeed { get; set; } = 1;

    public FakeFault Faults { get; set; } = FakeFault.All;

    /// <summary>Which requests may get a fault (method, path under the API root); null = all.</summary>
    public Func<string, string, bool>? FaultFilter { get; set; }

    /// <summary>The <c>retry-after</c> of an injected 429.</summary>
    public TimeSpan FaultRetryAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long an injected timeout hangs (real time) unless the client gives up first.</summary>
    public TimeSpan HangTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Workers per account (10037 beyond). Free: 100; Paid: 500.</summary>
    public int MaxScripts { get; set; } = 500;

    /// <summary>Largest upload of modules, in bytes (10027 beyond). Cloudflare counts compressed size (3 MB Free, 10 MB Paid).</summary>
    public int MaxScriptBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Largest secret or variable value, in bytes (10054 beyond).</summary>
    public int MaxVariableBytes { get; set; } = 5 * 1024;

    /// <summary>Variables and secrets per Worker (10055 beyond). Free: 64; Paid: 128.</summary>
    public int MaxVariables { get; set; } = 64;

    /// <summary>Workers Free: <c>new_classes</c> (key-value Durable Objects) is refused with 10097.</summary>
    public bool FreePlan { get; set; } = true;

    /// <summary>Whether recorded requests keep their bodies (off for benchmarks: thousands of uploads of the same runtime).</summary>
    public bool RecordRequestBodies { get; set; } = true;

    /// <summary>Whether uploaded Workers can be run in workerd (<see cref="FakeCloudflareApi.CreateWorkersDevHandler"/>); off for benchmarks.</summary>
    public bool RunWorkers { get; set; } = true;

    /// <summary>The workerd binary; default <c>MCPSAAS_WORKERD</c>, else worker-runtime's npm package above the test folder.</summary>
    public string? WorkerdPath { get; set; }

    /// <summary>How long workerd may take to start.</summary>
    public TimeSpan WorkerdStartTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
