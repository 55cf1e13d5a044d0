using ClusterFinance.Core.Facts;
using ClusterFinance.Core.Profiles;

namespace ClusterFinance.Core.Tests.Facts;

/// <summary>Regulation (EU) 2023/2831, Art. 3: EUR 300 000 per single undertaking per Member State over three rolling years.</summary>
public class DeMinimisTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 26);
    private static readonly FactsCalculator Calculator = new(Repository.Lookups);

    private static FundingRecord Grant(decimal amount, string date, string beneficiary = "self", string country = "RO", string regime = "de_minimis_2023_2831") =>
        new() { AmountEur = amount, LegalRightDate = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), BeneficiaryEntityId = beneficiary, GrantingCountry = country, Regime = regime };

    private static Profile Applicant(decimal? requested, params FundingRecord[] history) => new()
    {
        Organisation = new Organisation { Country = "RO" },
        Size = new SizeData
        {
            Relationships =
            [
                new EnterpriseRelationship { EntityId = "subsidiary", SharePct = 60 },
                new EnterpriseRelationship { EntityId = "partner", SharePct = 30 },
            ],
        },
        FundingHistory = history,
        Application = requested is null ? null : new Application { RequestedAidEur = requested },
    };

    [Fact]
    public void Received_CountsTheSingleUndertakingGrantedByTheSameState()
    {
        var facts = Calculator.Compute(Applicant(null,
            Grant(100_000, "2025-01-10"),
            Grant(50_000, "2024-06-01", beneficiary: "subsidiary"),   // linked: part of the single undertaking
            Grant(70_000, "2024-06-01", beneficiary: "partner"),      // partner enterprise: not part of it
            Grant(80_000, "2025-03-01", country: "BG"),               // granted by another Member State
            Grant(90_000, "2025-03-01", regime: "gber"),              // not de minimis
            Grant(20_000, "2022-05-10", regime: "de_minimis_1407_2013")), AsOf); // older regulation, outside the window

        Assert.Equal(150_000m, facts.DeMinimisReceived3yEur);
        Assert.Equal(150_000m, facts.DeMinimisHeadroomEur);
    }

    [Theory]
    // The window is the three years up to the evaluation date: a grant exactly three years earlier has dropped out.
    [InlineData("2023-11-26", 0)]
    [InlineData("2023-11-27", 120_000)]
    [InlineData("2026-11-26", 120_000)]
    // A grant conferred after the evaluation date does not count yet.
    [InlineData("2026-11-27", 0)]
    public void Received_RollingThreeYearWindow(string granted, int expected)
    {
        var facts = Calculator.Compute(Applicant(null, Grant(120_000, granted)), AsOf);

        Assert.Equal(expected, facts.DeMinimisReceived3yEur);
    }

    [Fact]
    public void HeadroomAfterRequest_GoesNegativeWhenTheCeilingWouldBeCrossed()
    {
        var facts = Calculator.Compute(Applicant(60_001, Grant(240_000, "2025-01-10")), AsOf);

        Assert.Equal(60_000m, facts.DeMinimisHeadroomEur);
        Assert.Equal(-1m, facts.DeMinimisHeadroomAfterRequestEur);
    }

    [Fact]
    public void Received_EmptyHistory_IsZeroButMissingHistoryIsUnknown()
    {
        Assert.Equal(0m, Calculator.Compute(Applicant(null), AsOf).DeMinimisReceived3yEur);

        var unknown = Calculator.Compute(Applicant(null) with { FundingHistory = null }, AsOf);
        Assert.Null(unknown.DeMinimisReceived3yEur);
        Assert.Equal(["fundingHistory"], unknown.MissingInputs["deMinimisHeadroomEur"]);
    }

    [Fact]
    public void Received_GrantWithoutDate_IsUnknownAndNamed()
    {
        var undated = new FundingRecord { AmountEur = 10_000, GrantingCountry = "RO", Regime = "de_minimis_2023_2831" };
        var facts = Calculator.Compute(Applicant(null, undated), AsOf);

        Assert.Null(facts.DeMinimisReceived3yEur);
        Assert.Equal(["fundingHistory[0].legalRightDate"], facts.MissingInputs["deMinimisReceived3yEur"]);
    }
}
