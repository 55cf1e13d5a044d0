using ClusterFinance.Core.Catalogue;
using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Facts;
using ClusterFinance.Core.Rules;

namespace ClusterFinance.Core.Tests;

/// <summary>The repository's own catalogue, rules and examples: tests run the real files.</summary>
internal static class Repository
{
    public static string Root { get; } = CatalogueSource.Locate().Root;

    public static CatalogueSource Source { get; } = new() { Root = Root };

    public static Lookups Lookups { get; } = Source.LoadLookups();

    private static readonly Lazy<(EligibilityEngine Engine, IReadOnlyList<RuleProblem> Problems)> Loaded = new(() =>
    {
        var engine = EligibilityEngine.Load(Source, out var problems);
        return (engine, problems);
    });

    public static EligibilityEngine Engine => Loaded.Value.Engine;
    public static IReadOnlyList<RuleProblem> LoadProblems => Loaded.Value.Problems;

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

}
