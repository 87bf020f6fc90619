namespace McpSaas.Reconciler.Planning;

/// <summary>One line explaining a change: <c>+ tool github</c>, <c>~ secret slack-bot changed (sensitive value)</c>, <c>- key laptop revoked</c>.</summary>
public sealed record Reason(ReasonKind Kind, string Text)
{
    public char Symbol => Kind switch
    {
        ReasonKind.Added => '+',
        ReasonKind.Removed => '-',
        _ => '~',
    };

    public override string ToString() => $"{Symbol} {Text}";

    public static Reason Added(string text) => new(ReasonKind.Added, text);

    public static Reason Changed(string text) => new(ReasonKind.Changed, text);

    public static Reason Removed(string text) => new(ReasonKind.Removed, text);
}

public enum ReasonKind
{
    Added,
    Changed,
    Removed,
}
