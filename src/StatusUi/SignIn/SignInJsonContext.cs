using System.Text.Json.Serialization;

namespace McpSaas.StatusUi.SignIn;

/// <summary>Source-generated JSON for the GitHub user endpoints sign-in reads (unknown fields ignored).</summary>
[JsonSerializable(typeof(WireGitHubUser))]
[JsonSerializable(typeof(WireUserInstallations))]
[JsonSerializable(typeof(WireMembership))]
[JsonSerializable(typeof(WireTokenRevocation))]
internal sealed partial class SignInJsonContext : JsonSerializerContext;
