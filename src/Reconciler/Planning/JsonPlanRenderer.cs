using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace McpSaas.Reconciler.Planning;

/// <summary>
/// Renders a plan as stable JSON (format version 1, documented in the README). Field names and enum spellings
/// never change within a format version; new fields may be added.
/// </summary>
public static class JsonPlanRenderer
{
    public const int FormatVersion = 1;

    /// <param name="plan">The plan.</param>
    /// <param name="hint">What to do about a stalled server, in the reader's terms (written as <c>hint</c>); null for none.</param>
    public static string Render(Plan plan, Func<Desired.StalledServer, string?>? hint = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("formatVersion", FormatVersion);
            w.WriteString("repo", plan.Repo);
            w.WriteString("revision", plan.Revision);
            w.WriteStartObject("summary");
            w.WriteNumber("add", plan.ToAdd);
            w.WriteNumber("change", plan.ToChange);
            w.WriteNumber("destroy", plan.ToDestroy);
            w.WriteNumber("noOp", plan.Changes.Count(c => c.Action == ChangeAction.NoOp));
            w.WriteNumber("stalled", plan.Stalled.Count);
            w.WriteNumber("drifted", plan.Changes.Count(c => c.Drifted));
            w.WriteEndObject();
            w.WriteStartArray("changes");
            foreach (var change in plan.Changes)
            {
                w.WriteStartObject();
                w.WriteString("server", change.Id.ToString());
                w.WriteString("script", change.ScriptName);
                w.WriteString("action", ActionName(change.Action));
                w.WriteBoolean("drifted", change.Drifted);
                w.WriteStartArray("reasons");
                foreach (var reason in change.Reasons)
                {
                    w.WriteStartObject();
                    w.WriteString("kind", reason.Kind switch
                    {
                        ReasonKind.Added => "added",
                        ReasonKind.Removed => "removed",
                        _ => "changed",
                    });
                    w.WriteString("text", reason.Text);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteNumber("unchangedTools", change.UnchangedTools);
                if (change.Desired is { } d)
                {
                    w.WriteString("contentHash", d.ContentHash);
                }
                else
                {
                    w.WriteNull("contentHash");
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("stalled");
            foreach (var stalled in plan.Stalled)
            {
                w.WriteStartObject();
                w.WriteString("server", stalled.Id.ToString());
                w.WriteString("path", stalled.SourcePath);
                w.WriteString("reason", stalled.Reason switch
                {
                    Desired.StallReason.InvalidManifest => "invalid-manifest",
                    Desired.StallReason.FileUnreadable => "file-unreadable",
                    Desired.StallReason.SecretMissing => "secret-missing",
                    Desired.StallReason.PlanLimit => "plan-limit",
                    Desired.StallReason.RuntimeMissingTool => "runtime-missing-tool",
                    Desired.StallReason.NameClash => "name-clash",
                    _ => "other",
                });
                w.WriteString("class", stalled.Class == Reconciling.ErrorClass.Waiting ? "waiting" : "stalled");
                w.WriteString("message", stalled.Message);
                w.WriteString("hint", hint?.Invoke(stalled));
                if (stalled.MissingSecrets.Count > 0)
                {
                    w.WriteStartArray("missingSecrets");
                    foreach (var name in stalled.MissingSecrets)
                    {
                        w.WriteStringValue(name);
                    }

                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    public static string ActionName(ChangeAction action) => action switch
    {
        ChangeAction.Create => "create",
        ChangeAction.Update => "update",
        ChangeAction.Delete => "delete",
        ChangeAction.UpdateSecrets => "update-secrets",
        _ => "no-op",
    };
}
