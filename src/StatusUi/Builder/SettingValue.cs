namespace McpSaas.StatusUi.Builder;

/// <summary>A setting value as the builder writes it into YAML: text, a boolean, an integer or a list of strings.</summary>
public sealed record SettingValue
{
    private SettingValue(object value) => Value = value;

    /// <summary>A <see cref="string"/>, <see cref="bool"/>, <see cref="long"/> or list of strings.</summary>
    public object Value { get; }

    public static SettingValue Text(string text) => new(text);

    public static SettingValue Boolean(bool value) => new(value);

    public static SettingValue Integer(long value) => new(value);

    public static SettingValue List(IReadOnlyList<string> items) => new(items);
}
