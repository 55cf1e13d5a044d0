using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Rules;
using ClusterFinance.Core.Simulation;

namespace ClusterFinance.Core.Tests.Simulation;

public class BulkEvaluationTests
{
    private static readonly DateOnly Day = new(2026, 11, 26);

    [Fact]
    public void BulkPath_GivesTheSingleProfileVerdicts_ForEveryProfileAndCriterion()
    {
        var generator = PopulationGenerator.Load(Repository.Path("catalogue", "populations", "distributions.json"));
        var profiles = generator.Generate(3000, seed: 7, asOf: Day).ToList();
        var engine = Repository.Engine;

        var bulk = engine.EvaluateMany(profiles, Day, cancellationToken: TestContext.Current.CancellationToken);

        for (var p = 0; p < profiles.Count; p++)
        {
            var single = engine.Evaluate(profiles[p], Day);
            for (var s = 0; s < single.Results.Count; s++)
            {
                var expected = single.Results[s];
                var actual = bulk[p][s];
                Assert.True(expected.Verdict == actual.Verdict, $"{profiles[p].ProfileId} {expected.SchemeId}: {expected.Verdict} alone, {actual.Verdict} in bulk");
                for (var c = 0; c < expected.Criteria.Count; c++)
                {
                    Assert.Equal(expected.Criteria[c].Verdict == CriterionVerdict.Fail, actual.HasFailed(c));
                    Assert.Equal(expected.Criteria[c].Verdict == CriterionVerdict.Unknown, actual.IsUnknown(c));
                }
            }
        }
    }

    [Fact]
    public void InterpretedPrograms_GiveTheVerdictsOfCompiledOnes()
    {
        // A freshly loaded program is interpreted until it has run CallsBeforeCompiling times; a bulk run compiles it first.
        var generator = PopulationGenerator.Load(Repository.Path("catalogue", "populations", "distributions.json"));
        var profiles = generator.Generate(BulkEvaluator.CompileFrom, seed: 11, asOf: Day).ToList();
        var interpreted = EligibilityEngine.Load(Repository.Source, out _);
        var compiled = EligibilityEngine.Load(Repository.Source, out _);
        compiled.EvaluateMany(profiles, Day, cancellationToken: TestContext.Current.CancellationToken);
        Assert.All(compiled.CompiledSchemes, s => Assert.True(s.IsCompiled, s.Scheme.Id));

        foreach (var profile in profiles.Take(SchemeProgram.CallsBeforeCompiling - 1))
        {
            var expected = compiled.Evaluate(profile, Day).Results;
            var actual = interpreted.Evaluate(profile, Day).Results;
            for (var s = 0; s < expected.Count; s++)
            {
                Assert.Equal(expected[s].Verdict, actual[s].Verdict);
                Assert.Equal(Flatten(expected[s].Criteria), Flatten(actual[s].Criteria));
            }
        }
        Assert.All(interpreted.CompiledSchemes, s => Assert.False(s.IsCompiled, s.Scheme.Id));
    }

    private static List<string> Flatten(IReadOnlyList<CriterionResult> criteria) =>
        [.. criteria.SelectMany(c => Flatten(c.Children ?? []).Prepend($"{c.Id} {c.Verdict} {c.Gap} [{string.Join(", ", c.MissingFacts)}]"))];

    [Fact]
    public void Simulation_CountsEveryProfileOncePerScheme_AndRanksBottlenecks()
    {
        var generator = PopulationGenerator.Load(Repository.Path("catalogue", "populations", "distributions.json"));
        var profiles = generator.Generate(500, seed: 3, asOf: Day).ToList();

        var report = PolicyLab.Run(Repository.Engine, profiles, Day, byRegion: true, cancellationToken: TestContext.Current.CancellationToken);

        Assert.All(report.Schemes, s => Assert.Equal(500, s.Eligible + s.NotEligible + s.Undetermined));
        Assert.All(report.Schemes, s => Assert.True(s.Bottlenecks.Count <= PolicyLab.TopBottlenecks));
        Assert.Equal(500, report.Regions!.Sum(r => r.Profiles));
        Assert.Contains(report.Schemes, s => s.Eligible > 0);
    }
}
