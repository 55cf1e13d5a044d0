using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterFinance.Core.Catalogue;
using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Simulation;

namespace ClusterFinance.Cli.Tests;

public class SimulateCommandTests
{
    [Fact]
    public void Simulate_SameSeed_SameReport()
    {
        var first = Cli.Run("simulate", "--profiles", "300", "--seed", "1", "--as-of", "2026-11-26");
        var second = Cli.Run("simulate", "--profiles", "300", "--seed", "1", "--as-of", "2026-11-26");
        var other = Cli.Run("simulate", "--profiles", "300", "--seed", "2", "--as-of", "2026-11-26");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("300 profiles", first.Out, StringComparison.Ordinal);
        Assert.Contains("Blocked most by", first.Out, StringComparison.Ordinal);
        Assert.Equal(first.Out, second.Out);
        Assert.NotEqual(first.Out, other.Out);
    }

    [Fact]
    public void Simulate_Csv_HasOneRowPerScheme()
    {
        var (code, output, _) = Cli.Run("simulate", "--profiles", "100", "--country", "RO", "--as-of", "2026-11-26", "--format", "csv");

        Assert.Equal(0, code);
        var lines = output.Trim().Split('\n');
        Assert.Equal("scheme,eligible,notEligible,undetermined,bottleneck,failed,unknown", lines[0]);
        Assert.Equal(Directory.GetFiles(Path.Combine(Cli.Root, "catalogue", "schemes"), "*.json").Length, lines.Length - 1);
    }

    [Fact]
    public void Compare_ReportsExactlyTheProfilesWhoseVerdictTheChangeFlips()
    {
        // The Serbian Mini Grants take companies up to 60 months old; the change under study allows 72.
        using var changed = new TempDirectory();
        var rules = JsonNode.Parse(File.ReadAllText(Path.Combine(Cli.Root, "rules", "rs-if-mini-grants.json")))!;
        var age = rules["Rules"]!.AsArray().Single(r => r!["RuleName"]!.GetValue<string>() == "company-at-most-five-years-old")!;
        Assert.Equal("facts.ageMonths < 60", age["Expression"]!.GetValue<string>());
        age["Expression"] = "facts.ageMonths < 72";
        File.WriteAllText(Path.Combine(changed.Path, "rs-if-mini-grants.json"), rules.ToJsonString());

        var (code, output, error) = Cli.Run("simulate", "--profiles", "2000", "--seed", "5", "--country", "RS", "--as-of", "2026-11-26",
            "--compare", changed.Path, "--format", "json");

        Assert.True(code == 0, error);
        var report = JsonDocument.Parse(output).RootElement;
        var reported = report.GetProperty("schemes").EnumerateArray()
            .SelectMany(s => new[] { "gained", "lost", "other" }.SelectMany(k => s.GetProperty(k).EnumerateArray()
                .Select(f => (Scheme: s.GetProperty("schemeId").GetString()!, Profile: f.GetProperty("profileId").GetString()!))))
            .ToHashSet();

        // The same population, each profile evaluated alone under both rule sets.
        var source = new CatalogueSource { Root = Cli.Root };
        var before = EligibilityEngine.Load(source, out _);
        var after = EligibilityEngine.Load(source.WithRules(changed.Path), out _);
        var day = new DateOnly(2026, 11, 26);
        var population = PopulationGenerator.Load(Path.Combine(Cli.Root, "catalogue", "populations", "distributions.json")).Generate(2000, 5, "RS", day);
        var expected = population
            .SelectMany(p => before.Evaluate(p, day).Results.Zip(after.Evaluate(p, day).Results)
                .Where(pair => pair.First.Verdict != pair.Second.Verdict)
                .Select(pair => (Scheme: pair.First.SchemeId, Profile: p.ProfileId!)))
            .ToHashSet();

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Order(), reported.Order());
        Assert.All(reported, r => Assert.Equal("rs-if-mini-grants", r.Scheme));
        Assert.Contains("company-at-most-five-years-old", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_RealProfilesFromAFolder()
    {
        var (code, output, _) = Cli.Run("simulate", "--input", Path.Combine(Cli.Root, "examples", "profiles"), "--as-of", "2026-11-26", "--format", "json");

        Assert.Equal(0, code);
        Assert.Equal(Directory.GetFiles(Path.Combine(Cli.Root, "examples", "profiles"), "*.json").Length,
            JsonDocument.Parse(output).RootElement.GetProperty("profiles").GetInt32());
    }

    [Theory]
    [InlineData("--profiles", "0", "--profiles must be between 1 and 1,000,000")]
    [InlineData("--country", "ZZ", "ZZ")]
    [InlineData("--input", "no-such-folder", "neither a folder of profiles nor a JSON-lines file")]
    public void Simulate_BadInput_IsAUsageError(string option, string value, string expected)
    {
        var (code, _, error) = Cli.Run("simulate", option, value, "--as-of", "2026-11-26");

        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
