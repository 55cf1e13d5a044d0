using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterFinance.Core.Json;
using ClusterFinance.Core.Simulation;
using Json.Schema;

namespace ClusterFinance.Core.Tests.Json;

/// <summary>
/// The precheck may only ever say yes where the full JSON Schema evaluator says the document is valid; held on the
/// shipped profiles and on thousands of documents broken one value at a time.
/// </summary>
public class SchemaPrecheckTests
{
    private static readonly string SchemaText = File.ReadAllText(Repository.Path("schemas", "profile.schema.json"));
    private static readonly SchemaPrecheck Precheck = SchemaPrecheck.FromText(SchemaText);
    private static readonly JsonSchema Full = JsonSchema.FromText(SchemaText, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    private static readonly EvaluationOptions FlagOnly = new() { OutputFormat = OutputFormat.Flag, RequireFormatValidation = true };

    /// <summary>The library's verdict; a number beyond decimal range is invalid (the reader reports it before the library runs).</summary>
    private static bool FullyValid(JsonNode document)
    {
        var element = JsonSerializer.SerializeToElement(document);
        return EmbeddedSchemas.OutOfRangeNumbers(element).Count == 0 && Full.Evaluate(element, FlagOnly).IsValid;
    }
    private static bool Accepted(JsonNode document) => Precheck.Accepts(JsonSerializer.SerializeToElement(document));

    /// <summary>Example profiles, the agencies' test-case profiles and a synthetic population.</summary>
    private static List<JsonNode> ValidProfiles()
    {
        var profiles = new List<JsonNode>();
        foreach (var file in Directory.GetFiles(Repository.Path("examples", "profiles"), "*.json"))
            profiles.Add(JsonNode.Parse(File.ReadAllText(file))!);
        foreach (var file in Directory.GetFiles(Repository.Path("rules"), "*.tests.json"))
            foreach (var testCase in JsonNode.Parse(File.ReadAllText(file))!["cases"]!.AsArray())
                profiles.Add(testCase!["profile"]!.DeepClone());
        var generator = PopulationGenerator.Load(Repository.Path("catalogue", "populations", "distributions.json"));
        profiles.AddRange(generator.Generate(200, 11).Select(p => JsonSerializer.SerializeToNode(p, JsonDefaults.Write)!));
        return profiles;
    }

    [Fact]
    public void Accepts_EveryValidProfileOfTheRepository()
    {
        var profiles = ValidProfiles();

        Assert.True(profiles.Count > 800);
        Assert.All(profiles, p => Assert.True(FullyValid(p)));
        // Valid documents take the fast path: a precheck that said "ask the full evaluator" to everything would be
        // safe but useless.
        Assert.All(profiles, p => Assert.True(Accepted(p), p.ToJsonString()));
    }

    [Fact]
    public void Accepts_NoDocumentTheFullEvaluatorRejects()
    {
        var random = new Random(20261127);
        var wrongAccepted = new List<string>();
        var rejected = 0;
        var mutants = 0;
        foreach (var profile in ValidProfiles())
        {
            for (var round = 0; round < 4; round++)
            {
                var mutant = profile.DeepClone();
                if (!Mutate(mutant, random)) continue;
                mutants++;
                var valid = FullyValid(mutant);
                if (!valid) rejected++;
                if (!valid && Accepted(mutant)) wrongAccepted.Add(string.Join("; ", EmbeddedSchemas.Problems(Full, JsonSerializer.SerializeToElement(mutant))));
            }
        }

        Assert.Empty(wrongAccepted);
        // The mutations do break most documents, so the check above has something to catch.
        Assert.True(rejected > mutants / 2, $"{rejected} of {mutants} mutants rejected");
    }

    [Theory]
    [InlineData("""{ "organisation": { "country": "RO", "nuts2": "RO21" } }""", true)]
    [InlineData("""{ "organisation": { "country": "Romania" } }""", false)]
    [InlineData("""{ "organisation": { "countryy": "RO" } }""", false)]
    [InlineData("""{ "size": { "employees": 12 } }""", false)]
    [InlineData("""{ "cluster": { "members": { "total": -1 } } }""", false)]
    [InlineData("""{ "cluster": { "members": { "total": 2.5 } } }""", false)]
    [InlineData("""{ "cluster": { "members": { "total": 2.0 } } }""", true)]
    [InlineData("""{ "organisation": { "registrationDate": "2026-02-30" } }""", false)]
    [InlineData("""{ "organisation": { "registrationDate": 20260201 } }""", false)]
    public void Accepts_AgreesWithTheSchemaOnTypicalMistakes(string json, bool valid)
    {
        var document = JsonNode.Parse(json)!;

        Assert.Equal(valid, FullyValid(document));
        Assert.Equal(valid, Accepted(document));
    }

    /// <summary>The check reads the document's text itself: it must read it as the JSON reader of the profile does.</summary>
    [Theory]
    [InlineData("""{ /* a comment */ "organisation": { "country": "RO", }, }""", true)]
    [InlineData("""{ "organisation": { "\u0063ountry": "R\u004F", "nuts2": "RO21" } }""", true)]
    [InlineData("""{ "organisation": { "country": "R\u004Fx" } }""", false)]
    [InlineData("""{ "organisation": { "\u0063ountryy": "RO" } }""", false)]
    [InlineData("""{ "cluster": { "naceCodes": ["J62", "J\u0036\u0032"] } }""", false)]
    [InlineData("""{ "organisation": { "country": "RO" } } and more""", false)]
    [InlineData("""{ "organisation": { "country": "RO" }""", false)]
    [InlineData("""{ "organisation": { "name": "Clusterul de Inovare Iași" } }""", true)]
    public void Accepts_ReadsTheTextAsTheProfileReaderDoes(string json, bool accepted)
    {
        Assert.Equal(accepted, Precheck.Accepts(System.Text.Encoding.UTF8.GetBytes(json)));
        if (accepted) Assert.True(FullyValid(JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!));
    }

    /// <summary>Breaks (or, by chance, keeps) one value somewhere in the document; false when nothing could be changed.</summary>
    private static bool Mutate(JsonNode document, Random random)
    {
        var nodes = new List<JsonNode>();
        Collect(document, nodes);
        if (nodes.Count == 0) return false;
        var target = nodes[random.Next(nodes.Count)];
        JsonNode? replacement = random.Next(12) switch
        {
            0 => JsonValue.Create(random.Next(2) == 0 ? "x" : target is JsonValue v && v.TryGetValue<string>(out var text) ? text + "\n" : "x"),
            1 => JsonValue.Create(-1),
            2 => JsonValue.Create(1.5m),
            3 => JsonValue.Create(1e30),
            4 => JsonValue.Create(true),
            5 => null,
            6 => new JsonObject { ["unexpected"] = 1 },
            7 => new JsonArray(JsonValue.Create("a"), JsonValue.Create("a")),
            8 => JsonValue.Create("2026-13-45"),
            9 => JsonValue.Create(""),
            10 => JsonValue.Create(100000),
            _ => JsonValue.Create("not a uri"),
        };
        if (random.Next(5) == 0 && target is JsonObject obj)
        {
            obj["unknownMember" + random.Next(100)] = replacement;
            return true;
        }
        var parent = target.Parent;
        if (parent is JsonObject o) o[target.GetPropertyName()] = replacement;
        else if (parent is JsonArray a) a[target.GetElementIndex()] = replacement;
        else return false;
        return true;
    }

    private static void Collect(JsonNode? node, List<JsonNode> nodes)
    {
        if (node is null) return;
        if (node.Parent is not null) nodes.Add(node);
        if (node is JsonObject obj)
            foreach (var (_, child) in obj) Collect(child, nodes);
        else if (node is JsonArray array)
            foreach (var child in array) Collect(child, nodes);
    }
}
