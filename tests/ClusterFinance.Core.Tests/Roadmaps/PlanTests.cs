using ClusterFinance.Core.Profiles;
using ClusterFinance.Core.Roadmaps;

namespace ClusterFinance.Core.Tests.Roadmaps;

public sealed class PlanTests
{
    [Fact]
    public void Plan_EligibleSchemes_OrderedByDeadlineThenOpenThenExpected()
    {
        // On 1 January 2026 the Plovdiv cluster is eligible for several EU schemes with calls due during 2026.
        var model = Roadmaps.Model(Roadmaps.Example("bg-plovdiv-mechatronics-cluster"), new DateOnly(2026, 1, 1));

        var dated = model.Plan.Where(p => p.Timing == "deadline").ToList();
        Assert.True(dated.Count >= 3, $"expected several dated calls, got {dated.Count}");
        Assert.Equal(dated.Select(p => p.Deadline).Order(StringComparer.Ordinal), dated.Select(p => p.Deadline));
        var rank = model.Plan.Select(p => p.Timing switch { "deadline" => 0, "continuous" => 1, _ => 2 }).ToList();
        Assert.Equal(rank.Order(), rank);
        Assert.Equal(Enumerable.Range(1, model.Plan.Count), model.Plan.Select(p => p.Order));
        Assert.Equal("eu-he-eie-connect", model.Plan[0].SchemeId); // cut-off 20 January 2026
        Assert.Equal(model.Plan[0].Deadline, model.Summary.NextDeadline);
    }

    [Fact]
    public void Plan_NoDeadlineBeyondTheHorizon_AndDomainsFollowTheTaxonomy()
    {
        var model = Roadmaps.Model(Roadmaps.Example("bg-plovdiv-mechatronics-cluster"), new DateOnly(2026, 1, 1));

        Assert.All(model.Plan.Where(p => p.Deadline is not null), p => Assert.True(string.CompareOrdinal(p.Deadline, model.HorizonEnd) <= 0));
        var keys = RoadmapBuilder.DomainColours.Select(d => d.Key).ToList();
        var order = model.Domains.Select(d => keys.IndexOf(d.Key)).ToList();
        Assert.Equal(order.Order(), order);
        Assert.Equal(model.Plan.Count, model.Domains.Sum(d => d.Schemes.Count));
    }

    [Fact]
    public void Plan_SchemesThatCannotBeCombined_AreNotBothPlanned()
    {
        // A Romanian SME eligible for EIC Accelerator and for PCIDIF RO-EIC, which funds the EIC proposals the EIC did not.
        var profile = Roadmaps.Example("ro-sme-member") with
        {
            Application = Roadmaps.Example("ro-sme-member").Application! with { RequestedAidEur = 35_000, TrlStart = 6, TrlTarget = 8 },
        };
        var model = Roadmaps.Model(profile, new DateOnly(2026, 11, 26));
        var evaluation = Repository.Engine.Evaluate(profile, new DateOnly(2026, 11, 26));
        Assert.Equal(Core.Evaluation.SchemeVerdict.Eligible, evaluation.Results.Single(r => r.SchemeId == "eu-he-eic-accelerator").Verdict);
        Assert.Equal(Core.Evaluation.SchemeVerdict.Eligible, evaluation.Results.Single(r => r.SchemeId == "ro-pcidif-a13-horizon-synergies").Verdict);

        var planned = model.Plan.Select(p => p.SchemeId).ToList();
        Assert.Contains("eu-he-eic-accelerator", planned);
        Assert.DoesNotContain("ro-pcidif-a13-horizon-synergies", planned);
        var left = Assert.Single(model.NotPlanned, n => n.SchemeId == "ro-pcidif-a13-horizon-synergies");
        Assert.Contains("cannot be combined with EIC Accelerator", left.Reason, StringComparison.Ordinal);
        Assert.Contains("Art. 25a", left.Citation, StringComparison.Ordinal);
    }
}
