namespace McpSaas.StatusUi.Builder;

/// <summary>How a tool setting is entered in the builder, from its JSON Schema type.</summary>
public enum SettingKind
{
    Text,
    Url,
    Boolean,
    Integer,
    List,
}
