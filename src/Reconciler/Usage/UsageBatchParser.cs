using System.Globalization;
using System.Text.Json;
using McpSaas.Reconciler.State;
using McpSaas.Schema.Collections;

namespace McpSaas.Reconciler.Usage;

/// <summary>
/// Reads the body of <c>POST /api/usage</c>:
/// <code>{ "serverId": "org/repo/name" (optional), "batchId" (optional), "dropped" (optional), "events": [ { "eventId", "serverId", "tool", "keyId", "ok", "errorKind", "durationMs", "ts" } ] }</code>
/// <c>ts</c> is Unix milliseconds or an ISO 8601 time with offset; <c>keyId</c> and <c>errorKind</c> may be null or absent;
/// unknown fields are ignored. Every event names the same server (one batch, one server's outbox). Collects up to
/// <see cref="MaxReportedErrors"/> problems into one reason.
/// </summary>
public static class UsageBatchParser
{
    public const int MaxReportedErrors = 10;

    public const int MaxIdLength = 128;

    public const int MaxKindLength = 64;

    public const long MaxDurationMs = 24L * 60 * 60 * 1000;

    /// <summary>Largest <c>dropped</c> count accepted (far above any outbox's bound).</summary>
    public const long MaxDropped = 1_000_000_000;

    public static UsageBatchParseResult Parse(ReadOnlySpan<byte> body, UsageIngestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (body.Length > options.MaxBatchBytes)
        {
            return UsageBatchParseResult.Oversize($"the batch is {body.Length} bytes; at most {options.MaxBatchBytes} bytes per batch: send smaller batches");
        }

        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 8 });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            return UsageBatchParseResult.Bad($"the body is not valid JSON ({e.Message})");
        }

        using (document)
        {
            return Parse(document.RootElement, options);
        }
    }

    private static UsageBatchParseResult Parse(JsonElement root, UsageIngestOptions options)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return UsageBatchParseResult.Bad("the body must be a JSON object: { \"serverId\": …, \"events\": [ … ] }");
        }

        if (!root.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Array)
        {
            return UsageBatchParseResult.Bad("events: required, an array of usage events");
        }

        var count = events.GetArrayLength();
        if (count > options.MaxBatchEvents)
        {
            return UsageBatchParseResult.Oversize($"the batch has {count} events; at most {options.MaxBatchEvents} per batch: send smaller batches");
        }

        var errors = new List<string>();
        ServerId? batchServer = null;
        if (root.TryGetProperty("serverId", out var top) && top.ValueKind != JsonValueKind.Null)
        {
            if (top.ValueKind != JsonValueKind.String || !ServerId.TryParse(top.GetString(), out batchServer))
            {
                errors.Add("serverId: must be a server id (org/repo/name)");
            }
        }

        string? batchId = null;
        if (root.TryGetProperty("batchId", out var batchIdElement) && batchIdElement.ValueKind != JsonValueKind.Null)
        {
            if (batchIdElement.ValueKind != JsonValueKind.String)
            {
                errors.Add("batchId: must be a string or null");
            }
            else
            {
                batchId = CheckText(batchIdElement.GetString()!, "batchId", "batch", MaxIdLength, errors);
            }
        }

        long dropped = 0;
        if (root.TryGetProperty("dropped", out var droppedElement) && droppedElement.ValueKind != JsonValueKind.Null
            && (droppedElement.ValueKind != JsonValueKind.Number || !droppedElement.TryGetInt64(out dropped) || dropped < 0 || dropped > MaxDropped))
        {
            errors.Add($"dropped: must be a whole number from 0 to {MaxDropped} (events the outbox dropped since its last accepted batch)");
        }

        var parsed = new List<UsageEvent>(count);
        var index = 0;
        foreach (var element in events.EnumerateArray())
        {
            var at = $"events[{index++}]";
            if (element.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{at}: must be an object");
                continue;
            }

            var e = ParseEvent(element, at, errors);
            if (e is null)
            {
                continue;
            }

            batchServer ??= e.ServerId;
            if (e.ServerId != batchServer)
            {
                errors.Add($"{at}.serverId: '{e.ServerId}' differs from the batch's server '{batchServer}': one batch carries one server's events");
                continue;
            }

            parsed.Add(e);
        }

        if (errors.Count > 0)
        {
            var shown = string.Join("; ", errors.Take(MaxReportedErrors));
            return UsageBatchParseResult.Bad(errors.Count > MaxReportedErrors ? $"{shown}; and {errors.Count - MaxReportedErrors} more" : shown);
        }

        if (batchServer is null)
        {
            return UsageBatchParseResult.Bad("the batch has no events and no serverId: name the server to ask for its quota");
        }

        return UsageBatchParseResult.Ok(new UsageBatch(batchServer, parsed.ToValueArray()) { BatchId = batchId, Dropped = dropped });
    }

    private static UsageEvent? ParseEvent(JsonElement element, string at, List<string> errors)
    {
        var before = errors.Count;
        var eventId = RequiredText(element, "eventId", at, MaxIdLength, errors);
        var serverText = RequiredText(element, "serverId", at, 3 * 200 + 2, errors);
        ServerId? serverId = null;
        if (serverText is not null && !ServerId.TryParse(serverText, out serverId))
        {
            errors.Add($"{at}.serverId: must be a server id (org/repo/name)");
        }

        var tool = RequiredText(element, "tool", at, MaxIdLength, errors);
        var keyId = OptionalText(element, "keyId", at, MaxKindLength, errors);
        var errorKind = OptionalText(element, "errorKind", at, MaxKindLength, errors);

        bool ok = false;
        if (!element.TryGetProperty("ok", out var okElement) || okElement.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add($"{at}.ok: required, true or false");
        }
        else
        {
            ok = okElement.GetBoolean();
        }

        long duration = 0;
        if (!element.TryGetProperty("durationMs", out var durationElement) || durationElement.ValueKind != JsonValueKind.Number
            || !durationElement.TryGetDouble(out var durationValue) || durationValue < 0 || durationValue > MaxDurationMs)
        {
            errors.Add($"{at}.durationMs: required, a number of milliseconds from 0 to {MaxDurationMs}");
        }
        else
        {
            duration = (long)Math.Round(durationValue, MidpointRounding.AwayFromZero);
        }

        DateTimeOffset? timestamp = null;
        if (!element.TryGetProperty("ts", out var tsElement) || (timestamp = ParseTime(tsElement)) is null)
        {
            errors.Add($"{at}.ts: required, Unix milliseconds or an ISO 8601 time with offset (2026-01-31T12:00:00Z)");
        }

        if (errors.Count > before)
        {
            return null;
        }

        return new UsageEvent
        {
            EventId = eventId!,
            ServerId = serverId!,
            Tool = tool!,
            KeyId = keyId,
            Ok = ok,
            ErrorKind = errorKind,
            DurationMs = duration,
            Timestamp = timestamp!.Value,
        };
    }

    private static string? RequiredText(JsonElement element, string name, string at, int maxLength, List<string> errors)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            errors.Add($"{at}.{name}: required, a string");
            return null;
        }

        return CheckText(value.GetString()!, name, at, maxLength, errors);
    }

    private static string? OptionalText(JsonElement element, string name, string at, int maxLength, List<string> errors)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add($"{at}.{name}: must be a string or null");
            return null;
        }

        return CheckText(value.GetString()!, name, at, maxLength, errors);
    }

    private static string? CheckText(string text, string name, string at, int maxLength, List<string> errors)
    {
        if (text.Length == 0 || text.Length > maxLength || text.Any(char.IsControl))
        {
            errors.Add($"{at}.{name}: must be 1 to {maxLength} characters, without control characters");
            return null;
        }

        return text;
    }

    private static DateTimeOffset? ParseTime(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number when element.TryGetInt64(out var ms) && ms >= 0 && ms <= 253402300799999:
                return DateTimeOffset.FromUnixTimeMilliseconds(ms);
            case JsonValueKind.String:
                var text = element.GetString()!;
                var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
                return hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                    ? parsed.ToUniversalTime()
                    : null;
            default:
                return null;
        }
    }
}
