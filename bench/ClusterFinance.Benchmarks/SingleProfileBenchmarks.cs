using System.Text.Json;
using BenchmarkDotNet.Attributes;
using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Json;
using ClusterFinance.Core.Profiles;
using Json.Schema;

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
        profileBytes = System.Text.Encoding.UTF8.GetBytes(profileJson);
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

    [Benchmark(Baseline = true, Description = "the full JSON document, every part written in full (indented, as the CLI prints it)")]
    public long Document() => Write(JsonDefaults.Write);

    [Benchmark(Description = "the full JSON document as the API writes it (compact, text that is the same for the same verdicts copied)")]
    public long DocumentCompact() => Write(Generated);

    /// <summary>Into a buffer kept between calls, as the API writes into the response: no 230 KB array per call.</summary>
    private long Write(JsonSerializerOptions options)
    {
        output.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = options.WriteIndented, Encoder = options.Encoder, SkipValidation = true });
        JsonSerializer.Serialize(writer, engine.Evaluate(profile, asOf), options);
        return writer.BytesCommitted + writer.BytesPending;
    }

    private readonly System.Buffers.ArrayBufferWriter<byte> output = new(512 * 1024);

    [Benchmark(Description = "reading and checking the profile from its bytes, as the API does (precheck, then JSON Schema only on doubt)")]
    public bool ReadProfile() => ProfileReader.Read(profileBytes).IsValid;

    [Benchmark(Description = "checking the profile with JsonSchema.Net alone (yes-or-no pass)")]
    public bool SchemaOnly()
    {
        using var document = JsonDocument.Parse(profileJson);
        return EmbeddedSchemas.Profile.Evaluate(document.RootElement, FlagOnly).IsValid;
    }

    private static readonly EvaluationOptions FlagOnly = new() { OutputFormat = OutputFormat.Flag, RequireFormatValidation = true };

    private string profileJson = "";
    private byte[] profileBytes = [];
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

