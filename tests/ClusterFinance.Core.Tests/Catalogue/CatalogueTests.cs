using System.Text.Json;
using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Profiles;
using ClusterFinance.Core.Rules;

namespace ClusterFinance.Core.Tests.Catalogue;

/// <summary>The shipped catalogue, checked the way `rules validate` and `rules test` check it.</summary>
public class CatalogueTests
{
    public static TheoryData<string> RuleFiles() =>
        [.. Repository.Source.RuleFiles().Select(Path.GetFileName).OfType<string>()];

    [Fact]
    public void Catalogue_LoadsWithoutProblems()
    {
        Assert.Empty(Repository.LoadProblems.Select(p => p.ToString()));
        Assert.Equal(Repository.Source.RuleFiles().Count(), Repository.Engine.Schemes.Count);
    }

    [Fact]
    public void Catalogue_CoversEveryLevelAndAtLeastSixCountries()
    {
        var schemes = Repository.Engine.Schemes;

        Assert.True(schemes.Count >= 10, $"{schemes.Count} schemes");
        Assert.Equal(["eu", "national", "regional"], schemes.Select(s => s.Level).Distinct().Order(StringComparer.Ordinal));
        var national = schemes.Where(s => s.Level != "eu").SelectMany(s => s.Countries).Distinct().Count();
        Assert.True(national >= 6, $"national and regional schemes in {national} countries");
    }

    [Theory]
    [MemberData(nameof(RuleFiles))]
    public void RuleFile_AgencyTestCases_AllPass(string file)
    {
        var outcomes = RuleTests.Run(Repository.Engine, RuleTests.TestFileOf(Repository.Path("rules", file)));

        Assert.Empty(outcomes.Where(o => !o.Passed).SelectMany(o => o.Failures.Select(f => $"{o.Case}: {f}")));
    }

    [Theory]
    [MemberData(nameof(RuleFiles))]
    public void RuleFile_HasEligibleNotEligibleAndUndeterminedCases(string file)
    {
        using var tests = JsonDocument.Parse(File.ReadAllText(RuleTests.TestFileOf(Repository.Path("rules", file))));
        var verdicts = tests.RootElement.GetProperty("cases").EnumerateArray()
            .Select(c => c.GetProperty("expect").GetProperty("verdict").GetString()).ToHashSet();

        Assert.Superset(new HashSet<string?> { "eligible", "not-eligible", "undetermined" }, verdicts);
    }

    public static TheoryData<string> ExampleProfiles() =>
        [.. Directory.GetFiles(Repository.Path("examples", "profiles"), "*.json").Select(Path.GetFileName).OfType<string>()];

    [Theory]
    [MemberData(nameof(ExampleProfiles))]
    public void ExampleProfile_GetsAMixOfVerdicts(string file)
    {
        var profile = ProfileReader.Read(File.ReadAllText(Repository.Path("examples", "profiles", file))).Profile!;
        var report = Repository.Engine.Evaluate(profile, new DateOnly(2026, 11, 26));

        Assert.Contains(report.Results, r => r.Verdict == SchemeVerdict.Eligible);
        Assert.Contains(report.Results, r => r.Verdict == SchemeVerdict.NotEligible);
        Assert.Contains(report.Results, r => r.Verdict == SchemeVerdict.Undetermined);
    }
}
