using ClusterFinance.Core.Profiles;
using ClusterFinance.Core.Roadmaps;

namespace ClusterFinance.Core.Tests.Roadmaps;

public sealed class LedgerTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 26);

    // A Romanian SME holding 60 % of a linked enterprise and 30 % of a partner one.
    private static Profile Profile(params FundingRecord[] history) => new()
    {
        Organisation = new Organisation { Country = "RO" },
        Size = new SizeData
        {
            Relationships =
            [
                new EnterpriseRelationship { EntityId = "linked", SharePct = 60, Direction = "holds" },
                new EnterpriseRelationship { EntityId = "partner", SharePct = 30, Direction = "holds" },
            ],
        },
        FundingHistory = history,
    };

    private static FundingRecord DeMinimis(string beneficiary, decimal amount, DateOnly granted, string country = "RO") => new()
    {
        SchemeId = "earlier-scheme", BeneficiaryEntityId = beneficiary, GrantingCountry = country,
        Regime = "de_minimis_2023_2831", AmountEur = amount, LegalRightDate = granted,
    };

    private static PlannedScheme Planned(string id, decimal? amount, DateOnly? deadline, string regime = "de-minimis") => new()
    {
        Order = 0, SchemeId = id, Name = id, Funder = "funder", Level = "national", Instrument = "grant",
        Domain = new DomainRef("innovation-rd", "Innovation and R&D", "#0072B2"), OtherDomains = [],
        PlannedAmountEur = amount, PlannedAmountBasis = amount is null ? "unknown" : "scheme-maximum",
        StateAidRegime = regime, StateAidRegimeName = regime, Timing = deadline is null ? "expected" : "deadline",
        Deadline = deadline?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        CallId = "call", SourceUrl = "https://example.org", Verified = true, CrossesCeiling = false, Notes = [],
    };

    [Fact]
    public void Ledger_LinkedEnterprise_CountsAsOneSingleUndertaking_PartnerDoesNot()
    {
        var profile = Profile(
            DeMinimis("self", 150_000, new DateOnly(2025, 1, 10)),
            DeMinimis("linked", 100_000, new DateOnly(2025, 6, 1)),
            // A partner enterprise is a separate undertaking: its aid does not count.
            DeMinimis("partner", 80_000, new DateOnly(2025, 6, 1)));

        var ledger = DeMinimisLedger.Build(profile, AsOf, [], Roadmaps.Language("en"));

        Assert.True(ledger.Known);
        Assert.Equal(250_000m, ledger.ReceivedEur);
        Assert.Equal(50_000m, ledger.HeadroomEur);
        Assert.Equal([true, true, false], ledger.History.Select(g => g.Counted));
        Assert.Contains("linked enterprise", ledger.History[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Ledger_PlanCrossingTheCeiling_IsFlaggedAtTheGrantThatCrossesIt()
    {
        var profile = Profile(DeMinimis("self", 150_000, new DateOnly(2025, 1, 10)), DeMinimis("linked", 100_000, new DateOnly(2025, 6, 1)));
        var plan = new[]
        {
            Planned("first", 30_000, new DateOnly(2027, 1, 15)),
            // Not de minimis: it does not enter the ledger.
            Planned("gber-grant", 500_000, new DateOnly(2027, 2, 1), "gber"),
            Planned("second", 40_000, new DateOnly(2027, 3, 1)),
            Planned("third", 10_000, new DateOnly(2027, 4, 1)),
        };

        var ledger = DeMinimisLedger.Build(profile, AsOf, plan, Roadmaps.Language("en"));

        Assert.Equal(["first", "second", "third"], ledger.Entries.Select(e => e.SchemeId));
        Assert.Equal(20_000m, ledger.Entries[0].HeadroomAfterEur);
        Assert.False(ledger.Entries[0].CrossesCeiling);
        Assert.True(ledger.Entries[1].CrossesCeiling);
        Assert.Equal(-20_000m, ledger.Entries[1].HeadroomAfterEur);
        Assert.Equal("second", ledger.CrossingSchemeId);
        Assert.Contains("CROSSES THE CEILING by EUR 20,000", ledger.Entries[1].Note, StringComparison.Ordinal);
        // The crossing grant cannot be given as planned: the next one is counted without it, and fits.
        Assert.False(ledger.Entries[2].CrossesCeiling);
        Assert.Equal(10_000m, ledger.Entries[2].HeadroomAfterEur);
    }

    [Fact]
    public void Ledger_GrantCountedOnItsDeadline_OlderAidHasLeftTheWindow()
    {
        // 200 000 granted on 2024-01-10 leaves the three-year window after 2027-01-10.
        var profile = Profile(DeMinimis("self", 200_000, new DateOnly(2024, 1, 10)));
        var plan = new[] { Planned("before-roll", 150_000, new DateOnly(2026, 12, 15)), Planned("after-roll", 150_000, new DateOnly(2027, 2, 1)) };

        var ledger = DeMinimisLedger.Build(profile, AsOf, plan, Roadmaps.Language("en"));

        Assert.Equal(100_000m, ledger.HeadroomEur);
        Assert.True(ledger.Entries[0].CrossesCeiling);
        Assert.False(ledger.Entries[1].CrossesCeiling);
        Assert.Equal(300_000m, ledger.Entries[1].HeadroomBeforeEur);
    }

    [Fact]
    public void Ledger_FundingHistoryMissing_IsUnknownAndSaysWhatToGive()
    {
        var profile = new Profile { Organisation = new Organisation { Country = "RO" } };

        var ledger = DeMinimisLedger.Build(profile, AsOf, [Planned("grant", 10_000, null)], Roadmaps.Language("en"));

        Assert.False(ledger.Known);
        Assert.Equal(["fundingHistory"], ledger.MissingFacts);
        Assert.Null(ledger.Entries[0].HeadroomAfterEur);
    }

    [Fact]
    public void Ledger_GrantWithoutAmountEnteringTheWindowByAPlannedDeadline_LeavesThatEntryUnknown()
    {
        // On the evaluation date the grant is still to come, so the history is complete; by the deadline it counts, without an amount.
        var profile = Profile(new FundingRecord
        {
            SchemeId = "coming-grant", BeneficiaryEntityId = "self", GrantingCountry = "RO",
            Regime = "de_minimis_2023_2831", LegalRightDate = new DateOnly(2025, 6, 1),
        });
        var plan = new[] { Planned("before-it", 20_000, new DateOnly(2025, 3, 1)), Planned("after-it", 30_000, new DateOnly(2025, 9, 1)) };

        var ledger = DeMinimisLedger.Build(profile, new DateOnly(2025, 1, 1), plan, Roadmaps.Language("en"));

        Assert.True(ledger.Known);
        Assert.Equal(280_000m, ledger.Entries[0].HeadroomAfterEur);
        Assert.Empty(ledger.Entries[0].MissingFacts);
        var unknown = ledger.Entries[1];
        Assert.Equal(("after-it", "2025-09-01", 30_000m), (unknown.SchemeId, unknown.Date, unknown.AmountEur));
        Assert.Equal(["fundingHistory[0].grossGrantEquivalentEur"], unknown.MissingFacts);
        Assert.Null(unknown.HeadroomAfterEur);
        Assert.False(unknown.CrossesCeiling);
        Assert.Equal("not computed: the funding history is incomplete.", unknown.Note);
    }
}
