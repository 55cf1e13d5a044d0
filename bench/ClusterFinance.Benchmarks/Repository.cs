using ClusterFinance.Core.Catalogue;
using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Profiles;

namespace ClusterFinance.Benchmarks;

internal static class Repository
{
    public static string Root { get; } = CatalogueSource.Locate().Root;

    public static EligibilityEngine LoadEngine() => EligibilityEngine.Load(new CatalogueSource { Root = Root }, out _);

    public static Profile Example(string name) =>
        ProfileReader.Read(File.ReadAllText(Path.Combine(Root, "examples", "profiles", name + ".json"))).Profile!;

}
