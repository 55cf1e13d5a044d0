using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using ClusterFinance.Core.Catalogue;
using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Json;
using ClusterFinance.Core.Profiles;

namespace ClusterFinance.Core.Roadmaps;

/// <summary>Builds the roadmap model of a profile from its evaluation and the schemes' metadata.</summary>
public static class RoadmapBuilder
{
    public const int HorizonMonths = 24;

    /// <summary>The six domains in the taxonomy's order (../DESIGN.md) with their chart colours (Okabe-Ito, safe for colour-blind readers and in grey print).</summary>
    public static readonly IReadOnlyList<(string Key, string Colour)> DomainColours =
    [
        ("innovation-rd", "#0072B2"),
        ("sustainability", "#009E73"),
        ("internationalisation", "#E69F00"),
        ("finance", "#CC79A7"),
        ("specialisation", "#56B4E9"),
        ("jobs-skills", "#D55E00"),
    ];

    /// <summary>The last evaluation date whose horizon is still a date of the calendar.</summary>
    public static readonly DateOnly LatestDate = DateOnly.MaxValue.AddMonths(-HorizonMonths);

    /// <summary>Why a roadmap cannot be drawn on <paramref name="asOf"/>, or null when it can.</summary>
    public static string? DateProblem(DateOnly asOf) => asOf > LatestDate
        ? $"The evaluation date {Iso(asOf)} is too late for a roadmap: its {HorizonMonths}-month horizon would pass 9999-12-31; use a date up to {Iso(LatestDate)}."
        : asOf.Year <= 3
            ? $"The evaluation date {Iso(asOf)} is too early for a roadmap: its three-year de minimis window would start before 0001-01-01."
            : null;

    public static RoadmapModel Build(EligibilityEngine engine, Profile profile, EvaluationReport report, Language lang)
    {
        var asOf = report.AsOf;
        if (DateProblem(asOf) is { } problem) throw new ArgumentOutOfRangeException(nameof(report), problem);
        var horizonEnd = asOf.AddMonths(HorizonMonths);
        var schemes = engine.Schemes.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var results = report.Results.Where(r => schemes.ContainsKey(r.SchemeId)).ToList();

        var (plan, notPlanned) = Plan(profile, results, schemes, asOf, horizonEnd, lang);
        var ledger = DeMinimisLedger.Build(profile, asOf, plan, lang);
        plan = [.. plan.Select(p => p with
        {
            CrossesCeiling = ledger.CrossingSchemeId == p.SchemeId,
            Notes = ledger.CrossingSchemeId == p.SchemeId ? [.. p.Notes, ledger.Entries.First(e => e.SchemeId == p.SchemeId).Note] : p.Notes,
        })];

        var nearMisses = NearMissWording.Describe(profile, results.Where(r => r.NearMiss && !r.Legacy), schemes, engine.Lookups, asOf, lang);
        var undetermined = results.Where(r => r.Verdict == SchemeVerdict.Undetermined && !r.Legacy).ToList();
        var facts = FactRanking.Rank(undetermined, schemes, lang);

        var domains = DomainColours
            .Select(d => new DomainGroup(d.Key, lang[$"domains.{d.Key}"], d.Colour, [.. plan.Where(p => p.Domain.Key == d.Key)]))
            .Where(g => g.Schemes.Count > 0)
            .ToList();

        var firstDeadline = plan.FirstOrDefault(p => p.Deadline is not null);
        var firstStep = plan.Count > 0
            ? lang.Format("summary.firstStepApply", plan[0].Name, plan[0].Deadline is { } d ? lang.Date(DateOnly.Parse(d, CultureInfo.InvariantCulture)) : lang[$"timing.{plan[0].Timing}"])
            : nearMisses.Count > 0 ? lang.Format("summary.firstStepNearMiss", nearMisses[0].Actions[0].Text, nearMisses[0].Name)
            : null;

        return new RoadmapModel
        {
            Language = lang.Code,
            Client = new Client
            {
                Name = profile.Organisation?.Name ?? profile.ProfileId ?? lang["client.unnamed"],
                ProfileId = profile.ProfileId,
                Country = profile.Organisation?.Country,
                Region = profile.Organisation?.Nuts3 ?? profile.Organisation?.Nuts2,
                ApplicationSchemeId = profile.Application?.SchemeId,
            },
            AsOf = Iso(asOf),
            HorizonEnd = Iso(horizonEnd),
            HorizonMonths = HorizonMonths,
            Summary = new RoadmapSummary
            {
                Evaluated = results.Count,
                Eligible = results.Count(r => r.Verdict == SchemeVerdict.Eligible && !r.Legacy),
                Planned = plan.Count,
                NearMisses = nearMisses.Count,
                Undetermined = undetermined.Count,
                PlannedFundingEur = plan.Sum(p => p.PlannedAmountEur ?? 0),
                PlannedWithoutAmount = plan.Count(p => p.PlannedAmountEur is null),
                NextDeadline = firstDeadline?.Deadline,
                NextDeadlineSchemeId = firstDeadline?.SchemeId,
                FirstStep = firstStep,
            },
            Plan = plan,
            Domains = domains,
            NotPlanned = notPlanned,
            Ledger = ledger,
            NearMisses = nearMisses,
            FactsToCollect = facts,
            Undetermined = [.. undetermined.Select(r => new UndeterminedScheme(r.SchemeId, r.Name,
                [.. MissingPaths(r).Where(p => !FactRanking.IsCatalogueGap(p))],
                [.. MissingPaths(r).Where(FactRanking.IsCatalogueGap)]))],
            ManualChecks = [.. plan.SelectMany(p => schemes[p.SchemeId].ManualChecks.Select(c => new ManualCheckItem(p.SchemeId, p.Name, c.Id, c.Text, c.Citation)))],
            Unverified = Unverified(plan, results, schemes, lang),
            Chart = TimelineChart.Build(plan, asOf, lang),
            Receipt = new RoadmapReceipt
            {
                Catalogue = report.Receipt.Catalogue,
                Engine = report.Receipt.Engine,
                AsOf = Iso(asOf),
                Profile = ProfileHash(profile),
                Rules = [.. report.Receipt.Rules.OrderBy(r => r.Key, StringComparer.Ordinal)
                    .Select(r => new RuleVersion(r.Key, r.Value, report.Receipt.Versions?.GetValueOrDefault(r.Key)))],
            },
        };
    }

    internal static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static IEnumerable<string> MissingPaths(SchemeResult result) =>
        result.Criteria.Where(c => c.Verdict == CriterionVerdict.Unknown).SelectMany(c => c.MissingFacts).Distinct(StringComparer.Ordinal);

    private static (List<PlannedScheme> Plan, List<NotPlanned> NotPlanned) Plan(Profile profile, List<SchemeResult> results,
        Dictionary<string, Scheme> schemes, DateOnly asOf, DateOnly horizonEnd, Language lang)
    {
        var candidates = new List<(PlannedScheme Item, int Rank, DateOnly Sort)>();
        var notPlanned = new List<NotPlanned>();
        foreach (var result in results.Where(r => r.Verdict == SchemeVerdict.Eligible))
        {
            var scheme = schemes[result.SchemeId];
            if (result.Legacy)
            {
                notPlanned.Add(new NotPlanned(scheme.Id, scheme.Name, lang["notPlanned.legacy"], null));
                continue;
            }
            var timing = Timing(scheme, asOf, horizonEnd);
            if (timing is null)
            {
                var next = CallSchedule.NextDeadline(scheme, asOf);
                notPlanned.Add(new NotPlanned(scheme.Id, scheme.Name, next is { } n
                    ? lang.Format("notPlanned.beyondHorizon", lang.Date(n.Deadline), HorizonMonths)
                    : lang.Format("notPlanned.noCall", HorizonMonths), null));
                continue;
            }
            var (kind, call, deadline) = timing.Value;
            candidates.Add((Item(profile, scheme, result, kind, call, deadline, lang), kind switch { "deadline" => 0, "continuous" => 1, _ => 2 }, deadline ?? asOf));
        }

        // Apply by the nearest deadline first; open calls without a deadline next; calls whose date is not published last.
        var ordered = candidates.OrderBy(c => c.Rank).ThenBy(c => c.Sort).ThenBy(c => c.Item.SchemeId, StringComparer.Ordinal).Select(c => c.Item).ToList();
        var plan = new List<PlannedScheme>();
        foreach (var item in ordered)
        {
            // Of two schemes that cannot be combined, the one that comes first in the order is planned.
            var conflict = plan.Select(p => (Planned: p, Exclusion: Exclusion(schemes[p.SchemeId], schemes[item.SchemeId]))).FirstOrDefault(x => x.Exclusion is not null);
            if (conflict.Exclusion is { } exclusion)
            {
                notPlanned.Add(new NotPlanned(item.SchemeId, item.Name, lang.Format("notPlanned.notCombinable", conflict.Planned.Name, exclusion.Reason), exclusion.Citation));
                continue;
            }
            plan.Add(item with { Order = plan.Count + 1 });
        }
        return (plan, notPlanned);
    }

    /// <summary>The exclusion between two schemes, declared on either side.</summary>
    private static Exclusion? Exclusion(Scheme a, Scheme b) =>
        a.NotCombinableWith.FirstOrDefault(x => x.SchemeId == b.Id) ?? b.NotCombinableWith.FirstOrDefault(x => x.SchemeId == a.Id);

    /// <summary>Where the scheme goes on the timeline, or null when no call falls inside the horizon.</summary>
    private static (string Kind, Call Call, DateOnly? Deadline)? Timing(Scheme scheme, DateOnly asOf, DateOnly horizonEnd)
    {
        if (CallSchedule.NextDeadline(scheme, asOf) is { } next && next.Deadline <= horizonEnd) return ("deadline", next.Call, next.Deadline);
        var continuous = scheme.Calls.FirstOrDefault(c => c.Deadlines.Count == 0 && CallSchedule.IsOpen(c, asOf));
        if (continuous is not null) return ("continuous", continuous, null);
        var expected = scheme.Calls.FirstOrDefault(c => CallSchedule.StatusOf(c, asOf) == CallStatus.Expected);
        if (expected is not null) return ("expected", expected, null);
        return null;
    }

    private static PlannedScheme Item(Profile profile, Scheme scheme, SchemeResult result, string kind, Call call, DateOnly? deadline, Language lang)
    {
        var application = profile.Application?.SchemeId == scheme.Id ? profile.Application : null;
        var intensity = scheme.MaxAidIntensityPct;
        decimal? planned = application?.RequestedAidEur ?? scheme.Amounts?.MaxEur;
        var basis = application?.RequestedAidEur is not null ? "application" : planned is not null ? "scheme-maximum" : "unknown";
        decimal? own = basis == "application"
            ? application!.EligibleCostsEur - application.RequestedAidEur
            : planned is { } p && intensity is > 0 and <= 100 ? Math.Round(p * (100 - intensity.Value) / intensity.Value, 0) : null;
        var domains = scheme.Domains.Select(d => Domain(d, lang)).ToList();
        var notes = new List<string>();
        if (kind == "expected") notes.Add(lang.Format("plan.expectedNote", call.Expected ?? ""));
        if (kind == "continuous") notes.Add(lang["plan.continuousNote"]);
        if (!call.Verified) notes.Add(lang["plan.callUnverified"]);
        return new PlannedScheme
        {
            Order = 0,
            SchemeId = scheme.Id,
            Name = scheme.Name,
            LocalName = scheme.LocalName,
            Funder = scheme.Funder,
            Level = scheme.Level,
            Instrument = scheme.Instruments.Count > 0 ? scheme.Instruments[0] : "grant",
            Domain = domains.Count > 0 ? domains[0] : Domain("innovation-rd", lang),
            OtherDomains = [.. domains.Skip(1)],
            AmountMinEur = scheme.Amounts?.MinEur,
            AmountMaxEur = scheme.Amounts?.MaxEur,
            PlannedAmountEur = planned,
            PlannedAmountBasis = basis,
            AidIntensityPct = intensity,
            OwnContributionPct = intensity is { } i ? 100 - i : null,
            OwnContributionEur = own,
            StateAidRegime = scheme.StateAidRegime,
            StateAidRegimeName = lang[$"regimes.{scheme.StateAidRegime}"],
            Timing = kind,
            Deadline = deadline is { } d ? Iso(d) : null,
            Opens = call.Opens is { } o ? Iso(o) : null,
            CallId = call.Id,
            CallTitle = call.Title,
            Expected = call.Expected,
            SourceUrl = call.SourceUrl ?? scheme.Sources[0].Url,
            Verified = result.Verified && call.Verified,
            CrossesCeiling = false,
            Notes = notes,
        };
    }

    internal static DomainRef Domain(string key, Language lang) =>
        new(key, lang[$"domains.{key}"], DomainColours.FirstOrDefault(d => d.Key == key).Colour ?? "#777777");

    private static List<UnverifiedItem> Unverified(List<PlannedScheme> plan, List<SchemeResult> results, Dictionary<string, Scheme> schemes, Language lang)
    {
        var items = new List<UnverifiedItem>();
        var shown = plan.Select(p => p.SchemeId).Concat(results.Where(r => r.NearMiss || r.Verdict == SchemeVerdict.Undetermined).Select(r => r.SchemeId)).ToHashSet(StringComparer.Ordinal);
        foreach (var result in results.Where(r => shown.Contains(r.SchemeId) && !r.Legacy))
        {
            var criteria = Flatten(result.Criteria).Where(c => c.Unverified).Select(c => c.Id).Distinct(StringComparer.Ordinal).ToList();
            if (criteria.Count > 0) items.Add(new UnverifiedItem(result.SchemeId, result.Name, lang.Format("unverified.criteria", string.Join(", ", criteria))));
        }
        foreach (var p in plan)
        {
            var call = schemes[p.SchemeId].Calls.First(c => c.Id == p.CallId);
            if (!call.Verified) items.Add(new UnverifiedItem(p.SchemeId, p.Name, lang.Format("unverified.call", p.CallId)));
        }
        return items;
    }

    private static IEnumerable<CriterionResult> Flatten(IEnumerable<CriterionResult> criteria) =>
        criteria.SelectMany(c => Flatten(c.Children ?? []).Prepend(c));

    private static string ProfileHash(Profile profile) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(profile, JsonDefaults.Write)));
}
