using McpSaas.StatusUi.Access;
using McpSaas.StatusUi.Builder;
using McpSaas.StatusUi.Data;
using McpSaas.StatusUi.Model;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;

namespace McpSaas.StatusUi.Components;

/// <summary>
/// What every page under <c>/orgs/{org}</c> shares: the access check (an org the request may not read answers 404,
/// like one that does not exist), the current user, the request's form and status code.
/// </summary>
public abstract class OrgPage : ComponentBase
{
    [Parameter]
    public string Org { get; set; } = "";

    [CascadingParameter]
    protected HttpContext? HttpContext { get; set; }

    [Inject]
    protected IOrgAccess Access { get; set; } = null!;

    [Inject]
    protected StatusReader Reader { get; set; } = null!;

    protected OrgRole Role { get; private set; }

    protected UiUser? User { get; private set; }

    protected bool NotFound { get; private set; }

    protected bool IsAdmin => Role == OrgRole.Admin;

    protected CancellationToken Aborted => HttpContext?.RequestAborted ?? CancellationToken.None;

    /// <summary>Errors of the last form posted, by field.</summary>
    protected List<FieldErrorView> Errors { get; } = [];

    protected string? Notice { get; set; }

    protected bool NoticeIsWarning { get; set; }

    /// <summary>True when the request may read the org; otherwise the page is a 404.</summary>
    protected async Task<bool> AuthorizeAsync()
    {
        var context = HttpContext ?? throw new InvalidOperationException("the status pages render on the server only");
        User = await Access.GetUserAsync(context, Aborted);
        Role = BuilderRules.IsRepoName(Org) ? await Access.GetRoleAsync(context, Org, Aborted) : OrgRole.None;
        if (Role == OrgRole.None)
        {
            SetNotFound();
            return false;
        }

        return true;
    }

    [Inject]
    protected NavigationManager Navigation { get; set; } = null!;

    /// <summary>Answers 404 with the not-found page (an org or server the request may not see looks the same).</summary>
    protected void SetNotFound()
    {
        NotFound = true;
        Navigation.NotFound();
    }

    protected void SetStatus(int status)
    {
        if (HttpContext is { Response.HasStarted: false } context)
        {
            context.Response.StatusCode = status;
        }
    }

    /// <summary>A posted form field (trimmed of nothing: secret values are taken as typed).</summary>
    protected string? FormValue(string name) =>
        HttpContext?.Request is { HasFormContentType: true } request && request.Form.TryGetValue(name, out var values) ? values.ToString() : null;

    protected IReadOnlyList<string> FormValues(string name) =>
        HttpContext?.Request is { HasFormContentType: true } request && request.Form.TryGetValue(name, out var values)
            ? [.. values.Where(v => v is not null).Select(v => v!)]
            : [];

    /// <summary>Refuses a change to a member (only admins manage keys and secrets).</summary>
    protected bool RequireAdmin(string field)
    {
        if (IsAdmin)
        {
            return true;
        }

        Errors.Add(new FieldErrorView(field, "your role in this org can read it but not change it: ask an org admin"));
        SetStatus(StatusCodes.Status403Forbidden);
        return false;
    }

    /// <summary>Marks the answer as bad input (the form is shown again with the errors at their fields).</summary>
    protected void Invalid(IEnumerable<FieldErrorView> errors)
    {
        Errors.AddRange(errors);
        SetStatus(StatusCodes.Status400BadRequest);
    }

    protected IReadOnlyList<FieldErrorView> ErrorsFor(string field) => [.. Errors.Where(e => e.Field == field)];

    protected bool HasError(string field) => Errors.Any(e => e.Field == field);

    /// <summary><c>aria-describedby</c> for a field: its help text and, when there is one, its error.</summary>
    protected string? DescribedBy(string id, string field, bool hasHelp = false)
    {
        var ids = new List<string>();
        if (hasHelp)
        {
            ids.Add($"{id}-help");
        }

        if (HasError(field))
        {
            ids.Add($"{id}-error");
        }

        return ids.Count == 0 ? null : string.Join(' ', ids);
    }

    protected string? Invalid(string field) => HasError(field) ? "true" : null;
}
