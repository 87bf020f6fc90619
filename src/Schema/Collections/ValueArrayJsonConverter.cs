using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace McpSaas.Schema.Collections;

/// <summary>(De)serializes <see cref="ValueArray{T}"/> as a JSON array.</summary>
public sealed class ValueArrayJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(ValueArray<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(ValueArrayJsonConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;
}

/// <summary>(De)serializes <see cref="ValueArray{T}"/> as a JSON array of <typeparamref name="T"/>.</summary>
public sealed class ValueArrayJsonConverter<T> : JsonConverter<ValueArray<T>>
{
    public override ValueArray<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return ValueArray<T>.Empty;
        }

        var info = options.GetTypeInfo(typeof(ImmutableArray<T>));
        var items = (ImmutableArray<T>)JsonSerializer.Deserialize(ref reader, info)!;
        return new ValueArray<T>(items);
    }

    public override void Write(Utf8JsonWriter writer, ValueArray<T> value, JsonSerializerOptions options)
    {
        var info = options.GetTypeInfo(typeof(ImmutableArray<T>));
        JsonSerializer.Serialize(writer, value.Items, info);
    }
}
