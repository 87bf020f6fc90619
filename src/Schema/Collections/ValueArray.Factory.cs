namespace McpSaas.Schema.Collections;

/// <summary>Factory helpers for <see cref="ValueArray{T}"/>.</summary>
public static class ValueArray
{
    public static ValueArray<T> Create<T>(params ReadOnlySpan<T> items) => new([.. items]);

    public static ValueArray<T> ToValueArray<T>(this IEnumerable<T> items) => new(items);
}
