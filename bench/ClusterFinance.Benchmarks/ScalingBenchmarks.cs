using System.Globalization;
using BenchmarkDotNet.Attributes;
using ClusterFinance.Core.Catalogue;
using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Profiles;
using ClusterFinance.Core.Simulation;

namespace ClusterFinance.Benchmarks;

/// <summary>
/// How bulk evaluation (<see cref="EligibilityEngine.EvaluateMany"/>, facts included, both cores) grows along three
/// axes, each measured at three sizes with the other two held at the base of 2,000 profiles, the 43 shipped schemes
/// and their own criteria: more profiles, more schemes (the shipped ones cloned under new ids), and more criteria
/// per scheme (each criterion repeated under new ids).
/// </summary>
[MemoryDiagnoser]
public class ScalingBenchmarks
{
    public sealed record Case(string Axis, int Profiles, int Schemes, int CriteriaCopies)
    {
        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"{Axis}: {Profiles} profiles, {Schemes} schemes, criteria x{CriteriaCopies}");
    }

    public static IEnumerable<Case> Cases() =>
    [
        new("profiles", 1_000, 43, 1), new("profiles", 2_000, 43, 1), new("profiles", 4_000, 43, 1),
        new("schemes", 2_000, 86, 1), new("schemes", 2_000, 172, 1),
        new("criteria", 2_000, 43, 2), new("criteria", 2_000, 43, 4),
    ];

    [ParamsSource(nameof(Cases))]
    public Case Size { get; set; } = null!;

    private EligibilityEngine engine = null!;
    private Profile[] profiles = [];

    [GlobalSetup]
    public void Setup()
    {
        var root = Size.Schemes == 43 && Size.CriteriaCopies == 1 ? Repository.Root : GeneratedCatalogue.Create(Size.Schemes, Size.CriteriaCopies);
        try
        {
            engine = EligibilityEngine.Load(new CatalogueSource { Root = root }, out var problems);
            if (problems.Count > 0) throw new InvalidOperationException($"{Size}: {string.Join("; ", problems.Take(3))}");
            foreach (var scheme in engine.CompiledSchemes) scheme.Compile();
        }
        finally
        {
            if (root != Repository.Root) GeneratedCatalogue.Delete(root);
        }
        var generator = PopulationGenerator.Load(Path.Combine(Repository.Root, "catalogue", "populations", "distributions.json"));
        var before = GC.GetTotalMemory(forceFullCollection: true);
        profiles = [.. generator.Generate(Size.Profiles, BulkBenchmarks.Seed, asOf: BulkBenchmarks.AsOf)];
        var held = GC.GetTotalMemory(forceFullCollection: true) - before;
        var criteria = engine.CompiledSchemes.Sum(s => s.CriterionIds.Count);
        Console.WriteLine($"// {Size}: {criteria} top-level criteria; the profiles hold {held / Size.Profiles:N0} bytes each");
    }

    [Benchmark(Description = "EvaluateMany")]
    public int EvaluateMany() => engine.EvaluateMany(profiles, BulkBenchmarks.AsOf).Length;
}
