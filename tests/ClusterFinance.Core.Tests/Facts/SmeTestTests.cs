using ClusterFinance.Core.Facts;
using ClusterFinance.Core.Profiles;

namespace ClusterFinance.Core.Tests.Facts;

/// <summary>Worked cases of Commission Recommendation 2003/361/EC, Annex Arts. 2, 3 and 6.</summary>
public class SmeTestTests
{
    private static EnterpriseRelationship Related(decimal share, decimal staff, decimal turnover, decimal balance, string control = "none") =>
        new() { EntityId = "other", Direction = "holds", SharePct = share, ControlType = control, StaffHeadcountAwu = staff, TurnoverEur = turnover, BalanceSheetEur = balance };

    private static SizeData Size(decimal staff, decimal? turnover, decimal? balance, params EnterpriseRelationship[] relationships) =>
        new() { StaffHeadcountAwu = staff, TurnoverEur = turnover, BalanceSheetEur = balance, Relationships = relationships };

    [Theory]
    // Art. 2(3): micro is fewer than 10 staff and turnover or balance sheet at most EUR 2 million.
    [InlineData(9, 2_000_000, 5_000_000, "micro")]
    // Exactly 10 staff is no longer micro.
    [InlineData(10, 1_000_000, 1_000_000, "small")]
    // Turnover over the small ceiling, but the balance sheet is within it: either is enough.
    [InlineData(45, 12_000_000, 9_000_000, "small")]
    // Both financial ceilings of a medium enterprise exceeded: large, whatever the headcount.
    [InlineData(200, 60_000_000, 45_000_000, "large")]
    // The balance-sheet ceiling of a medium enterprise is EUR 43 million, not 50.
    [InlineData(200, 60_000_000, 43_000_000, "medium")]
    // 250 staff is large.
    [InlineData(250, 1_000_000, 1_000_000, "large")]
    public void Classify_AutonomousEnterprise_ByCeilings(int staff, int turnover, int balance, string expected)
    {
        Assert.Equal(expected, SmeTest.Classify(Size(staff, turnover, balance), null).SizeClass);
    }

    [Fact]
    public void Classify_PartnerEnterprise_IsAddedProRata()
    {
        // 40 own staff + 30 % of 40 = 52: the partner pushes the enterprise past the small ceiling (Art. 6(3)).
        var result = SmeTest.Classify(Size(40, 5_000_000, 4_000_000, Related(30, 40, 10_000_000, 10_000_000)), null);

        Assert.Equal("medium", result.SizeClass);
        Assert.Equal(52m, result.StaffAwu);
        Assert.Equal(8_000_000m, result.TurnoverEur);
    }

    [Fact]
    public void Classify_LinkedEnterprise_IsAddedInFull()
    {
        // 8 own staff + 100 % of a 60 %-held subsidiary's 5 = 13: small, not micro (Art. 6(4)).
        var result = SmeTest.Classify(Size(8, 1_500_000, 1_000_000, Related(60, 5, 400_000, 300_000)), null);

        Assert.Equal("small", result.SizeClass);
        Assert.Equal(13m, result.StaffAwu);
    }

    [Fact]
    public void Classify_ControlByOtherMeans_MakesALinkedEnterprise()
    {
        // A 40 % holding with dominant influence under the articles is linked, not partner (Art. 3(3)(c)).
        var result = SmeTest.Classify(Size(8, 1_500_000, 1_000_000, Related(40, 5, 400_000, 300_000, "dominant_influence")), null);

        Assert.Equal(13m, result.StaffAwu);
    }

    [Fact]
    public void Classify_HoldingBelow25Percent_IsAutonomous()
    {
        var result = SmeTest.Classify(Size(8, 1_500_000, 1_000_000, Related(24, 500, 90_000_000, 90_000_000)), null);

        Assert.Equal("micro", result.SizeClass);
    }

    [Fact]
    public void Classify_PublicBodiesHolding25Percent_IsNotAnSme()
    {
        // Art. 3(4): 25 % or more of capital or votes controlled by public bodies.
        var result = SmeTest.Classify(Size(8, 1_500_000, 1_000_000), new Ownership { PublicPct = 25 });

        Assert.Equal("large", result.SizeClass);
    }

    [Fact]
    public void Classify_RelationshipsNotGiven_IsUnknown()
    {
        var result = SmeTest.Classify(new SizeData { StaffHeadcountAwu = 8, TurnoverEur = 1_000_000 }, null);

        Assert.Null(result.SizeClass);
        Assert.Contains("size.relationships", result.MissingInputs);
    }

    [Fact]
    public void Classify_TurnoverOverCeilingAndBalanceUnknown_IsUnknown()
    {
        // 9 staff and EUR 3 million turnover: micro if the balance sheet is within EUR 2 million, else small.
        var result = SmeTest.Classify(Size(9, 3_000_000, null), null);

        Assert.Null(result.SizeClass);
        Assert.Equal(["size.balanceSheetEur"], result.MissingInputs);
    }

    [Fact]
    public void Classify_PartnerWithoutFigures_IsUnknownAndNamesThem()
    {
        var partner = new EnterpriseRelationship { EntityId = "p", SharePct = 30 };
        var result = SmeTest.Classify(Size(8, 1_000_000, 1_000_000, partner), null);

        Assert.Null(result.SizeClass);
        Assert.Contains("size.relationships[0].staffHeadcountAwu", result.MissingInputs);
    }
}
