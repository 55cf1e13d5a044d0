using System.Text.Json;
using Json.Schema;

namespace ClusterFinance.Core.Json;

/// <summary>The JSON Schemas of schemas/, compiled into the assembly so every host validates the same way.</summary>
public static class EmbeddedSchemas
{
    private static readonly Lazy<SchemaRegistry> Registry = new(Build);

    public static JsonSchema Profile => Get("profile.schema.json");
    public static JsonSchema Scheme => Get("scheme.schema.json");
    public static JsonSchema RuleTests => Get("rule-tests.schema.json");

    private static readonly Dictionary<string, JsonSchema> ByName = [];
    private static readonly Dictionary<JsonSchema, SchemaPrecheck> Prechecks = new(ReferenceEqualityComparer.Instance);

    private static readonly EvaluationOptions FlagOnly = new() { OutputFormat = OutputFormat.Flag, RequireFormatValidation = true };
    private static readonly EvaluationOptions EveryProblem = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    private static JsonSchema Get(string name)
    {
        _ = Registry.Value;
        return ByName[name];
    }

    private static SchemaRegistry Build()
    {
        var registry = new SchemaRegistry();
        var options = new BuildOptions { SchemaRegistry = registry };
        var assembly = typeof(EmbeddedSchemas).Assembly;
        // profile first: the rule-tests schema refers to it.
        foreach (var name in new[] { "profile.schema.json", "scheme.schema.json", "rule-tests.schema.json" })
        {
            using var stream = assembly.GetManifestResourceStream("schemas/" + name)
                ?? throw new InvalidOperationException($"The schema {name} is not embedded in {assembly.GetName().Name}.");
            using var reader = new StreamReader(stream);
            var text = reader.ReadToEnd();
            var schema = JsonSchema.FromText(text, options);
            ByName[name] = schema;
            Prechecks[schema] = SchemaPrecheck.FromText(text);
        }
        return registry;
    }

    /// <summary>
    /// Whether the schema certainly accepts the document, as UTF-8 JSON text, checked in one pass over the text. False
    /// means "not certain": <see cref="Problems"/> then decides, and names every problem.
    /// </summary>
    public static bool Accepts(JsonSchema schema, ReadOnlySpan<byte> utf8) => Prechecks.TryGetValue(schema, out var precheck) && precheck.Accepts(utf8);

    /// <summary>Every problem the schema finds, as (JSON path, message), in document order.</summary>
    public static IReadOnlyList<(string Path, string Message)> Problems(JsonSchema schema, JsonElement instance)
    {
        // Most documents are valid: the compiled precheck accepts them in microseconds. Anything it doubts goes to
        // the full evaluator, first as a yes-or-no pass that stops at the first error, and only then, for a
        // document that really is invalid, collecting every problem.
        if (Prechecks.TryGetValue(schema, out var precheck) && precheck.Accepts(instance)) return [];
        // The evaluator cannot compare numbers beyond decimal range (it throws): no field of ours needs one.
        var outOfRange = OutOfRangeNumbers(instance);
        if (outOfRange.Count > 0) return outOfRange;
        if (schema.Evaluate(instance, FlagOnly).IsValid) return [];
        var results = schema.Evaluate(instance, EveryProblem);
        var problems = new List<(string, string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var detail in results.Details ?? [])
        {
            if (detail.Errors is null) continue;
            foreach (var (keyword, message) in detail.Errors)
            {
                var path = JsonDefaults.PathFromPointer(detail.InstanceLocation.ToString());
                var text = Describe(keyword, message);
                if (seen.Add(path + "\n" + text)) problems.Add((path, text));
            }
        }
        return problems;
    }

    /// <summary>Every number too large (or too precise) for a decimal, with its JSON path.</summary>
    public static IReadOnlyList<(string Path, string Message)> OutOfRangeNumbers(JsonElement instance)
    {
        var problems = new List<(string, string)>();
        Walk(instance, "$");
        return problems;

        void Walk(JsonElement element, string path)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Number when !element.TryGetDecimal(out _):
                    problems.Add((path, $"{element.GetRawText()} is beyond the range of any amount or count this document can hold"));
                    break;
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject()) Walk(property.Value, path + "." + property.Name);
                    break;
                case JsonValueKind.Array:
                    var index = 0;
                    foreach (var item in element.EnumerateArray()) Walk(item, $"{path}[{index++}]");
                    break;
            }
        }
    }

    private static string Describe(string keyword, string message) => keyword switch
    {
        "" or "$false" or "false" => "is not a known property",
        _ => message,
    };
}
