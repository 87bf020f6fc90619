using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace McpSaas.Schema.Yaml;

/// <summary>
/// Resolves scalars with the YAML 1.2 core schema (what YAML 1.2 parsers and the YAML language server do):
/// plain <c>true</c>/<c>false</c>, <c>null</c>/<c>~</c>/empty, integers (decimal, <c>0o</c>, <c>0x</c>) and floats
/// are typed; everything quoted, block, or tagged <c>!!str</c>/<c>!</c> is a string. YAML 1.1 words such as
/// <c>yes</c>/<c>on</c> stay strings.
/// </summary>
internal static class ScalarResolver
{
    private const string TagPrefix = "tag:yaml.org,2002:";

    public static void Write(Utf8JsonWriter writer, YScalar scalar)
    {
        var tag = scalar.Tag;
        if (tag.Length == 0)
        {
            if (!scalar.IsPlain || !TryWriteTyped(writer, scalar.Value, any: true))
            {
                writer.WriteStringValue(scalar.Value);
            }

            return;
        }

        var handled = tag switch
        {
            TagPrefix + "null" => TryNull(writer, scalar.Value, allowAny: true),
            TagPrefix + "bool" => TryBool(writer, scalar.Value),
            TagPrefix + "int" => TryInt(writer, scalar.Value),
            TagPrefix + "float" => TryFloat(writer, scalar.Value) || TryInt(writer, scalar.Value),
            _ => false,
        };
        if (!handled)
        {
            writer.WriteStringValue(scalar.Value);
        }
    }

    /// <summary>Whether the scalar resolves to null (an empty or <c>null</c> plain scalar).</summary>
    public static bool IsNull(YScalar scalar) =>
        scalar.Tag.Length == 0 && scalar.IsPlain && scalar.Value is "" or "~" or "null" or "Null" or "NULL";

    private static bool TryWriteTyped(Utf8JsonWriter writer, string v, bool any) =>
        TryNull(writer, v, allowAny: false) || TryBool(writer, v) || TryInt(writer, v) || (any && TryFloat(writer, v));

    private static bool TryNull(Utf8JsonWriter writer, string v, bool allowAny)
    {
        if (v is "" or "~" or "null" or "Null" or "NULL" || allowAny)
        {
            writer.WriteNullValue();
            return true;
        }

        return false;
    }

    private static bool TryBool(Utf8JsonWriter writer, string v)
    {
        switch (v)
        {
            case "true" or "True" or "TRUE":
                writer.WriteBooleanValue(true);
                return true;
            case "false" or "False" or "FALSE":
                writer.WriteBooleanValue(false);
                return true;
            default:
                return false;
        }
    }

    private static bool TryInt(Utf8JsonWriter writer, string v)
    {
        if (v.Length == 0 || v.Length > 400)
        {
            return false;
        }

        BigInteger value;
        if (v.StartsWith("0o", StringComparison.Ordinal) && v.Length > 2 && v.AsSpan(2).ContainsOnlyOctal())
        {
            value = 0;
            foreach (var c in v.AsSpan(2))
            {
                value = (value * 8) + (c - '0');
            }
        }
        else if (v.StartsWith("0x", StringComparison.Ordinal) && v.Length > 2 && !v.AsSpan(2).ContainsAnyExcept(HexDigits))
        {
            value = BigInteger.Parse("0" + v[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        }
        else
        {
            var digits = v.AsSpan(v[0] is '-' or '+' ? 1 : 0);
            if (digits.Length == 0 || digits.ContainsAnyExceptInRange('0', '9'))
            {
                return false;
            }

            value = BigInteger.Parse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }

        if (value >= long.MinValue && value <= long.MaxValue)
        {
            writer.WriteNumberValue((long)value);
        }
        else
        {
            writer.WriteRawValue(value.ToString(CultureInfo.InvariantCulture), skipInputValidation: true);
        }

        return true;
    }

    private static bool TryFloat(Utf8JsonWriter writer, string v)
    {
        if (v.Length == 0 || v.Length > 400 || !IsCoreFloat(v))
        {
            return false;
        }

        if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
        {
            writer.WriteNumberValue(d);
            return true;
        }

        // .inf / .nan have no JSON form: they stay strings (a number field then reports a type error).
        return false;
    }

    private static bool IsCoreFloat(string v)
    {
        var s = v.AsSpan(v[0] is '-' or '+' ? 1 : 0);
        var i = 0;
        var intDigits = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
            intDigits++;
        }

        var fracDigits = 0;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
                fracDigits++;
            }
        }

        if (intDigits + fracDigits == 0)
        {
            return false;
        }

        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '-' or '+')
            {
                i++;
            }

            var expDigits = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
                expDigits++;
            }

            if (expDigits == 0)
            {
                return false;
            }
        }

        return i == s.Length;
    }

    private const string HexDigits = "0123456789abcdefABCDEF";

    private static bool ContainsOnlyOctal(this ReadOnlySpan<char> s) => !s.ContainsAnyExceptInRange('0', '7');
}
