using ClusterFinance.Core.Evaluation;
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
