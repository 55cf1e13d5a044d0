using System.Text.Json;
using BenchmarkDotNet.Attributes;
using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Profiles;

namespace ClusterFinance.Benchmarks;

/// <summary>One profile against the full catalogue, warm: what one API request costs the engine.</summary>
[MemoryDiagnoser]
public class SingleProfileBenchmarks
{
    private EligibilityEngine engine = null!;
    private Profile profile = null!;
    private readonly DateOnly asOf = new(2026, 11, 26);

    [GlobalSetup]
    public void Setup()
    {
        engine = Repository.LoadEngine();
        profile = Repository.Example("ro-nord-est-ict-cluster");
        profileJson = File.ReadAllText(Path.Combine(Repository.Root, "examples", "profiles", "ro-nord-est-ict-cluster.json"));
    }

    [Benchmark(Description = "verdicts only (messages not formatted)")]
    public int Verdicts() => engine.Evaluate(profile, asOf).Results.Count;

    [Benchmark(Description = "verdicts with every message formatted")]
    public int VerdictsAndMessages()
    {
        var count = 0;
        foreach (var result in engine.Evaluate(profile, asOf).Results)
            foreach (var criterion in result.Criteria)
                count += criterion.Message?.Length ?? 0;
        return count;
    }

    [Benchmark(Baseline = true, Description = "the full JSON document, reflection")]
    public int Document() => JsonSerializer.SerializeToUtf8Bytes(engine.Evaluate(profile, asOf), Web).Length;

    [Benchmark(Description = "the full JSON document, generated serialisation")]
    public int DocumentGenerated() => JsonSerializer.SerializeToUtf8Bytes(engine.Evaluate(profile, asOf), Generated).Length;

    [Benchmark(Description = "reading and checking the profile (JSON Schema)")]
    public bool ReadProfile() => ProfileReader.Read(profileJson).IsValid;

    private string profileJson = "";
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
    private static readonly JsonSerializerOptions Generated = WithContext();

    private static JsonSerializerOptions WithContext()
    {
        var options = new JsonSerializerOptions(Web);
        options.TypeInfoResolverChain.Insert(0, EvaluationJsonContext.Default);
        return options;
    }
}

