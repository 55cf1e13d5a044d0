using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using ClusterFinance.Core.Catalogue;
using ClusterFinance.Core.Rules;

namespace ClusterFinance.Core.Evaluation;

/// <summary>
/// Writes the parts of the verdict document that come from the catalogue (scheme names, criterion ids, citations,
/// dates, gap facts and thresholds, manual checks, and the text of messages around their placeholders) from text
/// encoded once rather than escaped again in every document: they are most of its bytes. The document is the same as
/// the serialiser would write from the properties.
/// </summary>
internal static class VerdictWriting
{
    /// <summary>The document's text is written unescaped beyond what JSON requires, as the API and CLI write it.</summary>
    internal static JavaScriptEncoder Escaping => JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    internal static JsonEncodedText Encode(ReadOnlySpan<char> text) => JsonEncodedText.Encode(text, Escaping);

    private static readonly JsonEncodedText Id = Encode("id");
    private static readonly JsonEncodedText Verdict = Encode("verdict");
    private static readonly JsonEncodedText Message = Encode("message");
    private static readonly JsonEncodedText GapName = Encode("gap");
    private static readonly JsonEncodedText Fact = Encode("fact");
    private static readonly JsonEncodedText Actual = Encode("actual");
    private static readonly JsonEncodedText Required = Encode("required");
    private static readonly JsonEncodedText MissingFacts = Encode("missingFacts");
    private static readonly JsonEncodedText Citation = Encode("citation");
    private static readonly JsonEncodedText FactsAsOf = Encode("factsAsOf");
    private static readonly JsonEncodedText Unverified = Encode("unverified");
    private static readonly JsonEncodedText Children = Encode("children");
    private static readonly JsonEncodedText Text = Encode("text");
    private static readonly JsonEncodedText[] Verdicts = [Encode("pass"), Encode("fail"), Encode("unknown")];

    private static readonly JsonEncodedText AsOf = Encode("asOf");
    private static readonly JsonEncodedText ReceiptName = Encode("receipt");
    private static readonly JsonEncodedText Catalogue = Encode("catalogue");
    private static readonly JsonEncodedText Engine = Encode("engine");
    private static readonly JsonEncodedText Rules = Encode("rules");
    private static readonly JsonEncodedText Versions = Encode("versions");
    private static readonly JsonEncodedText Results = Encode("results");
    private static readonly JsonEncodedText SchemeId = Encode("schemeId");
    private static readonly JsonEncodedText Name = Encode("name");
    private static readonly JsonEncodedText Level = Encode("level");
    private static readonly JsonEncodedText NearMiss = Encode("nearMiss");
    private static readonly JsonEncodedText Verified = Encode("verified");
    private static readonly JsonEncodedText Legacy = Encode("legacy");
    private static readonly JsonEncodedText CriteriaName = Encode("criteria");
    private static readonly JsonEncodedText ManualChecks = Encode("manualChecks");
    private static readonly JsonEncodedText[] SchemeVerdicts = [Encode("eligible"), Encode("not-eligible"), Encode("undetermined")];

    /// <summary>
    /// What writing a criterion needs from the catalogue, in one object: its text encoded once, whether its messages
    /// read the same for every profile, and its results as written before. A document touches every criterion of the
    /// catalogue, so what it reads per criterion is kept to this object and the bytes it copies.
    /// </summary>
    internal sealed class EncodedCriterion(CompiledCriterion c)
    {
        /// <summary>At most this many written forms are kept per criterion, one per combination of verdicts.</summary>
        private const int MostKept = 64;

        private readonly bool passMessageFixed = c.SuccessTemplate.IsFixed;
        private readonly bool failMessageFixed = c.ErrorTemplate.IsFixed;
        /// <summary>Replaced whole when a form is added, never changed in place: readers need no lock.</summary>
        private (ulong Verdicts, byte[] Bytes)[] forms = [];

        public JsonEncodedText Id { get; } = Encode(c.Id);
        public JsonEncodedText? Citation { get; } = c.Citation is null ? null : Encode(c.Citation);
        public JsonEncodedText? FactsAsOf { get; } =
            c.FactsAsOf is { } date ? Encode(date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)) : null;
        public JsonEncodedText? GapFact { get; } = c.Gap is { } gap ? Encode(gap.Fact) : null;

        /// <summary>Its object up to the verdict, met and failed, and from the missing facts (none) to the end.</summary>
        private readonly byte[][] heads = [Head(c, "pass"), Head(c, "fail")];
        private readonly byte[] tail = Tail(c);

        private static byte[] Head(CompiledCriterion c, string verdict) =>
            [.. "{\"id\":\""u8, .. Encode(c.Id).EncodedUtf8Bytes, .. "\",\"verdict\":\""u8, .. Encoding.UTF8.GetBytes(verdict), (byte)'"'];

        private static byte[] Tail(CompiledCriterion c)
        {
            var tail = new List<byte>(",\"missingFacts\":[]"u8.ToArray());
            if (c.Citation is { } citation) tail.AddRange([.. ",\"citation\":\""u8, .. Encode(citation).EncodedUtf8Bytes, (byte)'"']);
            if (c.FactsAsOf is { } date) tail.AddRange(Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $",\"factsAsOf\":\"{date:yyyy-MM-dd}\"")));
            if (!c.Verified) tail.AddRange(",\"unverified\":true"u8);
            tail.Add((byte)'}');
            return [.. tail];
        }

        /// <summary>
        /// Writes a leaf met or failed, whose message or gap holds the profile's values, in one piece: its fixed parts
        /// copied as they were put together once, only the message and the gap's values encoded here. The same bytes as
        /// the object written property by property; false (nothing written) for what this does not cover: an unknown
        /// verdict, missing facts, children, or a gap whose actual value is of another kind.
        /// </summary>
        public bool TryWriteWhole(Utf8JsonWriter writer, CriterionResult value)
        {
            if (value.Verdict == CriterionVerdict.Unknown || value.Children is not null || value.MissingFacts.Count > 0) return false;
            var json = JsonText.Start();
            json.Append(heads[(int)value.Verdict]);
            value.AppendMessage(ref json);
            if (value.Gap is { } gap && !AppendGap(ref json, gap)) return false;
            json.Append(tail);
            writer.WriteRawValue(json.Written, skipInputValidation: true);
            return true;
        }

        /// <summary>The gap as <see cref="WriteGap"/> writes it, comma first.</summary>
        private bool AppendGap(ref JsonText json, Gap gap)
        {
            if (GapFact is not { } fact || fact.Value != gap.Fact) return false;
            json.Append(",\"gap\":{\"fact\":\""u8);
            json.Append(fact.EncodedUtf8Bytes);
            json.Append((byte)'"');
            switch (gap.Actual)
            {
                case null: break;
                case decimal d: json.Append(",\"actual\":"u8); json.AppendNumber(d); break;
                case int i: json.Append(",\"actual\":"u8); json.AppendNumber(i); break;
                case long l: json.Append(",\"actual\":"u8); json.AppendNumber(l); break;
                case bool b: json.Append(b ? ",\"actual\":true"u8 : ",\"actual\":false"u8); break;
                case string text: json.Append(",\"actual\":\""u8); json.AppendEscaped(text); json.Append((byte)'"'); break;
                case DateOnly date: json.Append(",\"actual\":"u8); json.AppendDate(date); break;
                default: return false;
            }
            json.Append(",\"required\":\""u8);
            json.Append(Required(gap.Required).EncodedUtf8Bytes);
            json.Append("\"}"u8);
            return true;
        }

        private sealed record EncodedText(string Text, JsonEncodedText Encoded);
        /// <summary>The gap's threshold as last written: the same text for every profile on a date.</summary>
        private EncodedText? required;

        public JsonEncodedText Required(string text)
        {
            if (required is { } last && ReferenceEquals(last.Text, text)) return last.Encoded;
            var encoded = Encode(text);
            required = new EncodedText(text, encoded);
            return encoded;
        }

        /// <summary>
        /// Whether the criterion's own message with this verdict is the same for every profile (no placeholders); a
        /// group that joins its children's messages reads the same when theirs do.
        /// </summary>
        public bool MessageIsFixed(CriterionVerdict verdict) => verdict switch
        {
            CriterionVerdict.Pass => passMessageFixed,
            CriterionVerdict.Fail => failMessageFixed,
            _ => false,
        };

        /// <summary>The result as written before for the same verdicts.</summary>
        public bool TryGetFixed(ulong verdicts, out byte[] bytes)
        {
            foreach (var form in forms)
                if (form.Verdicts == verdicts)
                {
                    bytes = form.Bytes;
                    return true;
                }
            bytes = [];
            return false;
        }

        public byte[] KeepFixed(ulong verdicts, byte[] bytes)
        {
            var current = forms;
            while (current.Length < MostKept && !current.Any(form => form.Verdicts == verdicts))
            {
                var seen = Interlocked.CompareExchange(ref forms, [.. current, (verdicts, bytes)], current);
                if (ReferenceEquals(seen, current)) break;
                current = seen;
            }
            return bytes;
        }
    }

    private sealed record EncodedCheck(JsonEncodedText Id, JsonEncodedText Text, JsonEncodedText? Citation);

    private static readonly ConditionalWeakTable<ManualCheck, EncodedCheck> Checks = [];
    /// <summary>A scheme's manual checks as a compact document writes them, once per list.</summary>
    private static readonly ConditionalWeakTable<IReadOnlyList<ManualCheck>, byte[]> CheckLists = [];

    private static EncodedCriterion For(CompiledCriterion c) => c.Encoded ??= new(c);

    private static EncodedCheck For(ManualCheck m) => Checks.GetValue(m, static m => new(
        Encode(m.Id), Encode(m.Text), m.Citation is null ? null : Encode(m.Citation)));

    /// <summary>
    /// The whole document, written field by field in the order of the records' properties (camelCase, nulls left
    /// out): the serialiser's general machinery costs more than the writing itself for a document of this size.
    /// </summary>
    internal sealed class ReportConverter : JsonConverter<EvaluationReport>
    {
        public override EvaluationReport Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Verdict documents are written, not read back into reports.");

        public override void Write(Utf8JsonWriter writer, EvaluationReport value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            WriteDate(writer, AsOf, value.AsOf);
            writer.WritePropertyName(ReceiptName);
            if (writer.Options.Indented) WriteReceipt(writer, value.Receipt);
            else writer.WriteRawValue(Receipts.GetValue(value.Receipt, static r => Compact(w => WriteReceipt(w, r))), skipInputValidation: true);
            writer.WriteStartArray(Results);
            foreach (var result in value.Results) WriteScheme(writer, result, options);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
    }

    /// <summary>A receipt as a compact document writes it: the engine keeps one for the whole catalogue.</summary>
    private static readonly ConditionalWeakTable<Receipt, byte[]> Receipts = [];

    private static void WriteReceipt(Utf8JsonWriter writer, Receipt receipt)
    {
        writer.WriteStartObject();
        writer.WriteString(Catalogue, receipt.Catalogue);
        writer.WriteString(Engine, receipt.Engine);
        writer.WriteStartObject(Rules);
        foreach (var (scheme, hash) in receipt.Rules) writer.WriteString(scheme, hash);
        writer.WriteEndObject();
        if (receipt.Versions is { } versions)
        {
            writer.WriteStartObject(Versions);
            foreach (var (scheme, version) in versions) writer.WriteNumber(scheme, version);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    internal sealed class SchemeResultConverter : JsonConverter<SchemeResult>
    {
        public override SchemeResult Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Verdict documents are written, not read back into scheme results.");

        public override void Write(Utf8JsonWriter writer, SchemeResult value, JsonSerializerOptions options) => WriteScheme(writer, value, options);
    }

    private static readonly CriterionResultConverter Criterion = new();

    /// <summary>A scheme's id, name and level as documents write them, encoded once per scheme.</summary>
    internal sealed class EncodedScheme(Scheme scheme)
    {
        private readonly Scheme scheme = scheme;
        private readonly JsonEncodedText id = Encode(scheme.Id), name = Encode(scheme.Name), level = Encode(scheme.Level);

        /// <summary>Writes the three, encoded once unless the result was given other text since.</summary>
        public static void Write(Utf8JsonWriter writer, SchemeResult value)
        {
            var encoded = value.Encoded;
            if (encoded is not null && ReferenceEquals(value.SchemeId, encoded.scheme.Id) && ReferenceEquals(value.Name, encoded.scheme.Name)
                && ReferenceEquals(value.Level, encoded.scheme.Level))
            {
                writer.WriteString(SchemeId, encoded.id);
                writer.WriteString(Name, encoded.name);
                writer.WriteString(Level, encoded.level);
                return;
            }
            writer.WriteString(SchemeId, value.SchemeId);
            writer.WriteString(Name, value.Name);
            writer.WriteString(Level, value.Level);
        }
    }

    private static void WriteScheme(Utf8JsonWriter writer, SchemeResult value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        EncodedScheme.Write(writer, value);
        writer.WriteString(Verdict, SchemeVerdicts[(int)value.Verdict]);
        writer.WriteBoolean(NearMiss, value.NearMiss);
        writer.WriteBoolean(Verified, value.Verified);
        if (value.Legacy) writer.WriteBoolean(Legacy, true);
        writer.WriteStartArray(CriteriaName);
        foreach (var criterion in value.Criteria) Criterion.Write(writer, criterion, options);
        writer.WriteEndArray();
        writer.WritePropertyName(ManualChecks);
        if (writer.Options.Indented) WriteChecks(writer, value.ManualChecks);
        else writer.WriteRawValue(CheckLists.GetValue(value.ManualChecks, static checks => Compact(w => WriteChecks(w, checks))), skipInputValidation: true);
        writer.WriteEndObject();
    }

    /// <summary>A part of the document written once, compactly, to be copied into every document that has it.</summary>
    private static byte[] Compact(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true }))
            write(writer);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteDate(Utf8JsonWriter writer, JsonEncodedText name, DateOnly date)
    {
        Span<byte> text = stackalloc byte[10];
        date.TryFormat(text, out var written, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        writer.WriteString(name, text[..written]);
    }

    internal sealed class CriterionResultConverter : JsonConverter<CriterionResult>
    {
        public override CriterionResult Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Verdict documents are written, not read back into criterion results.");

        public override void Write(Utf8JsonWriter writer, CriterionResult value, JsonSerializerOptions options)
        {
            var encoded = For(value.Criterion);
            // Most results (a criterion met, a fixed condition failed, a group of such) read the same for every profile
            // with the same verdicts: written once, then copied. Indented documents are for people and are written in full.
            if (!writer.Options.Indented && FixedKey(value) is { } verdicts)
            {
                if (!encoded.TryGetFixed(verdicts, out var bytes)) bytes = encoded.KeepFixed(verdicts, Written(value, options));
                writer.WriteRawValue(bytes, skipInputValidation: true);
                return;
            }
            if (!writer.Options.Indented && encoded.TryWriteWhole(writer, value)) return;
            WriteObject(writer, value, encoded, options);
        }

        /// <summary>
        /// The verdicts of a result that reads the same for every profile with those verdicts (no gap, no missing facts,
        /// no placeholders, in it or in any of its children), two bits each in document order; null for any other result.
        /// A criterion's tree has one shape, so the verdicts alone tell its written forms apart.
        /// </summary>
        private static ulong? FixedKey(CriterionResult value)
        {
            ulong key = 0;
            var nodes = 0;
            return Fold(value, ref key, ref nodes) ? key : null;

            static bool Fold(CriterionResult result, ref ulong key, ref int nodes)
            {
                if (++nodes > 32 || result.Gap is not null || result.MissingFacts.Count > 0 || !For(result.Criterion).MessageIsFixed(result.Verdict))
                    return false;
                key = key << 2 | (ulong)result.Verdict;
                if (result.Children is { } children)
                    foreach (var child in children)
                        if (!Fold(child, ref key, ref nodes)) return false;
                return true;
            }
        }

        private byte[] Written(CriterionResult value, JsonSerializerOptions options) => Compact(writer => WriteObject(writer, value, For(value.Criterion), options));

        private void WriteObject(Utf8JsonWriter writer, CriterionResult value, EncodedCriterion encoded, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WriteString(Id, encoded.Id);
            writer.WriteString(Verdict, Verdicts[(int)value.Verdict]);
            value.WriteMessage(writer, Message);
            if (value.Gap is { } gap) WriteGap(writer, gap, encoded, options);
            writer.WriteStartArray(MissingFacts);
            foreach (var path in value.MissingFacts) writer.WriteStringValue(path);
            writer.WriteEndArray();
            if (encoded.Citation is { } citation) writer.WriteString(Citation, citation);
            if (encoded.FactsAsOf is { } factsAsOf) writer.WriteString(FactsAsOf, factsAsOf);
            if (value.Unverified) writer.WriteBoolean(Unverified, true);
            if (value.Children is { } children)
            {
                writer.WriteStartArray(Children);
                foreach (var child in children) Write(writer, child, options);
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
    }

    /// <summary>The gap, written directly: its actual value is a number, a date, text or a yes/no.</summary>
    private static void WriteGap(Utf8JsonWriter writer, Gap gap, EncodedCriterion encoded, JsonSerializerOptions options)
    {
        writer.WriteStartObject(GapName);
        if (encoded.GapFact is { } fact && fact.Value == gap.Fact) writer.WriteString(Fact, fact);
        else writer.WriteString(Fact, gap.Fact);
        switch (gap.Actual)
        {
            case null: break;
            case decimal d: writer.WriteNumber(Actual, d); break;
            case int i: writer.WriteNumber(Actual, i); break;
            case long l: writer.WriteNumber(Actual, l); break;
            case double x: writer.WriteNumber(Actual, x); break;
            case bool b: writer.WriteBoolean(Actual, b); break;
            case string text: writer.WriteString(Actual, text); break;
            case DateOnly date: writer.WriteString(Actual, date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)); break;
            case var other:
                writer.WritePropertyName(Actual);
                JsonSerializer.Serialize(writer, other, options.GetTypeInfo(other.GetType()));
                break;
        }
        writer.WriteString(Required, encoded.Required(gap.Required));
        writer.WriteEndObject();
    }

    private static void WriteChecks(Utf8JsonWriter writer, IReadOnlyList<ManualCheck> checks)
    {
        writer.WriteStartArray();
        foreach (var check in checks)
        {
            var encoded = For(check);
            writer.WriteStartObject();
            writer.WriteString(Id, encoded.Id);
            writer.WriteString(Text, encoded.Text);
            if (encoded.Citation is { } citation) writer.WriteString(Citation, citation);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}
