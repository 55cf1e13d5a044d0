using System.Globalization;
using ClusterFinance.Core.Facts;
using ClusterFinance.Core.Profiles;

namespace ClusterFinance.Core.Roadmaps;

/// <summary>
/// The de minimis ledger of a plan (Regulation (EU) 2023/2831): aid to the single undertaking (the applicant and
/// its linked enterprises) from the applicant's state over a rolling three years, and the headroom under the
/// EUR 300 000 ceiling now and after each planned de minimis grant, counted on its deadline.
/// </summary>
public static class DeMinimisLedger
{
    public static Ledger Build(Profile profile, DateOnly asOf, IReadOnlyList<PlannedScheme> plan, Language lang)
    {
        var ceiling = FactsCalculator.DeMinimisCeilingEur;
        var history = FactsCalculator.DeMinimisGrants(profile, asOf, out var missing);
        var planned = plan.Where(p => p.StateAidRegime == "de-minimis").ToList();
        var conditional = plan.Where(p => p.StateAidRegime == "mixed").Select(p => p.SchemeId).ToList();
        var grants = history.Select(g => Describe(g, lang)).ToList();
        if (missing.Count > 0)
        {
            return new Ledger
            {
                Known = false, MissingFacts = missing, CeilingEur = ceiling, WindowStart = RoadmapBuilder.Iso(asOf.AddYears(-3).AddDays(1)),
                History = grants, Conditional = conditional,
                Entries = [.. planned.Select((p, i) => new LedgerEntry
                {
                    Order = i + 1, SchemeId = p.SchemeId, Name = p.Name, Date = p.Deadline ?? RoadmapBuilder.Iso(asOf),
                    AmountEur = p.PlannedAmountEur, CrossesCeiling = false, MissingFacts = missing, Note = lang["ledger.unknownHistory"],
                })],
            };
        }

        var received = history.Where(g => g.Counted).Sum(g => g.AmountEur ?? 0);
        var entries = new List<LedgerEntry>();
        var counted = new List<(DateOnly Date, decimal Amount)>();
        string? crossing = null;
        foreach (var p in planned)
        {
            var date = p.Deadline is { } d ? DateOnly.Parse(d, CultureInfo.InvariantCulture) : asOf;
            // On the grant's date the window has rolled: older history drops out, earlier planned grants count.
            // A grant whose amount or granting state is not given may enter the window only by then.
            if (FactsCalculator.DeMinimisReceived(profile, date, out var missingThen) is not { } receivedThen)
            {
                entries.Add(new LedgerEntry
                {
                    Order = entries.Count + 1, SchemeId = p.SchemeId, Name = p.Name, Date = RoadmapBuilder.Iso(date), AmountEur = p.PlannedAmountEur,
                    CrossesCeiling = false, MissingFacts = missingThen, Note = lang["ledger.unknownHistory"],
                });
                continue;
            }
            var before = receivedThen + counted.Where(c => c.Date > date.AddYears(-3) && c.Date <= date).Sum(c => c.Amount);
            var headroomBefore = ceiling - before;
            if (p.PlannedAmountEur is not { } amount)
            {
                entries.Add(new LedgerEntry
                {
                    Order = entries.Count + 1, SchemeId = p.SchemeId, Name = p.Name, Date = RoadmapBuilder.Iso(date),
                    ReceivedBeforeEur = before, HeadroomBeforeEur = headroomBefore, CrossesCeiling = false,
                    Note = lang.Format("ledger.amountUnknown", lang.Money(headroomBefore)),
                });
                continue;
            }
            var after = headroomBefore - amount;
            var crosses = after < 0;
            if (crosses) crossing ??= p.SchemeId;
            // A grant that would cross cannot be given as planned; later grants are counted without it.
            else counted.Add((date, amount));
            entries.Add(new LedgerEntry
            {
                Order = entries.Count + 1, SchemeId = p.SchemeId, Name = p.Name, Date = RoadmapBuilder.Iso(date), AmountEur = amount,
                ReceivedBeforeEur = before, HeadroomBeforeEur = headroomBefore, HeadroomAfterEur = after, CrossesCeiling = crosses,
                Note = crosses
                    ? lang.Format("ledger.crosses", lang.Money(-after), lang.Money(Math.Max(headroomBefore, 0)))
                    : lang.Format("ledger.fits", lang.Money(after)),
            });
        }

        return new Ledger
        {
            Known = true,
            MissingFacts = [],
            CeilingEur = ceiling,
            WindowStart = RoadmapBuilder.Iso(asOf.AddYears(-3).AddDays(1)),
            ReceivedEur = received,
            HeadroomEur = ceiling - received,
            History = grants,
            Entries = entries,
            CrossingSchemeId = crossing,
            Conditional = conditional,
        };
    }

    private static LedgerGrant Describe(DeMinimisGrant g, Language lang) => new()
    {
        SchemeId = g.Record.SchemeId ?? lang.Format("ledger.grantNumber", g.Index + 1),
        Beneficiary = g.Record.BeneficiaryEntityId ?? "self",
        GrantingCountry = g.Record.GrantingCountry,
        Date = g.Record.LegalRightDate is { } d ? RoadmapBuilder.Iso(d) : null,
        AmountEur = g.AmountEur,
        Counted = g.Counted,
        Reason = lang[g.Status switch
        {
            DeMinimisStatus.Counted => "ledger.status.counted",
            DeMinimisStatus.CountedLinked => "ledger.status.countedLinked",
            DeMinimisStatus.OtherRegime => "ledger.status.otherRegime",
            DeMinimisStatus.NotSingleUndertaking => "ledger.status.notSingleUndertaking",
            DeMinimisStatus.OutsideWindow => "ledger.status.outsideWindow",
            DeMinimisStatus.OtherState => "ledger.status.otherState",
            _ => "ledger.status.undecided",
        }],
    };
}
