using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Json;
using ClusterFinance.Core.Profiles;

namespace ClusterFinance.Core.Tests.Evaluation;

/// <summary>The compact document (the API's) reuses the written text of results that are the same for every profile with the same verdicts.</summary>
public class VerdictDocumentTests
{
    private static readonly JsonSerializerOptions Compact = new(JsonDefaults.Write) { WriteIndented = false };

    [Fact]
    public void CompactDocument_SaysWhatTheFullyWrittenDocumentSays_ForEveryExampleInTurn()
    {
        // One engine, profiles one after the other and back again: text kept from one profile must never show in another's.
        var files = Directory.GetFiles(Repository.Path("examples", "profiles"), "*.json");
        foreach (var file in files.Concat(files.Reverse()))
        {
            var profile = ProfileReader.Read(File.ReadAllText(file)).Profile!;
            foreach (var asOf in new[] { new DateOnly(2026, 11, 26), new DateOnly(2025, 3, 1) })
            {
                var report = Repository.Engine.Evaluate(profile, asOf);

                var compact = JsonNode.Parse(JsonSerializer.Serialize(report, Compact));
                var indented = JsonNode.Parse(JsonSerializer.Serialize(Repository.Engine.Evaluate(profile, asOf), JsonDefaults.Write));

                Assert.True(JsonNode.DeepEquals(indented, compact), $"{Path.GetFileName(file)} on {asOf}");
            }
        }
    }

    [Fact]
    public void CompactDocument_SaysWhatTheFullyWrittenDocumentSays_ForAVariedPopulation()
    {
        // Groups of criteria are copied by the verdicts of their members: many profiles, many combinations of verdicts.
        var generator = ClusterFinance.Core.Simulation.PopulationGenerator.Load(Repository.Path("catalogue", "populations", "distributions.json"));
        var asOf = new DateOnly(2026, 11, 26);
        foreach (var profile in generator.Generate(300, seed: 11, asOf: asOf))
        {
            var compact = JsonNode.Parse(JsonSerializer.Serialize(Repository.Engine.Evaluate(profile, asOf), Compact));
            var indented = JsonNode.Parse(JsonSerializer.Serialize(Repository.Engine.Evaluate(profile, asOf), JsonDefaults.Write));

            Assert.True(JsonNode.DeepEquals(indented, compact), profile.Organisation?.Name);
        }
    }

    [Fact]
    public void CompactDocument_IsTheFullyWrittenDocumentWithoutItsWhitespace_ByteForByte()
    {
        // The compact document copies text written before and writes criteria holding a profile's values in one piece;
        // the indented one is written property by property. Numbers, escapes and the order of properties must agree.
        var generator = ClusterFinance.Core.Simulation.PopulationGenerator.Load(Repository.Path("catalogue", "populations", "distributions.json"));
        var examples = Directory.GetFiles(Repository.Path("examples", "profiles"), "*.json").Select(f => ProfileReader.Read(File.ReadAllText(f)).Profile!).ToList();
        var odd = examples[0] with { Organisation = examples[0].Organisation! with { LegalForm = "\"asociație\" \\ ONG\t<&>", Country = "R\"O" } };
        foreach (var asOf in new[] { new DateOnly(2026, 11, 26), new DateOnly(2025, 3, 1) })
            foreach (var profile in generator.Generate(150, seed: 29, asOf: asOf).Concat(examples).Append(odd))
            {
                var compact = JsonSerializer.SerializeToUtf8Bytes(Repository.Engine.Evaluate(profile, asOf), Compact);
                using var indented = JsonDocument.Parse(JsonSerializer.Serialize(Repository.Engine.Evaluate(profile, asOf), JsonDefaults.Write));
                var buffer = new System.Buffers.ArrayBufferWriter<byte>();
                using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JsonDefaults.Write.Encoder }))
                    indented.WriteTo(writer);

                Assert.True(buffer.WrittenSpan.SequenceEqual(compact), $"{profile.Organisation?.Name} on {asOf}: {FirstDifference(buffer.WrittenSpan, compact)}");
            }

        static string FirstDifference(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
        {
            var at = expected.CommonPrefixLength(actual);
            string Around(ReadOnlySpan<byte> text) => System.Text.Encoding.UTF8.GetString(text[Math.Max(0, at - 80)..Math.Min(text.Length, at + 80)]);
            return $"at byte {at}, expected …{Around(expected)}… but wrote …{Around(actual)}…";
        }
    }

    [Fact]
    public void DocumentMessages_ReadAsTheTableShowsThem_ForAVariedPopulation()
    {
        // Documents write messages from text encoded once and values encoded as they are filled in; the table and the
        // roadmaps read them as text. Both must say the same, values, quotes and all.
        var generator = ClusterFinance.Core.Simulation.PopulationGenerator.Load(Repository.Path("catalogue", "populations", "distributions.json"));
        var asOf = new DateOnly(2026, 11, 26);
        var compared = 0;
        var example = ProfileReader.Read(File.ReadAllText(Repository.Path("examples", "profiles", "ro-nord-est-ict-cluster.json"))).Profile!;
        // Text the schema would refuse, as a caller of the engine could still give it: quotes and a backslash alone, then
        // with a tab and non-ASCII letters.
        var odd = new[] { "\"asociatie\" \\ ONG", "\"asociație\"\t<&>" }
            .Select(form => example with { Organisation = example.Organisation! with { LegalForm = form } });
        foreach (var profile in generator.Generate(200, seed: 23, asOf: asOf).Concat(odd))
        {
            var written = JsonNode.Parse(JsonSerializer.Serialize(Repository.Engine.Evaluate(profile, asOf), Compact))!["results"]!.AsArray();
            var read = Repository.Engine.Evaluate(profile, asOf).Results;
            foreach (var (document, result) in written.Zip(read))
                foreach (var (criterion, expected) in Flatten(document!["criteria"]!.AsArray()).Zip(result.Criteria.SelectMany(FlattenResult)))
                {
                    Assert.Equal(expected.Message, (string?)criterion["message"]);
                    compared++;
                }
        }
        Assert.True(compared > 50_000, $"{compared} messages compared");

        static IEnumerable<JsonNode> Flatten(JsonArray criteria) =>
            criteria.SelectMany(c => new[] { c! }.Concat(c!["children"] is JsonArray children ? Flatten(children) : []));
        static IEnumerable<CriterionResult> FlattenResult(CriterionResult c) => new[] { c }.Concat((c.Children ?? []).SelectMany(FlattenResult));
    }

    [Fact]
    public void Documents_WrittenOnManyThreadsAtOnce_AreEachProfilesOwn()
    {
        // A fresh engine: the results every evaluation shares and the written forms every document copies are made
        // while the threads race for them.
        var engine = EligibilityEngine.Load(Repository.Source, out _);
        var asOf = new DateOnly(2026, 11, 26);
        var profiles = ClusterFinance.Core.Simulation.PopulationGenerator.Load(Repository.Path("catalogue", "populations", "distributions.json"))
            .Generate(64, seed: 5, asOf: asOf).ToList();
        var alone = profiles.Select(p => JsonSerializer.Serialize(Repository.Engine.Evaluate(p, asOf), JsonDefaults.Write)).ToList();

        var together = new string[profiles.Count];
        Parallel.For(0, profiles.Count * 4, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var n = i % profiles.Count;
            var compact = JsonSerializer.Serialize(engine.Evaluate(profiles[n], asOf), Compact);
            if (i >= profiles.Count * 3) together[n] = compact;
        });

        for (var n = 0; n < profiles.Count; n++)
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(alone[n]), JsonNode.Parse(together[n])), $"profile {n}");
    }

    [Fact]
    public void MessagePlaceholder_OverAListTheProfileLacks_ReadsUnknownRatherThanBreakingTheDocument()
    {
        // The API sends the document while writing it: a message that threw would cut the answer short.
        var generator = ClusterFinance.Core.Simulation.PopulationGenerator.Load(Repository.Path("catalogue", "populations", "distributions.json"));
        var asOf = new DateOnly(2026, 11, 26);
        var messages = generator.Generate(200, seed: 5, asOf: asOf)
            .Select(p => Repository.Engine.Evaluate(p with { Memberships = null }, asOf, ["eu-smp-clusterxchange"]))
            .SelectMany(r => JsonNode.Parse(JsonSerializer.Serialize(r, Compact))!["results"]![0]!["criteria"]!.AsArray())
            .Select(c => (string?)c!["message"]).OfType<string>();

        Assert.Contains(messages, m => m.Contains("memberships of ECCP-profiled clusters: unknown", StringComparison.Ordinal));
    }

    [Fact]
    public void CriterionResult_IsWrittenWithEveryPartOfTheContract()
    {
        var profile = ProfileReader.Read(File.ReadAllText(Repository.Path("examples", "profiles", "ro-nord-est-ict-cluster.json"))).Profile!;
        var report = JsonNode.Parse(JsonSerializer.Serialize(Repository.Engine.Evaluate(profile, new DateOnly(2026, 11, 26)), Compact))!;

        var criteria = report["results"]!.AsArray().SelectMany(r => r!["criteria"]!.AsArray()).ToList();
        var passed = criteria.First(c => (string?)c!["verdict"] == "pass")!.AsObject();
        var withGap = criteria.First(c => c!["gap"] is not null)!.AsObject();

        Assert.Equal(["id", "verdict", "missingFacts", "citation", "factsAsOf"], passed.Select(p => p.Key).Where(k => k != "unverified"));
        Assert.Equal(["id", "verdict", "message", "gap", "missingFacts", "citation", "factsAsOf"], withGap.Select(p => p.Key).Where(k => k != "unverified"));
        Assert.Equal(["fact", "actual", "required"], withGap["gap"]!.AsObject().Select(p => p.Key));
    }
}
