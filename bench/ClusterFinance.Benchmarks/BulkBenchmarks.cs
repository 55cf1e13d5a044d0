using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Facts;
using ClusterFinance.Core.Profiles;
using ClusterFinance.Core.Rules;
using ClusterFinance.Core.Simulation;
using RulesEngine.Models;

namespace ClusterFinance.Benchmarks;

/// <summary>
/// A synthetic population against the catalogue in bulk (verdicts and failed/unknown criteria, no explanations, all
/// cores), beside a hand-written C# version of five schemes' criteria and beside RulesEngine itself on the same five.
/// "With facts" runs do what <see cref="EligibilityEngine.EvaluateMany"/> does, derived facts included; "criteria
/// only" runs take the facts computed beforehand, to show what the rules alone cost.
/// </summary>
[MemoryDiagnoser]
[ExceptionDiagnoser]
[Config(typeof(Config))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class BulkBenchmarks
{
    public const int Profiles = 2_000;
    public const int Seed = 1;
    public static readonly DateOnly AsOf = new(2026, 11, 26);

    private const string WithFacts = "with facts";
    private const string CriteriaOnly = "criteria only";

    private EligibilityEngine engine = null!;
    private EligibilityEngine subset = null!;
    private Profile[] profiles = [];
    private DerivedFacts[] facts = [];
    private CompiledScheme[] subsetSchemes = [];
    private EvaluationContext[] contexts = [];
    private HandWrittenCriteria handWritten = null!;
    private RulesEngine.RulesEngine rulesEngine = null!;
    private RulesEngine.RulesEngine rulesEngineTuned = null!;

    [GlobalSetup]
    public void Setup()
    {
        engine = Repository.LoadEngine();
        subsetSchemes = [.. HandWrittenCriteria.SchemeIds.Select(id => engine.Compiled(id)
            ?? throw new InvalidOperationException($"scheme {id} is not in the catalogue"))];
        subset = EligibilityEngine.Create([.. engine.CompiledSchemes.Where(s => HandWrittenCriteria.SchemeIds.Contains(s.Scheme.Id))], engine.Lookups, "subset");
        // EvaluateMany keeps the catalogue's order; the hand-written version and the checks below use SchemeIds' order.
        if (!subset.CompiledSchemes.Select(s => s.Scheme.Id).SequenceEqual(HandWrittenCriteria.SchemeIds))
            throw new InvalidOperationException("the subset engine's schemes are not in the order of HandWrittenCriteria.SchemeIds");

        profiles = Population();
        facts = [.. profiles.Select(p => engine.Facts.Compute(p, AsOf))];
        contexts = [.. subsetSchemes.Select(s => new EvaluationContext { AsOf = AsOf, Scheme = s.Scheme })];
        handWritten = new HandWrittenCriteria(engine.Facts, [.. subsetSchemes.Select(s => s.Scheme)]);

        var workflows = HandWrittenCriteria.SchemeIds.Select(ReadWorkflow).ToArray();
        rulesEngine = new RulesEngine.RulesEngine(workflows, new ReSettings { AutoExecuteActions = false });
        rulesEngineTuned = new RulesEngine.RulesEngine(workflows, new ReSettings
        {
            AutoExecuteActions = false,
            EnableFormattedErrorMessage = false,
            EnableScopedParams = false,
        });

        CheckHandWrittenAgrees();
        ReportRulesEngineAgreement();
        ReportPopulation();
    }

    [BenchmarkCategory(WithFacts), Benchmark(Description = "engine, full catalogue (43 schemes)")]
    public int EngineFullCatalogue() => engine.EvaluateMany(profiles, AsOf).Length;

    [BenchmarkCategory(WithFacts), Benchmark(Description = "engine, 5 schemes")]
    public int EngineSubset() => subset.EvaluateMany(profiles, AsOf).Length;

    [BenchmarkCategory(WithFacts), Benchmark(Baseline = true, Description = "hand-written C#, 5 schemes")]
    public int HandWritten() => handWritten.EvaluateMany(profiles, AsOf).Length;

    [BenchmarkCategory(WithFacts), Benchmark(Description = "RulesEngine ExecuteAllRulesAsync, 5 schemes")]
    public Task<int> RulesEngineDefault() => RunRulesEngine(rulesEngine);

    [BenchmarkCategory(WithFacts), Benchmark(Description = "RulesEngine, messages and scoped params off, 5 schemes")]
    public Task<int> RulesEngineTuned() => RunRulesEngine(rulesEngineTuned);

    /// <summary>The facts of every profile, each dropped once computed as the runs above do (kept, they would be promoted by the GC).</summary>
    [BenchmarkCategory(WithFacts), Benchmark(Description = "derived facts alone")]
    public int FactsAlone()
    {
        var smes = 0;
        Parallel.For(0, profiles.Length, i =>
        {
            if (engine.Facts.Compute(profiles[i], AsOf).IsSme == true) Interlocked.Increment(ref smes);
        });
        return smes;
    }

    [BenchmarkCategory(CriteriaOnly), Benchmark(Description = "engine, full catalogue, criteria only")]
    public int EngineCriteriaFullCatalogue() => EngineCriteria(engine.CompiledSchemes);

    [BenchmarkCategory(CriteriaOnly), Benchmark(Description = "engine, 5 schemes, criteria only")]
    public int EngineCriteriaSubset() => EngineCriteria(subsetSchemes);

    [BenchmarkCategory(CriteriaOnly), Benchmark(Baseline = true, Description = "hand-written C#, 5 schemes, criteria only")]
    public int HandWrittenCriteriaOnly()
    {
        var outcomes = new SchemeOutcome[profiles.Length][];
        Parallel.For(0, profiles.Length, i => outcomes[i] = handWritten.Evaluate(profiles[i], facts[i], AsOf));
        return outcomes.Length;
    }

    [BenchmarkCategory(CriteriaOnly), Benchmark(Description = "RulesEngine ExecuteAllRulesAsync, 5 schemes, criteria only")]
    public Task<int> RulesEngineDefaultCriteriaOnly() => RunRulesEngine(rulesEngine, precomputedFacts: true);

    [BenchmarkCategory(CriteriaOnly), Benchmark(Description = "RulesEngine, messages and scoped params off, 5 schemes, criteria only")]
    public Task<int> RulesEngineTunedCriteriaOnly() => RunRulesEngine(rulesEngineTuned, precomputedFacts: true);

    /// <summary>
    /// The same delegates in another loop order: scheme by scheme over blocks of profiles, so that one scheme's
    /// delegates stay hot in the processor's caches and branch predictors while they run.
    /// </summary>
    [BenchmarkCategory(CriteriaOnly), Benchmark(Description = "engine, full catalogue, criteria only, scheme by scheme over blocks of 250 profiles")]
    public int EngineCriteriaFullCatalogueBySchemes()
    {
        const int Block = 250;
        var schemes = engine.CompiledSchemes;
        var all = schemes.Select(s => new EvaluationContext { AsOf = AsOf, Scheme = s.Scheme }).ToArray();
        var outcomes = new SchemeOutcome[profiles.Length][];
        Parallel.For(0, (profiles.Length + Block - 1) / Block, b =>
        {
            var end = Math.Min(profiles.Length, (b + 1) * Block);
            for (var i = b * Block; i < end; i++) outcomes[i] = new SchemeOutcome[schemes.Count];
            for (var s = 0; s < schemes.Count; s++)
                for (var i = b * Block; i < end; i++) outcomes[i][s] = BulkEvaluator.Evaluate(schemes[s], profiles[i], facts[i], all[s]);
        });
        return outcomes.Length;
    }

    private int EngineCriteria(IReadOnlyList<CompiledScheme> schemes)
    {
        var all = schemes.Select(s => new EvaluationContext { AsOf = AsOf, Scheme = s.Scheme }).ToArray();
        var outcomes = new SchemeOutcome[profiles.Length][];
        Parallel.For(0, profiles.Length, i =>
        {
            var row = new SchemeOutcome[schemes.Count];
            for (var s = 0; s < row.Length; s++) row[s] = BulkEvaluator.Evaluate(schemes[s], profiles[i], facts[i], all[s]);
            outcomes[i] = row;
        });
        return outcomes.Length;
    }

    /// <summary>
    /// RulesEngine as its README uses it, one ExecuteAllRulesAsync per profile and workflow, on all cores like the
    /// engine. It has no "unknown": a scheme is eligible when every rule succeeds, otherwise not.
    /// </summary>
    private async Task<int> RunRulesEngine(RulesEngine.RulesEngine re, bool precomputedFacts = false)
    {
        var outcomes = new SchemeOutcome[profiles.Length][];
        await Parallel.ForEachAsync(Enumerable.Range(0, profiles.Length), async (i, _) =>
            outcomes[i] = await RulesEngineOutcomes(re, profiles[i], precomputedFacts ? facts[i] : engine.Facts.Compute(profiles[i], AsOf)));
        return outcomes.Length;
    }

    private async ValueTask<SchemeOutcome[]> RulesEngineOutcomes(RulesEngine.RulesEngine re, Profile profile, DerivedFacts derived)
    {
        var row = new SchemeOutcome[subsetSchemes.Length];
        for (var s = 0; s < row.Length; s++)
        {
            var results = await re.ExecuteAllRulesAsync(subsetSchemes[s].Scheme.Id,
                new RuleParameter("profile", profile), new RuleParameter("facts", derived), new RuleParameter("context", contexts[s]));
            ulong failed = 0;
            for (var r = 0; r < results.Count; r++)
                if (!results[r].IsSuccess) failed |= 1UL << r;
            row[s] = new SchemeOutcome(failed != 0 ? SchemeVerdict.NotEligible : SchemeVerdict.Eligible, failed, 0);
        }
        return row;
    }

    /// <summary>The comparison is honest only if the hand-written criteria decide exactly as the rule files do.</summary>
    private void CheckHandWrittenAgrees()
    {
        var ours = subset.EvaluateMany(profiles, AsOf);
        var theirs = handWritten.EvaluateMany(profiles, AsOf);
        for (var i = 0; i < profiles.Length; i++)
        {
            var single = engine.Evaluate(profiles[i], AsOf, HandWrittenCriteria.SchemeIds).Results;
            for (var s = 0; s < subsetSchemes.Length; s++)
            {
                var id = subsetSchemes[s].Scheme.Id;
                if (ours[i][s] != theirs[i][s])
                    throw new InvalidOperationException(
                        $"profile {Name(i)}, scheme {id}: the engine gives {Describe(ours[i][s], subsetSchemes[s])}, " +
                        $"the hand-written criteria {Describe(theirs[i][s], subsetSchemes[s])}");
                if (single[s].Verdict != ours[i][s].Verdict)
                    throw new InvalidOperationException(
                        $"profile {Name(i)}, scheme {id}: EvaluateMany gives {ours[i][s].Verdict}, Evaluate {single[s].Verdict}");
            }
        }
        Console.WriteLine($"// Hand-written criteria agree with the engine on all {profiles.Length * subsetSchemes.Length} verdicts " +
                          $"and every failed and unknown criterion ({profiles.Length} profiles x {subsetSchemes.Length} schemes).");
    }

    private void ReportRulesEngineAgreement()
    {
        var ours = subset.EvaluateMany(profiles, AsOf);
        int agree = 0, disagree = 0, undetermined = 0, undeterminedCalledEligible = 0;
        string? example = null;
        for (var i = 0; i < profiles.Length; i++)
        {
            var theirs = RulesEngineOutcomes(rulesEngine, profiles[i], engine.Facts.Compute(profiles[i], AsOf)).AsTask().GetAwaiter().GetResult();
            for (var s = 0; s < subsetSchemes.Length; s++)
            {
                if (ours[i][s].Verdict == SchemeVerdict.Undetermined)
                {
                    undetermined++;
                    if (theirs[s].Verdict == SchemeVerdict.Eligible) undeterminedCalledEligible++;
                }
                else if (ours[i][s].Verdict == theirs[s].Verdict) agree++;
                else
                {
                    disagree++;
                    example ??= $"profile {Name(i)}, scheme {subsetSchemes[s].Scheme.Id}: engine {ours[i][s].Verdict}, RulesEngine {theirs[s].Verdict}";
                }
            }
        }
        Console.WriteLine($"// RulesEngine agrees on {agree} of {agree + disagree} determined verdicts{(example is null ? "" : $" (first difference: {example})")}; " +
                          $"of the {undetermined} the engine leaves undetermined, RulesEngine calls {undetermined - undeterminedCalledEligible} not eligible " +
                          $"and {undeterminedCalledEligible} eligible.");
    }

    private void ReportPopulation()
    {
        var all = engine.EvaluateMany(profiles, AsOf);
        var counts = all.SelectMany(row => row).GroupBy(o => o.Verdict).ToDictionary(g => g.Key, g => g.Count());
        var unknownCriteria = all.SelectMany(row => row).Sum(o => (long)ulong.PopCount(o.Unknown));
        Console.WriteLine($"// Population: {profiles.Length} profiles (seed {Seed}, {AsOf:yyyy-MM-dd}); full catalogue: " +
                          string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}")) +
                          $"; {unknownCriteria} unknown top-level criteria. Criteria per profile: {CriteriaCount(engine.CompiledSchemes)} " +
                          $"(full catalogue), {CriteriaCount(subsetSchemes)} (5 schemes).");
    }

    private string Name(int i) => profiles[i].ProfileId ?? $"#{i}";

    private static string Describe(SchemeOutcome outcome, CompiledScheme scheme)
    {
        static string Bits(ulong bits, CompiledScheme scheme) =>
            string.Join(", ", scheme.CriterionIds.Where((_, c) => (bits & (1UL << c)) != 0));
        return $"{outcome.Verdict} (failed: [{Bits(outcome.Failed, scheme)}], unknown: [{Bits(outcome.Unknown, scheme)}])";
    }

    internal static Profile[] Population() =>
        [.. PopulationGenerator.Load(Path.Combine(Repository.Root, "catalogue", "populations", "distributions.json"))
            .Generate(Profiles, Seed, null, AsOf)];

    private static Workflow ReadWorkflow(string id) =>
        JsonSerializer.Deserialize<Workflow>(File.ReadAllText(Path.Combine(Repository.Root, "rules", id + ".json")), CaseInsensitive)
        ?? throw new InvalidOperationException($"rules/{id}.json is empty");

    private static readonly JsonSerializerOptions CaseInsensitive = new() { PropertyNameCaseInsensitive = true };

    /// <summary>Every criterion of the rule files, nested ones included: what the bulk evaluator decides per profile.</summary>
    internal static int CriteriaCount(IEnumerable<CompiledScheme> schemes) => schemes.Sum(s => Count(s.Criteria));

    private static int Count(IReadOnlyList<CompiledCriterion> criteria) => criteria.Sum(c => 1 + Count(c.Children));

    /// <summary>Criterion evaluations per second: criteria per profile × profiles ÷ mean time.</summary>
    private sealed class CriterionRateColumn : IColumn
    {
        private static readonly Lazy<(int Full, int Subset)> Counts = new(() =>
        {
            var engine = Repository.LoadEngine();
            return (CriteriaCount(engine.CompiledSchemes),
                CriteriaCount(engine.CompiledSchemes.Where(s => HandWrittenCriteria.SchemeIds.Contains(s.Scheme.Id))));
        });

        public string Id => nameof(CriterionRateColumn);
        public string ColumnName => "Criteria/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Criterion evaluations per second, all cores: criteria per profile (nested ones included) x profiles / Mean";
        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var name = benchmarkCase.Descriptor.WorkloadMethod.Name;
            if (name == nameof(FactsAlone) || summary[benchmarkCase]?.ResultStatistics is not { } statistics) return "-";
            var criteria = name.Contains("FullCatalogue", StringComparison.Ordinal) ? Counts.Value.Full : Counts.Value.Subset;
            var perSecond = (double)criteria * Profiles / (statistics.Mean / 1e9);
            return (perSecond / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + " M";
        }

        public override string ToString() => ColumnName;
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new CriterionRateColumn());
    }
}
