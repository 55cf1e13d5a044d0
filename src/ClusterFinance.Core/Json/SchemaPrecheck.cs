using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ClusterFinance.Core.Json;

/// <summary>
/// A yes-only check compiled from a JSON Schema: <see cref="Accepts"/> true means the schema certainly holds for
/// the document; false means "ask the full evaluator", which then decides and names every problem.
/// </summary>
/// <remarks>
/// Interpreting the profile schema with JsonSchema.Net costs about half a millisecond per document, more than
/// evaluating the profile against the whole catalogue; this check costs a few microseconds. It knows the keywords
/// our schemas use and is stricter than the standard wherever that is simpler (an unknown keyword or format, a
/// number beyond decimal, a <c>$ref</c> outside <c>$defs</c>): every doubt is a "no", never a wrong "yes".
/// </remarks>
public sealed class SchemaPrecheck
{
    private delegate bool Check(JsonElement instance);

    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal)
    {
        "$schema", "$id", "$comment", "$defs", "title", "description", "examples", "default", "deprecated", "readOnly", "writeOnly",
    };

    private readonly Dictionary<string, Lazy<Check>> definitions = new(StringComparer.Ordinal);
    private readonly Check root;

    private SchemaPrecheck(JsonElement schema)
    {
        // Definitions compile on first use, so that they may refer to each other and to themselves.
        if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$defs", out var defs))
            foreach (var definition in defs.EnumerateObject())
            {
                var body = definition.Value;
                definitions[definition.Name] = new Lazy<Check>(() => Compile(body));
            }
        root = Compile(schema);
    }

    /// <summary>Compiles the schema once; the text is the same one the full evaluator was built from.</summary>
    public static SchemaPrecheck FromText(string schemaJson)
    {
        using var document = JsonDocument.Parse(schemaJson);
        return new SchemaPrecheck(document.RootElement.Clone());
    }

    public bool Accepts(JsonElement instance) => root(instance);

    private Check Compile(JsonElement schema)
    {
        if (schema.ValueKind == JsonValueKind.True) return static _ => true;
        if (schema.ValueKind != JsonValueKind.Object) return static _ => false;

        var checks = new List<Check>();
        var objectShapeAdded = false;
        foreach (var keyword in schema.EnumerateObject())
        {
            if (Annotations.Contains(keyword.Name)) continue;
            if (keyword.Name is "properties" or "additionalProperties")
            {
                // Both keywords together decide which members are allowed: one check for the pair.
                if (!objectShapeAdded) checks.Add(PropertiesCheck(schema));
                objectShapeAdded = true;
                continue;
            }
            checks.Add(keyword.Name switch
            {
                "type" => TypeCheck(keyword.Value),
                "$ref" => RefCheck(keyword.Value.GetString()),
                "required" => RequiredCheck(keyword.Value),
                "enum" => EnumCheck(keyword.Value),
                "const" => EnumCheck(JsonSerializer.SerializeToElement(new[] { keyword.Value })),
                "minimum" or "maximum" or "exclusiveMinimum" or "exclusiveMaximum" => BoundCheck(keyword.Name, keyword.Value),
                "minLength" or "maxLength" => LengthCheck(keyword.Name, keyword.Value),
                "pattern" => PatternCheck(keyword.Value.GetString()),
                "format" => FormatCheck(keyword.Value.GetString()),
                "items" => ItemsCheck(keyword.Value),
                "minItems" or "maxItems" => CountCheck(keyword.Name, keyword.Value),
                "uniqueItems" => keyword.Value.ValueKind == JsonValueKind.True ? UniqueCheck() : static _ => true,
                _ => static _ => false,
            });
        }
        var all = checks.ToArray();
        return instance =>
        {
            foreach (var check in all)
                if (!check(instance)) return false;
            return true;
        };
    }

    private static Check TypeCheck(JsonElement type)
    {
        var names = type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Select(t => t.GetString() ?? "").ToArray()
            : [type.GetString() ?? ""];
        return instance =>
        {
            foreach (var name in names)
                if (IsOfType(instance, name)) return true;
            return false;
        };
    }

    private static bool IsOfType(JsonElement instance, string type) => type switch
    {
        "object" => instance.ValueKind == JsonValueKind.Object,
        "array" => instance.ValueKind == JsonValueKind.Array,
        "string" => instance.ValueKind == JsonValueKind.String,
        // Amounts and counts are decimals: a number beyond decimal range is left to the full check, which names it.
        "number" => instance.ValueKind == JsonValueKind.Number && instance.TryGetDecimal(out _),
        "integer" => instance.ValueKind == JsonValueKind.Number && instance.TryGetDecimal(out var d) && decimal.Truncate(d) == d,
        "boolean" => instance.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => instance.ValueKind == JsonValueKind.Null,
        _ => false,
    };

    private Check RefCheck(string? reference)
    {
        const string prefix = "#/$defs/";
        if (reference is null || !reference.StartsWith(prefix, StringComparison.Ordinal)
            || !definitions.TryGetValue(reference[prefix.Length..], out var definition))
            return static _ => false;
        return instance => definition.Value(instance);
    }

    private Check PropertiesCheck(JsonElement schema)
    {
        var properties = new Dictionary<string, Check>(StringComparer.Ordinal);
        if (schema.TryGetProperty("properties", out var declared))
            foreach (var property in declared.EnumerateObject())
                properties[property.Name] = Compile(property.Value);
        Check? additional = schema.TryGetProperty("additionalProperties", out var extra) ? Compile(extra) : null;

        var byName = properties.GetAlternateLookup<ReadOnlySpan<char>>();
        return instance =>
        {
            if (instance.ValueKind != JsonValueKind.Object) return true;
            Span<char> buffer = stackalloc char[TextBuffer];
            foreach (var property in instance.EnumerateObject())
            {
                if (byName.TryGetValue(Name(property, buffer), out var propertyCheck))
                {
                    if (!propertyCheck(property.Value)) return false;
                }
                else if (additional is not null && !additional(property.Value)) return false;
            }
            return true;
        };
    }

    private static Check RequiredCheck(JsonElement required)
    {
        var names = required.EnumerateArray().Select(n => n.GetString() ?? "").ToArray();
        return instance =>
        {
            if (instance.ValueKind != JsonValueKind.Object) return true;
            foreach (var name in names)
                if (!instance.TryGetProperty(name, out _)) return false;
            return true;
        };
    }

    private static Check EnumCheck(JsonElement values)
    {
        // Only text and whole numbers are compared here; anything else is left to the full evaluator.
        var texts = new HashSet<string>(StringComparer.Ordinal);
        var numbers = new HashSet<long>();
        foreach (var value in values.EnumerateArray())
        {
            if (value.ValueKind == JsonValueKind.String) texts.Add(value.GetString()!);
            else if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n)) numbers.Add(n);
        }
        var text = texts.GetAlternateLookup<ReadOnlySpan<char>>();
        return instance =>
        {
            Span<char> buffer = stackalloc char[TextBuffer];
            return instance.ValueKind switch
            {
                JsonValueKind.String => text.Contains(Text(instance, buffer)),
                JsonValueKind.Number => instance.TryGetInt64(out var n) && numbers.Contains(n),
                _ => false,
            };
        };
    }

    private static Check BoundCheck(string keyword, JsonElement bound)
    {
        if (!bound.TryGetDecimal(out var limit)) return static _ => false;
        Func<decimal, bool> holds = keyword switch
        {
            "minimum" => v => v >= limit,
            "maximum" => v => v <= limit,
            "exclusiveMinimum" => v => v > limit,
            _ => v => v < limit,
        };
        return instance => instance.ValueKind != JsonValueKind.Number || (instance.TryGetDecimal(out var value) && holds(value));
    }

    private static Check LengthCheck(string keyword, JsonElement bound)
    {
        var limit = bound.GetInt32();
        var minimum = keyword == "minLength";
        return instance =>
        {
            if (instance.ValueKind != JsonValueKind.String) return true;
            Span<char> buffer = stackalloc char[TextBuffer];
            // Lengths count code points, not UTF-16 units.
            var length = 0;
            foreach (var _ in Text(instance, buffer).EnumerateRunes()) length++;
            return minimum ? length >= limit : length <= limit;
        };
    }

    private static Check PatternCheck(string? pattern)
    {
        if (pattern is null) return static _ => false;
        var regex = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromMilliseconds(100));
        return instance =>
        {
            if (instance.ValueKind != JsonValueKind.String) return true;
            Span<char> buffer = stackalloc char[TextBuffer];
            var text = Text(instance, buffer);
            // Non-ASCII text and control characters may match differently under ECMA-262 rules (.NET's $ also
            // matches before a final line break): left to the full evaluator, as is a match that takes too long.
            if (text.ContainsAnyExceptInRange(' ', '\u007e')) return false;
            try
            {
                return regex.IsMatch(text);
            }
            catch (RegexMatchTimeoutException)
            {
                return false;
            }
        };
    }

    private static Check FormatCheck(string? format) => format switch
    {
        "date" => static instance =>
        {
            Span<char> buffer = stackalloc char[TextBuffer];
            return instance.ValueKind != JsonValueKind.String
                || DateOnly.TryParseExact(Text(instance, buffer), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
        },
        "uri" => static instance => instance.ValueKind != JsonValueKind.String || IsPlainAbsoluteUri(instance.GetString()!),
        _ => static _ => false,
    };

    /// <summary>Room on the stack for the text of a name or value; longer text is read as a string.</summary>
    private const int TextBuffer = 256;

    /// <summary>A string value's text without a string of its own when it holds no escapes, as most do.</summary>
    private static ReadOnlySpan<char> Text(JsonElement instance, Span<char> buffer)
    {
        var raw = JsonMarshal.GetRawUtf8Value(instance)[1..^1];
        return raw.Contains((byte)'\\') || !Encoding.UTF8.TryGetChars(raw, buffer, out var written) ? instance.GetString() : buffer[..written];
    }

    private static ReadOnlySpan<char> Name(JsonProperty property, Span<char> buffer)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(property);
        return raw.Contains((byte)'\\') || !Encoding.UTF8.TryGetChars(raw, buffer, out var written) ? property.Name : buffer[..written];
    }

    private static bool IsPlainAbsoluteUri(string text) =>
        text.All(c => c is > ' ' and < '\u007f') && Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    private Check ItemsCheck(JsonElement items)
    {
        if (items.ValueKind is not (JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False)) return static _ => false;
        var item = Compile(items);
        return instance =>
        {
            if (instance.ValueKind != JsonValueKind.Array) return true;
            foreach (var element in instance.EnumerateArray())
                if (!item(element)) return false;
            return true;
        };
    }

    private static Check CountCheck(string keyword, JsonElement bound)
    {
        var limit = bound.GetInt32();
        var minimum = keyword == "minItems";
        return instance => instance.ValueKind != JsonValueKind.Array
            || (minimum ? instance.GetArrayLength() >= limit : instance.GetArrayLength() <= limit);
    }

    private static Check UniqueCheck() => static instance =>
    {
        if (instance.ValueKind != JsonValueKind.Array) return true;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in instance.EnumerateArray())
        {
            // Only lists of text are compared here; equality of other values is left to the full evaluator.
            if (element.ValueKind != JsonValueKind.String || !seen.Add(element.GetString()!)) return false;
        }
        return true;
    };
}
