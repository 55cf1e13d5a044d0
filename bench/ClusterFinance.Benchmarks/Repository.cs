using ClusterFinance.Core.Catalogue;
using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Profiles;

namespace ClusterFinance.Benchmarks;

internal static class Repository
{
    public static string Root { get; } = CatalogueSource.Locate().Root;

    /// <summary>The shipped catalogue, warm: every scheme's program compiled, as it is once in use.</summary>
    public static EligibilityEngine LoadEngine()
    {
        var engine = EligibilityEngine.Load(new CatalogueSource { Root = Root }, out _);
        foreach (var scheme in engine.CompiledSchemes) scheme.Compile();
        return engine;
    }

    public static Profile Example(string name) =>
        ProfileReader.Read(File.ReadAllText(Path.Combine(Root, "examples", "profiles", name + ".json"))).Profile!;

}
