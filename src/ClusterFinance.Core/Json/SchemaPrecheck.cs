using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ClusterFinance.Core.Json;

/// <summary>
/// A yes-only check compiled from a JSON Schema: <see cref="Accepts(ReadOnlySpan{byte})"/> true means the schema
/// certainly holds for the document; false means "ask the full evaluator", which then decides and names every problem.
/// </summary>
/// <remarks>
/// Interpreting the profile schema with JsonSchema.Net costs about half a millisecond per document, more than
/// evaluating the profile against the whole catalogue. This check reads the document's text once, front to back,
/// without building a document tree, in about a tenth of that time. It knows the keywords our schemas use and is
/// stricter than the standard wherever that is simpler (an unknown keyword or format, a number beyond decimal, a
/// <c>$ref</c> outside <c>$defs</c>, text that is not valid JSON): every doubt is a "no", never a wrong "yes".
/// </remarks>
public sealed class SchemaPrecheck
{
    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal)
    {
        "$schema", "$id", "$comment", "$defs", "title", "description", "examples", "default", "deprecated", "readOnly", "writeOnly",
    };

    /// <summary>The same tolerance as every reader of our documents: comments and trailing commas.</summary>
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private readonly Dictionary<string, Lazy<Node>> definitions = new(StringComparer.Ordinal);
    private readonly Node root;

    private SchemaPrecheck(JsonElement schema)
    {
        // Definitions compile on first use, so that they may refer to each other and to themselves.
        if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$defs", out var defs))
            foreach (var definition in defs.EnumerateObject())
            {
                var body = definition.Value;
                definitions[definition.Name] = new Lazy<Node>(() => Compile(body));
            }
        root = Compile(schema);
    }

    /// <summary>Compiles the schema once; the text is the same one the full evaluator was built from.</summary>
    public static SchemaPrecheck FromText(string schemaJson)
    {
        using var document = JsonDocument.Parse(schemaJson);
        return new SchemaPrecheck(document.RootElement.Clone());
    }

    /// <summary>Whether the document, as UTF-8 JSON text, certainly satisfies the schema.</summary>
    public bool Accepts(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        try
        {
            return reader.Read() && root.Accepts(ref reader) && !reader.Read();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not JSON, or an escape that is half a character: the full evaluator's callers name it.
            return false;
        }
    }

    /// <summary>Whether an already parsed value certainly satisfies the schema.</summary>
    public bool Accepts(JsonElement instance) => Accepts(JsonMarshal.GetRawUtf8Value(instance));

    private Node Compile(JsonElement schema)
    {
        if (schema.ValueKind == JsonValueKind.True) return Node.Anything;
        if (schema.ValueKind != JsonValueKind.Object) return Node.Nothing;

        var node = new Node();
        var constraints = 0;
        foreach (var keyword in schema.EnumerateObject())
        {
            if (Annotations.Contains(keyword.Name)) continue;
            constraints++;
            if (!Understands(node, keyword.Name, keyword.Value)) return Node.Nothing;
        }
        if (schema.TryGetProperty("properties", out _) || schema.TryGetProperty("additionalProperties", out _) || schema.TryGetProperty("required", out _))
            node.Shape = CompileShape(schema);
        node.ReferenceOnly = node.Reference is not null && constraints == 1;
        return node;
    }

    /// <summary>Takes one keyword into the node; false for a keyword or a value this check does not know.</summary>
    private bool Understands(Node node, string keyword, JsonElement value)
    {
        switch (keyword)
        {
            case "type": return node.SetTypes(value);
            case "$ref": return SetReference(node, value.GetString());
            case "properties" or "additionalProperties" or "required": return true; // together, in CompileShape
            case "enum": return node.SetEnum(value);
            case "const": return node.SetEnum(JsonSerializer.SerializeToElement(new[] { value }));
            case "minimum": return Bound(value, out node.Minimum);
            case "maximum": return Bound(value, out node.Maximum);
            case "exclusiveMinimum": return Bound(value, out node.ExclusiveMinimum);
            case "exclusiveMaximum": return Bound(value, out node.ExclusiveMaximum);
            case "minLength": return value.TryGetInt32(out node.MinLength);
            case "maxLength": return value.TryGetInt32(out node.MaxLength);
            case "minItems": return value.TryGetInt32(out node.MinItems);
            case "maxItems": return value.TryGetInt32(out node.MaxItems);
            case "uniqueItems":
                node.UniqueItems = value.ValueKind == JsonValueKind.True;
                return value.ValueKind is JsonValueKind.True or JsonValueKind.False;
            case "pattern":
                if (value.GetString() is not { } pattern) return false;
                node.Pattern = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromMilliseconds(100));
                return true;
            case "format":
                node.Format = value.GetString();
                return node.Format is "date" or "uri";
            case "items":
                if (value.ValueKind is not (JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False)) return false;
                node.Items = Compile(value);
                return true;
            default: return false;
        }
    }

    private static bool Bound(JsonElement value, out decimal? bound)
    {
        var known = value.TryGetDecimal(out var limit);
        bound = known ? limit : null;
        return known;
    }

    private bool SetReference(Node node, string? reference)
    {
        const string prefix = "#/$defs/";
        if (reference is null || !reference.StartsWith(prefix, StringComparison.Ordinal)
            || !definitions.TryGetValue(reference[prefix.Length..], out var definition))
            return false;
        node.Reference = definition;
        return true;
    }

    /// <summary>Which members an object may and must have, and the schema of each.</summary>
    private ObjectShape CompileShape(JsonElement schema)
    {
        var members = new Dictionary<string, Member>(Utf8Ordinal.Instance);
        if (schema.TryGetProperty("properties", out var declared))
            foreach (var property in declared.EnumerateObject())
                members[property.Name] = new Member(Compile(property.Value), 0);
        var requiredMask = 0UL;
        if (schema.TryGetProperty("required", out var required))
        {
            var names = required.EnumerateArray().Select(n => n.GetString() ?? "").Distinct().ToList();
            // More required members than bits: no object is accepted here, the full evaluator decides.
            if (names.Count > 64) return new ObjectShape(members, Node.Nothing, ulong.MaxValue, Impossible: true);
            for (var i = 0; i < names.Count; i++)
            {
                var bit = 1UL << i;
                members[names[i]] = members.TryGetValue(names[i], out var member) ? member with { RequiredBit = bit } : new Member(null, bit);
                requiredMask |= bit;
            }
        }
        var additional = schema.TryGetProperty("additionalProperties", out var extra) ? Compile(extra) : Node.Anything;
        return new ObjectShape(members, additional, requiredMask, Impossible: false);
    }

    /// <summary>A member the schema names: its own schema (null when only required), and its bit among the required.</summary>
    private sealed record Member(Node? Schema, ulong RequiredBit);

    private sealed record ObjectShape(Dictionary<string, Member> Members, Node Additional, ulong RequiredMask, bool Impossible)
    {
        public Dictionary<string, Member>.AlternateLookup<ReadOnlySpan<byte>> ByName { get; } = Members.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    [Flags]
    private enum Kinds
    {
        None = 0, Object = 1, Array = 2, String = 4, Number = 8, Integer = 16, Boolean = 32, Null = 64,
        Any = Object | Array | String | Number | Integer | Boolean | Null,
    }

    /// <summary>
    /// One schema, compiled: every keyword of it is checked in the same pass over a value, which ends on the value's
    /// last token. A <c>$ref</c> is checked on a copy of the reader, so that the value can be read again.
    /// </summary>
    private sealed class Node
    {
        public static readonly Node Anything = new();
        public static readonly Node Nothing = new() { rejectsAll = true };

        private bool rejectsAll;
        private Kinds types = Kinds.Any;
        private HashSet<string>? enumTexts;
        private HashSet<string>.AlternateLookup<ReadOnlySpan<byte>> enumByText;
        private HashSet<long>? enumNumbers;

        public Lazy<Node>? Reference;
        public ObjectShape? Shape;
        /// <summary>The node is only a <c>$ref</c>: the value is read once, by the definition.</summary>
        public bool ReferenceOnly;
        public decimal? Minimum, Maximum, ExclusiveMinimum, ExclusiveMaximum;
        public int MinLength = -1, MaxLength = -1, MinItems = -1, MaxItems = -1;
        public Regex? Pattern;
        public string? Format;
        public Node? Items;
        public bool UniqueItems;

        public bool SetTypes(JsonElement type)
        {
            var names = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()).ToList() : [type.GetString()];
            types = Kinds.None;
            foreach (var name in names)
                types |= name switch
                {
                    "object" => Kinds.Object,
                    "array" => Kinds.Array,
                    "string" => Kinds.String,
                    "number" => Kinds.Number | Kinds.Integer,
                    "integer" => Kinds.Integer,
                    "boolean" => Kinds.Boolean,
                    "null" => Kinds.Null,
                    _ => Kinds.None,
                };
            return types != Kinds.None;
        }

        /// <summary>Only text and whole numbers are compared here; anything else is left to the full evaluator.</summary>
        public bool SetEnum(JsonElement values)
        {
            enumTexts = new HashSet<string>(Utf8Ordinal.Instance);
            enumNumbers = [];
            foreach (var value in values.EnumerateArray())
            {
                if (value.ValueKind == JsonValueKind.String) enumTexts.Add(value.GetString()!);
                else if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n)) enumNumbers.Add(n);
            }
            enumByText = enumTexts.GetAlternateLookup<ReadOnlySpan<byte>>();
            return true;
        }

        public bool Accepts(ref Utf8JsonReader reader)
        {
            if (rejectsAll) return false;
            if (Reference is not null)
            {
                if (ReferenceOnly) return Reference.Value.Accepts(ref reader);
                var copy = reader;
                if (!Reference.Value.Accepts(ref copy)) return false;
            }
            return reader.TokenType switch
            {
                JsonTokenType.StartObject => (types & Kinds.Object) != 0 && enumTexts is null && AcceptsObject(ref reader),
                JsonTokenType.StartArray => (types & Kinds.Array) != 0 && enumTexts is null && AcceptsArray(ref reader),
                JsonTokenType.String => (types & Kinds.String) != 0 && AcceptsString(ref reader),
                JsonTokenType.Number => AcceptsNumber(ref reader),
                JsonTokenType.True or JsonTokenType.False => (types & Kinds.Boolean) != 0 && enumTexts is null,
                JsonTokenType.Null => (types & Kinds.Null) != 0 && enumTexts is null,
                _ => false,
            };
        }

        private bool AcceptsObject(ref Utf8JsonReader reader)
        {
            if (Shape is not { } shape)
            {
                reader.Skip();
                return true;
            }
            if (shape.Impossible) return false;
            var present = 0UL;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var schema = shape.Additional;
                var known = reader.ValueIsEscaped ? shape.Members.TryGetValue(reader.GetString()!, out var member) : shape.ByName.TryGetValue(reader.ValueSpan, out member);
                if (known)
                {
                    present |= member!.RequiredBit;
                    schema = member.Schema ?? shape.Additional;
                }
                reader.Read();
                if (!schema.Accepts(ref reader)) return false;
            }
            return (present & shape.RequiredMask) == shape.RequiredMask;
        }

        private bool AcceptsArray(ref Utf8JsonReader reader)
        {
            var count = 0;
            HashSet<string>? seen = null;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                count++;
                // Only lists of text are compared here; equality of other values is left to the full evaluator.
                if (UniqueItems && (reader.TokenType != JsonTokenType.String || !(seen ??= new(StringComparer.Ordinal)).Add(reader.GetString()!)))
                    return false;
                if (Items is null) reader.Skip();
                else if (!Items.Accepts(ref reader)) return false;
            }
            return (MinItems < 0 || count >= MinItems) && (MaxItems < 0 || count <= MaxItems);
        }

        private bool AcceptsNumber(ref Utf8JsonReader reader)
        {
            // Amounts and counts are decimals: a number beyond decimal range is left to the full check, which names it.
            if (!reader.TryGetDecimal(out var value)) return false;
            var whole = decimal.Truncate(value) == value;
            if ((types & Kinds.Number) == 0 && !((types & Kinds.Integer) != 0 && whole)) return false;
            if (enumTexts is not null && !(reader.TryGetInt64(out var number) && enumNumbers!.Contains(number))) return false;
            return (Minimum is not { } min || value >= min) && (Maximum is not { } max || value <= max)
                && (ExclusiveMinimum is not { } above || value > above) && (ExclusiveMaximum is not { } below || value < below);
        }

        private bool AcceptsString(ref Utf8JsonReader reader)
        {
            if (enumTexts is null && MinLength < 0 && MaxLength < 0 && Pattern is null && Format is null) return true;
            // The text as UTF-8, as it stands in the document unless it holds escapes (rare in a profile).
            var text = reader.ValueIsEscaped ? Unescaped(ref reader) : reader.ValueSpan;
            if (enumTexts is not null && !enumByText.Contains(text)) return false;
            if (MinLength >= 0 || MaxLength >= 0)
            {
                // Lengths count code points: every byte that does not continue a UTF-8 sequence starts one.
                var length = 0;
                foreach (var b in text) if ((b & 0xC0) != 0x80) length++;
                if ((MinLength >= 0 && length < MinLength) || (MaxLength >= 0 && length > MaxLength)) return false;
            }
            if (Pattern is null && Format is null) return true;
            // Patterns and formats are only decided here for printable ASCII: other text may match differently under
            // ECMA-262 rules (.NET's $ also matches before a final line break), and is left to the full evaluator.
            if (text.ContainsAnyExceptInRange((byte)' ', (byte)'~')) return false;
            Span<char> chars = text.Length <= 64 ? stackalloc char[text.Length] : new char[text.Length];
            System.Text.Ascii.ToUtf16(text, chars, out _);
            if (Pattern is not null && !Matches(Pattern, chars)) return false;
            return Format switch
            {
                "date" => DateOnly.TryParseExact(chars, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
                "uri" => !chars.Contains(' ') && Uri.TryCreate(chars.ToString(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https",
                _ => true,
            };
        }

        private static byte[] Unescaped(ref Utf8JsonReader reader)
        {
            var text = new byte[reader.ValueSpan.Length];
            return text[..reader.CopyString(text)];
        }

        private static bool Matches(Regex pattern, ReadOnlySpan<char> text)
        {
            try
            {
                return pattern.IsMatch(text);
            }
            catch (RegexMatchTimeoutException)
            {
                return false;
            }
        }
    }

    /// <summary>
    /// Names and values of the schema, found by the UTF-8 text of the document without decoding it. Text that is not
    /// ASCII is compared decoded (rare, and never in our schemas' names).
    /// </summary>
    private sealed class Utf8Ordinal : IEqualityComparer<string>, IAlternateEqualityComparer<ReadOnlySpan<byte>, string>
    {
        public static readonly Utf8Ordinal Instance = new();

        public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);
        public int GetHashCode(string text) => GetHashCode(Encoding.UTF8.GetBytes(text));

        public bool Equals(ReadOnlySpan<byte> alternate, string other) =>
            Ascii.IsValid(alternate) ? Ascii.Equals(alternate, other) : Encoding.UTF8.GetString(alternate) == other;

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var hash = new HashCode();
            hash.AddBytes(alternate);
            return hash.ToHashCode();
        }

        public string Create(ReadOnlySpan<byte> alternate) => Encoding.UTF8.GetString(alternate);
    }
}
