using System.Collections.Concurrent;
using System.Globalization;
using System.Linq.Expressions;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using ClusterFinance.Core.Catalogue;
using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Facts;
using ClusterFinance.Core.Profiles;
using ClusterFinance.Core.Rules;

namespace ClusterFinance.Benchmarks;

/// <summary>
/// Loading and compiling the catalogue: the shipped one, and one of 1,000 schemes made by cloning the shipped
/// schemes under new ids. The parts of a load (scheme metadata, rule files, the catalogue hash) are measured
/// separately on the 1,000 schemes to show where the time goes.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class LoadBenchmarks
{
    public const int GeneratedSchemes = 1_000;

    private string generated = "";
    private CatalogueSource generatedSource = null!;
    private (string Path, byte[] Bytes)[] schemeFiles = [];
    private (string Path, byte[] Bytes, Scheme Scheme)[] ruleFiles = [];
    private Lookups lookups = null!;

    [GlobalSetup]
    public void Setup()
    {
        generated = GeneratedCatalogue.Create(GeneratedSchemes);
        generatedSource = new CatalogueSource { Root = generated };
        CheckLoads(Repository.Root, expected: null);
        CheckLoads(generated, GeneratedSchemes);

        schemeFiles = [.. generatedSource.SchemeFiles().Select(f => (f, File.ReadAllBytes(f)))];
        var schemes = schemeFiles.Select(f => CatalogueSource.ReadScheme(f.Path, f.Bytes, Path.GetFileNameWithoutExtension(f.Path)).Scheme!)
            .ToDictionary(s => s.Id, StringComparer.Ordinal);
        ruleFiles = [.. generatedSource.RuleFiles().Select(f => (f, File.ReadAllBytes(f), schemes[RuleFile.SchemeIdOf(f)]))];
        lookups = generatedSource.LoadLookups();
    }

    [GlobalCleanup]
    public void Cleanup() => GeneratedCatalogue.Delete(generated);

    [Benchmark(Baseline = true, Description = "shipped catalogue (43 schemes)")]
    public int Shipped() => EligibilityEngine.Load(new CatalogueSource { Root = Repository.Root }, out _).CompiledSchemes.Count;

    [Benchmark(Description = "shipped catalogue, then every scheme's program compiled to machine code")]
    public int ShippedAndCompiled()
    {
        var engine = EligibilityEngine.Load(new CatalogueSource { Root = Repository.Root }, out _);
        foreach (var scheme in engine.CompiledSchemes) scheme.Compile();
        return engine.CompiledSchemes.Count;
    }

    [Benchmark(Description = "generated catalogue (1,000 schemes)")]
    public int Generated() => EligibilityEngine.Load(generatedSource, out _).CompiledSchemes.Count;

    [Benchmark(Description = "1,000 schemes, part: metadata read and checked (files in memory)")]
    public int GeneratedMetadata()
    {
        var count = 0;
        foreach (var (path, bytes) in schemeFiles)
            if (CatalogueSource.ReadScheme(path, bytes, Path.GetFileNameWithoutExtension(path)).Scheme is not null) count++;
        return count;
    }

    [Benchmark(Description = "1,000 schemes, part: rule files parsed, checked and made runnable (files in memory)")]
    public int GeneratedRules()
    {
        var count = 0;
        foreach (var (path, bytes, scheme) in ruleFiles)
            if (EligibilityEngine.Compile(path, bytes, scheme, lookups).Scheme is not null) count++;
        return count;
    }

    [Benchmark(Description = "1,000 schemes, part: catalogue hash")]
    public int GeneratedHash() => generatedSource.Hash().Length;

    [Benchmark(Description = "one presence test compiled (Expression.Compile)")]
    public object CompileOne() => PresenceTest().Compile();

    [Benchmark(Description = "one presence test made interpretable (Compile(preferInterpretation: true))")]
    public object InterpretOne() => PresenceTest().Compile(preferInterpretation: true);

    /// <summary>What the loader compiles for every member a criterion reads: profile.Organisation.Country is present.</summary>
    private static Expression<Func<Profile, DerivedFacts, EvaluationContext, bool>> PresenceTest()
    {
        var profile = Expression.Parameter(typeof(Profile), "profile");
        var organisation = Expression.Property(profile, nameof(Profile.Organisation));
        var country = Expression.Property(organisation, nameof(Organisation.Country));
        var body = Expression.AndAlso(
            Expression.AndAlso(Expression.NotEqual(profile, Expression.Constant(null, typeof(Profile))),
                Expression.NotEqual(organisation, Expression.Constant(null, typeof(Organisation)))),
            Expression.NotEqual(country, Expression.Constant(null, typeof(string))));
        return Expression.Lambda<Func<Profile, DerivedFacts, EvaluationContext, bool>>(body, profile,
            Expression.Parameter(typeof(DerivedFacts), "facts"), Expression.Parameter(typeof(EvaluationContext), "context"));
    }

    private static void CheckLoads(string root, int? expected)
    {
        var engine = EligibilityEngine.Load(new CatalogueSource { Root = root }, out var problems);
        if (problems.Count > 0)
            throw new InvalidOperationException($"the catalogue in {root} has problems: {string.Join("; ", problems.Take(5).Select(p => p.ToString()))}");
        if (expected is not null && engine.CompiledSchemes.Count != expected)
            throw new InvalidOperationException($"the catalogue in {root} has {engine.CompiledSchemes.Count} schemes, not {expected}");
    }

    /// <summary>
    /// Managed memory an engine keeps alive once loaded, per scheme: GC.GetTotalMemory after a full collection, with
    /// the engine held, minus before. Measured in the host process, after one load of the shipped catalogue so that
    /// the one-off static caches (JSON metadata, JSON Schema, Dynamic LINQ) are not counted.
    /// </summary>
    private sealed class RetainedPerSchemeColumn : IColumn
    {
        private static readonly ConcurrentDictionary<string, (long Bytes, int Schemes)> Measured = new(StringComparer.Ordinal);

        public string Id => nameof(RetainedPerSchemeColumn);
        public string ColumnName => "Retained/scheme";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Size;
        public string Legend => "Managed heap the loaded engine keeps alive (GC.GetTotalMemory after a full collection, before and after loading), divided by its schemes";
        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var name = benchmarkCase.Descriptor.WorkloadMethod.Name;
            if (name is not (nameof(Shipped) or nameof(Generated))) return "-";
            var (bytes, schemes) = Measured.GetOrAdd(name, Measure);
            return (bytes / 1024.0 / schemes).ToString("0.0", CultureInfo.InvariantCulture) + " KB";
        }

        private static (long Bytes, int Schemes) Measure(string benchmark)
        {
            var root = benchmark == nameof(Generated) ? GeneratedCatalogue.Create(GeneratedSchemes) : Repository.Root;
            try
            {
                GC.KeepAlive(Repository.LoadEngine());
                var before = GC.GetTotalMemory(forceFullCollection: true);
                var engine = EligibilityEngine.Load(new CatalogueSource { Root = root }, out _);
                var after = GC.GetTotalMemory(forceFullCollection: true);
                var schemes = engine.CompiledSchemes.Count;
                GC.KeepAlive(engine);
                Console.WriteLine($"// Retained by the engine over {root}: {after - before:N0} bytes for {schemes} schemes, {(after - before) / schemes:N0} bytes per scheme");
                return (after - before, schemes);
            }
            finally
            {
                if (root != Repository.Root) GeneratedCatalogue.Delete(root);
            }
        }

        public override string ToString() => ColumnName;
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new RetainedPerSchemeColumn());
    }
}

/// <summary>
/// The first load in a fresh process, as the command line and a starting API do it: the loader's own code is not yet
/// compiled by the JIT and the libraries' static tables are not yet built. One load per process, five processes.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.ColdStart, launchCount: 5, warmupCount: 0, iterationCount: 1)]
public class FirstLoadBenchmarks
{
    [Benchmark(Description = "shipped catalogue (43 schemes), first load in the process")]
    public int Shipped() => EligibilityEngine.Load(new CatalogueSource { Root = Repository.Root }, out _).CompiledSchemes.Count;
}

/// <summary>
/// A copy of the catalogue in a temporary folder, grown to a given number of schemes by cloning the shipped ones
/// in turn under new ids (<c>&lt;id&gt;-copy-0001</c>): metadata id and rule WorkflowName changed, criteria unchanged.
/// With <c>criteriaCopies</c> above one, every scheme repeats each of its criteria that many times under new ids.
/// </summary>
internal static class GeneratedCatalogue
{
    public static string Create(int schemes, int criteriaCopies = 1)
    {
        var root = Path.Combine(Path.GetTempPath(), $"clusterfinance-bench-{schemes}-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var lookups = Path.Combine(root, "catalogue", "lookups");
        var schemesDir = Path.Combine(root, "catalogue", "schemes");
        var rules = Path.Combine(root, "rules");
        Directory.CreateDirectory(lookups);
        Directory.CreateDirectory(schemesDir);
        Directory.CreateDirectory(rules);

        var source = new CatalogueSource { Root = Repository.Root };
        foreach (var file in Directory.EnumerateFiles(source.LookupsDirectory, "*.json"))
            File.Copy(file, Path.Combine(lookups, Path.GetFileName(file)));
        var shipped = source.SchemeFiles().Select(Path.GetFileNameWithoutExtension).OfType<string>().ToArray();
        for (var i = 0; i < schemes; i++)
        {
            var original = shipped[i % shipped.Length];
            var id = i < shipped.Length ? original : $"{original}-copy-{i - shipped.Length + 1:D4}";
            var metadata = JsonNode.Parse(File.ReadAllText(Path.Combine(source.SchemesDirectory, original + ".json")))!;
            metadata["id"] = id;
            File.WriteAllText(Path.Combine(schemesDir, id + ".json"), metadata.ToJsonString());
            var workflow = JsonNode.Parse(File.ReadAllText(Path.Combine(source.RulesDirectory, original + ".json")))!;
            workflow["WorkflowName"] = id;
            var criteria = workflow["Rules"]!.AsArray();
            foreach (var criterion in criteria.ToList())
                for (var copy = 2; copy <= criteriaCopies; copy++)
                    criteria.Add(Renamed(criterion!.DeepClone(), $"-copy-{copy}"));
            File.WriteAllText(Path.Combine(rules, id + ".json"), workflow.ToJsonString());
        }
        return root;
    }

    /// <summary>The rule and its child rules under new names, so that ids stay unique in the file.</summary>
    private static JsonNode Renamed(JsonNode rule, string suffix)
    {
        rule["RuleName"] = rule["RuleName"]!.GetValue<string>() + suffix;
        if (rule["Rules"] is JsonArray children)
            foreach (var child in children) Renamed(child!, suffix);
        return rule;
    }

    public static void Delete(string root)
    {
        if (root.StartsWith(Path.GetTempPath(), StringComparison.Ordinal) && Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }
}
