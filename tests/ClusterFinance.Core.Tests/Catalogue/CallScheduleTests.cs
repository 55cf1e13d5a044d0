using ClusterFinance.Core.Catalogue;
using ClusterFinance.Core.Evaluation;

namespace ClusterFinance.Core.Tests.Catalogue;

public class CallScheduleTests
{
    private static readonly DateOnly Day = new(2026, 11, 26);

    private static Scheme With(params Call[] calls) => EligibilityEngine.PlaceholderScheme("s") with { Calls = calls };

    [Theory]
    [InlineData("2026-10-01", "2026-11-26", false, CallStatus.Open)]        // the deadline day itself is still open
    [InlineData("2026-10-01", "2026-11-25", false, CallStatus.Closed)]
    [InlineData("2026-12-01", "2027-02-01", false, CallStatus.Forthcoming)]
    [InlineData("2026-01-01", null, true, CallStatus.Open)]                // continuous, no cut-off
    [InlineData("2027-01-01", null, true, CallStatus.Forthcoming)]
    [InlineData("2026-01-01", null, false, CallStatus.Closed)]             // opened, no deadline, not continuous
    public void StatusOf_IsDerivedFromTheDates(string opens, string? deadline, bool continuous, CallStatus expected)
    {
        var call = new Call
        {
            Id = "c",
            Opens = DateOnly.Parse(opens, System.Globalization.CultureInfo.InvariantCulture),
            Deadlines = deadline is null ? [] : [DateOnly.Parse(deadline, System.Globalization.CultureInfo.InvariantCulture)],
            Continuous = continuous,
        };

        Assert.Equal(expected, CallSchedule.StatusOf(call, Day));
    }

    [Fact]
    public void StatusOn_TakesTheMostHopefulCall_AndNextDeadlineTheEarliestAhead()
    {
        var scheme = With(
            new Call { Id = "old", Opens = new DateOnly(2025, 1, 1), Deadlines = [new DateOnly(2025, 3, 1)] },
            new Call { Id = "next", Opens = new DateOnly(2026, 12, 1), Deadlines = [new DateOnly(2027, 3, 12), new DateOnly(2027, 10, 1)] },
            new Call { Id = "later", Expected = "annual, usually Q1" });

        Assert.Equal(CallStatus.Forthcoming, CallSchedule.StatusOn(scheme, Day));
        Assert.Equal(("next", new DateOnly(2027, 3, 12)), CallSchedule.NextDeadline(scheme, Day) is { } n ? (n.Call.Id, n.Deadline) : default);
        Assert.Equal(CallStatus.Expected, CallSchedule.StatusOn(With(new Call { Id = "x", Expected = "annual" }), Day));
        Assert.Equal(CallStatus.Unknown, CallSchedule.StatusOn(With(), Day));
    }
}

public class CatalogueCheckTests
{
    private static readonly DateOnly Day = new(2026, 11, 26);

    private static Scheme Scheme(string factsAsOf, bool legacy = false, params Call[] calls) =>
        EligibilityEngine.PlaceholderScheme("s") with
        {
            FactsAsOf = DateOnly.Parse(factsAsOf, System.Globalization.CultureInfo.InvariantCulture),
            Legacy = legacy,
            Calls = calls,
            NutsRegions = ["RO21", "XX99"],
        };

    [Fact]
    public void Check_FindsStaleFactsPassedCallsAndUnknownRegions()
    {
        var passed = new Call { Id = "2024", Opens = new DateOnly(2024, 1, 1), Deadlines = [new DateOnly(2024, 3, 1)] };

        var findings = CatalogueCheck.Run([Scheme("2025-05-25", false, passed)], Repository.Lookups, Day);

        Assert.Equal(["stale", "no-next-call", "unknown-region"], findings.Select(f => f.Kind));
        Assert.Contains("2024-03-01", findings[1].Message, StringComparison.Ordinal);
        Assert.Contains("'XX99'", findings[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_EighteenMonthsExactly_IsNotStale_AndLegacyTemplatesAreLeftAlone()
    {
        var passed = new Call { Id = "2018", Deadlines = [new DateOnly(2018, 4, 1)] };

        Assert.DoesNotContain(CatalogueCheck.Run([Scheme("2025-05-26")], Repository.Lookups, Day), f => f.Kind == "stale");
        Assert.DoesNotContain(CatalogueCheck.Run([Scheme("2018-01-01", true, passed)], Repository.Lookups, Day), f => f.Kind is "stale" or "no-next-call");
    }

    [Fact]
    public void Check_ExclusionOfASchemeTheCatalogueDoesNotHold_IsFound()
    {
        var known = Scheme("2026-01-01") with { Id = "known", NutsRegions = [] };
        var excluding = Scheme("2026-01-01") with
        {
            NutsRegions = [],
            NotCombinableWith =
            [
                new Exclusion { SchemeId = "known", Reason = "same project", Citation = "https://example.org" },
                new Exclusion { SchemeId = "eu-mistyped", Reason = "same project", Citation = "https://example.org" },
            ],
        };

        var finding = Assert.Single(CatalogueCheck.Run([known, excluding], Repository.Lookups, Day));

        Assert.Equal(("s", "unknown-exclusion"), (finding.SchemeId, finding.Kind));
        Assert.Contains("'eu-mistyped'", finding.Message, StringComparison.Ordinal);
    }
}
