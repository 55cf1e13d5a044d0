using System.Text.RegularExpressions;

namespace ClusterFinance.Core.Tests.Roadmaps;

/// <summary>
/// The Markdown roadmap of every example profile in every language, held in golden/roadmaps/. After an intended
/// change, regenerate them with CLUSTERFINANCE_UPDATE_GOLDEN=1 dotnet test tests/ClusterFinance.Core.Tests
/// --filter "FullyQualifiedName~Golden", and read the diff before committing it.
/// </summary>
public sealed partial class GoldenTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Directory.EnumerateFiles(Repository.Path("examples", "profiles"), "*.json").Order(StringComparer.Ordinal))
            foreach (var lang in new[] { "en", "ro" })
                data.Add(Path.GetFileNameWithoutExtension(file), lang);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Roadmap_ExampleProfile_MatchesGoldenFile(string profile, string lang)
    {
        var model = Roadmaps.Model(Roadmaps.Example(profile), Roadmaps.GoldenDate, lang);
        var result = Roadmaps.Render(model, "roadmap", "md", lang);
        Assert.Empty(result.Errors);
        // Hashes of the catalogue and rule files change with every catalogue edit; the report's content is what is held.
        var actual = Hashes().Replace(result.Output!, "sha256:…");
        var path = Repository.Path("tests", "ClusterFinance.Core.Tests", "golden", "roadmaps", $"{profile}.{lang}.md");
        if (Environment.GetEnvironmentVariable("CLUSTERFINANCE_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"no golden file {path}; run with CLUSTERFINANCE_UPDATE_GOLDEN=1 to write it");
        Assert.Equal(File.ReadAllText(path), actual);
    }

    [GeneratedRegex("sha256:[0-9a-f]{64}")]
    private static partial Regex Hashes();
}
