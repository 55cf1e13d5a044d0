using ClusterFinance.Core.Profiles;

namespace ClusterFinance.Core.Tests.Roadmaps;

public sealed class FactRankingTests
{
    [Fact]
    public void Facts_RankedByHowManySchemesTheyDecide_ThenByFunding()
    {
        // A first sketch of a cluster: where it is and what it is, nothing more; most schemes stay undetermined.
        var profile = new Profile
        {
            Organisation = new Organisation { Name = "Sketch cluster", Country = "RO", Nuts2 = "RO21", LegalForm = "association" },
            Cluster = new ClusterData { IsClusterOrganisation = true },
        };
        var model = Roadmaps.Model(profile, Roadmaps.GoldenDate);

        Assert.True(model.FactsToCollect.Count >= 2, "several facts to collect");
        var first = model.FactsToCollect[0];
        Assert.Equal(1, first.Rank);
        for (var i = 1; i < model.FactsToCollect.Count; i++)
        {
            var (a, b) = (model.FactsToCollect[i - 1], model.FactsToCollect[i]);
            Assert.True(a.Schemes > b.Schemes || (a.Schemes == b.Schemes && (a.SettlesAlone > b.SettlesAlone
                || (a.SettlesAlone == b.SettlesAlone && a.FundingEur >= b.FundingEur))), $"{a.Path} ranked before {b.Path}");
        }
        // Each fact counts exactly the undetermined schemes that lack it.
        foreach (var fact in model.FactsToCollect)
            Assert.Equal(fact.Schemes, model.Undetermined.Count(u => u.MissingFacts.Contains(fact.Path)));
        Assert.True(model.FactsToCollect[0].Schemes > model.FactsToCollect[^1].Schemes, "the first fact decides more schemes than the last");
    }
}
