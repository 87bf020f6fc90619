namespace McpSaas.StatusUi.Access;

/// <summary>Who the current request acts as.</summary>
/// <param name="Login">Shown on pages and used for names filled in (a key named after the user, …).</param>
/// <param name="Actor">What the audit log records for changes made through the pages: <c>ui:&lt;login&gt;</c>.</param>
public sealed record UiUser(string Login, string Actor);
