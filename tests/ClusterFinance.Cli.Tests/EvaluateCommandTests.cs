using System.Text.Json;

namespace ClusterFinance.Cli.Tests;

public class EvaluateCommandTests
{
    [Fact]
    public void Evaluate_ExampleProfile_PrintsAVerdictForEveryScheme()
    {
        var (code, output, error) = Cli.Run("evaluate", Cli.Example("ro-nord-est-ict-cluster"), "--as-of", "2026-11-26");

        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("Asociația Clusterul TIC Nord-Est on 2026-11-26", output, StringComparison.Ordinal);
        Assert.Contains("eu-he-eic-pathfinder-open", output, StringComparison.Ordinal);
        Assert.Matches(@"\d+ eligible, \d+ not eligible \(\d+ near misses\), \d+ undetermined\.", output);
    }

    [Fact]
    public void Evaluate_Json_IsTheDocumentedDocument()
    {
        var (code, output, _) = Cli.Run("evaluate", Cli.Example("cross-border-consortium"), "--as-of", "2026-11-26", "--format", "json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("2026-11-26", root.GetProperty("asOf").GetString());
        Assert.StartsWith("sha256:", root.GetProperty("receipt").GetProperty("catalogue").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(root.GetProperty("receipt").GetProperty("engine").GetString()));
        var results = root.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(Directory.GetFiles(Path.Combine(Cli.Root, "catalogue", "schemes"), "*.json").Length, results.Count);
        foreach (var result in results)
        {
            Assert.Contains(result.GetProperty("verdict").GetString(), new[] { "eligible", "not-eligible", "undetermined" });
            foreach (var criterion in result.GetProperty("criteria").EnumerateArray())
            {
                Assert.Contains(criterion.GetProperty("verdict").GetString(), new[] { "pass", "fail", "unknown" });
                Assert.False(string.IsNullOrEmpty(criterion.GetProperty("citation").GetString()));
                if (criterion.GetProperty("verdict").GetString() != "pass")
                    Assert.False(string.IsNullOrEmpty(criterion.GetProperty("message").GetString()));
            }
        }
    }

    [Fact]
    public void Evaluate_SchemeOption_SelectsSchemes()
    {
        var (code, output, _) = Cli.Run("evaluate", Cli.Example("rs-vojvodina-agrifood-cluster"), "--scheme", "rs-if-mini-grants",
            "--scheme", "interreg-ipa-ro-rs-2021-2027", "--format", "json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(["rs-if-mini-grants", "interreg-ipa-ro-rs-2021-2027"],
            json.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("schemeId").GetString()));
    }

    [Fact]
    public void Evaluate_MissingFact_IsUnknownNamingIt_AndTheSchemeUndetermined()
    {
        using var profile = new TempFile("""
            { "organisation": { "country": "RS", "legalForm": "company_llc",
                                "ownership": { "privatePct": 100, "domesticPct": 100 } },
              "size": { "staffHeadcountAwu": 6, "turnoverEur": 150000, "balanceSheetEur": 90000 },
              "application": { "requestedAidEur": 50000, "eligibleCostsEur": 80000, "durationMonths": 12 } }
            """);

        var (code, output, _) = Cli.Run("evaluate", profile.Path, "--scheme", "rs-if-mini-grants", "--as-of", "2026-11-26", "--format", "json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var result = json.RootElement.GetProperty("results")[0];
        Assert.Equal("undetermined", result.GetProperty("verdict").GetString());
        var unknown = result.GetProperty("criteria").EnumerateArray().Where(c => c.GetProperty("verdict").GetString() == "unknown").ToList();
        Assert.Contains(unknown, c => c.GetProperty("missingFacts").EnumerateArray().Any(f => f.GetString() == "organisation.registrationDate"));
    }

    [Fact]
    public void Evaluate_InvalidProfile_NamesEveryPathAndEvaluatesNothing()
    {
        using var profile = new TempFile("""
            { "organisation": { "country": "RO", "favouriteColour": "blue" },
              "size": { "staffHeadcountAwu": "twelve" },
              "cluster": { "members": { "total": -3 } } }
            """);

        var (code, output, error) = Cli.Run("evaluate", profile.Path);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("$.organisation.favouriteColour: is not a known property", error, StringComparison.Ordinal);
        Assert.Contains("$.size.staffHeadcountAwu", error, StringComparison.Ordinal);
        Assert.Contains("$.cluster.members.total", error, StringComparison.Ordinal);
        Assert.Contains("nothing was evaluated", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--scheme", "eu-no-such-scheme", "unknown scheme 'eu-no-such-scheme'")]
    [InlineData("--as-of", "26/11/2026", "'26/11/2026' is not a date: write it as YYYY-MM-DD")]
    [InlineData("--format", "xml", "xml")]
    public void Evaluate_BadOption_IsAUsageError(string option, string value, string expected)
    {
        var (code, output, error) = Cli.Run("evaluate", Cli.Example("ro-sme-member"), option, value);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_MissingFile_IsAUsageError()
    {
        var (code, _, error) = Cli.Run("evaluate", "no-such-profile.json");

        Assert.Equal(2, code);
        Assert.Contains("cannot read the profile 'no-such-profile.json'", error, StringComparison.Ordinal);
    }
}

internal sealed class TempFile : IDisposable
{
    public TempFile(string content, string extension = ".json")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"clusterfinance-{Guid.NewGuid():N}{extension}");
        File.WriteAllText(Path, content);
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
