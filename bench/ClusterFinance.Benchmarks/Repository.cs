using ClusterFinance.Core.Catalogue;
using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Profiles;

namespace ClusterFinance.Benchmarks;

internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static EligibilityEngine LoadEngine() => EligibilityEngine.Load(new CatalogueSource { Root = Root }, out _);

    public static Profile Example(string name) =>
        ProfileReader.Read(File.ReadAllText(Path.Combine(Root, "examples", "profiles", name + ".json"))).Profile!;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ClusterFinance.sln"))) return dir.FullName;
        throw new InvalidOperationException("Run the benchmarks from a clone of the repository.");
    }
}
