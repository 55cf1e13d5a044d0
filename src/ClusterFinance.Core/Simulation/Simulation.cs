using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Profiles;

namespace ClusterFinance.Core.Simulation;

/// <summary>A criterion that keeps profiles from a scheme: how many it fails, how many it leaves undecided.</summary>
public sealed record Bottleneck(string SchemeId, string CriterionId, int Failed, int Unknown);

public sealed record SchemeCounts(string SchemeId, string Name, int Eligible, int NotEligible, int Undetermined, IReadOnlyList<Bottleneck> Bottlenecks);

public sealed record RegionCounts(string Region, int Profiles, int EligiblePairs, IReadOnlyList<Bottleneck> Bottlenecks);

/// <summary>What a population's evaluation shows: per scheme, the verdict counts and the criteria that block most.</summary>
public sealed record SimulationReport(DateOnly AsOf, int Profiles, string Catalogue, IReadOnlyList<SchemeCounts> Schemes, IReadOnlyList<RegionCounts>? Regions);

/// <summary>One profile whose verdict on a scheme differs between two rule sets, and the criteria that moved.</summary>
public sealed record VerdictFlip(string ProfileId, SchemeVerdict Before, SchemeVerdict After, IReadOnlyList<string> Criteria);

public sealed record SchemeComparison(string SchemeId, IReadOnlyList<VerdictFlip> Gained, IReadOnlyList<VerdictFlip> Lost, IReadOnlyList<VerdictFlip> Other);

public sealed record ComparisonReport(DateOnly AsOf, int Profiles, string Before, string After, IReadOnlyList<SchemeComparison> Schemes);

/// <summary>Policy experiments: a population through the catalogue, and through two versions of its rules.</summary>
public static class PolicyLab
{
    /// <summary>How many criteria per scheme the bottleneck report lists.</summary>
    public const int TopBottlenecks = 3;

    public static SimulationReport Run(EligibilityEngine engine, IReadOnlyList<Profile> profiles, DateOnly asOf, bool byRegion = false,
        Action<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var outcomes = engine.EvaluateMany(profiles, asOf, progress, cancellationToken);
        var schemes = engine.CompiledSchemes;
        var counts = new List<SchemeCounts>(schemes.Count);
        for (var s = 0; s < schemes.Count; s++)
        {
            int eligible = 0, notEligible = 0, undetermined = 0;
            foreach (var row in outcomes)
            {
                switch (row[s].Verdict)
                {
                    case SchemeVerdict.Eligible: eligible++; break;
                    case SchemeVerdict.NotEligible: notEligible++; break;
                    default: undetermined++; break;
                }
            }
            counts.Add(new SchemeCounts(schemes[s].Scheme.Id, schemes[s].Scheme.Name, eligible, notEligible, undetermined,
                Bottlenecks(schemes[s], s, outcomes).OrderByDescending(b => b.Failed).ThenByDescending(b => b.Unknown).Take(TopBottlenecks).ToList()));
        }

        IReadOnlyList<RegionCounts>? regions = null;
        if (byRegion)
        {
            regions = [.. Enumerable.Range(0, profiles.Count)
                .GroupBy(i => profiles[i].Organisation?.Nuts2 ?? "unknown")
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g =>
                {
                    var rows = g.Select(i => outcomes[i]).ToList();
                    var blocking = Enumerable.Range(0, schemes.Count).SelectMany(s => Bottlenecks(schemes[s], s, rows))
                        .OrderByDescending(b => b.Failed).ThenBy(b => b.SchemeId, StringComparer.Ordinal).Take(5).ToList();
                    return new RegionCounts(g.Key, rows.Count, rows.Sum(r => r.Count(o => o.Verdict == SchemeVerdict.Eligible)), blocking);
                })];
        }
        return new SimulationReport(asOf, profiles.Count, engine.CatalogueHash, counts, regions);
    }

    /// <summary>The same population under two rule sets: per scheme, who gains eligibility, who loses it, and why.</summary>
    public static ComparisonReport Compare(EligibilityEngine before, EligibilityEngine after, IReadOnlyList<Profile> profiles, DateOnly asOf,
        Action<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var a = before.EvaluateMany(profiles, asOf, progress, cancellationToken);
        var b = after.EvaluateMany(profiles, asOf, progress, cancellationToken);
        var afterIndex = after.CompiledSchemes.Select((s, i) => (s.Scheme.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var comparisons = new List<SchemeComparison>();
        for (var s = 0; s < before.CompiledSchemes.Count; s++)
        {
            var scheme = before.CompiledSchemes[s];
            if (!afterIndex.TryGetValue(scheme.Scheme.Id, out var t)) continue;
            List<VerdictFlip> gained = [], lost = [], other = [];
            for (var p = 0; p < profiles.Count; p++)
            {
                var (x, y) = (a[p][s], b[p][t]);
                if (x.Verdict == y.Verdict) continue;
                var flip = new VerdictFlip(ProfileId(profiles[p], p), x.Verdict, y.Verdict, Moved(scheme, after.CompiledSchemes[t], x, y));
                (y.Verdict == SchemeVerdict.Eligible ? gained : x.Verdict == SchemeVerdict.Eligible ? lost : other).Add(flip);
            }
            if (gained.Count + lost.Count + other.Count > 0) comparisons.Add(new SchemeComparison(scheme.Scheme.Id, gained, lost, other));
        }
        return new ComparisonReport(asOf, profiles.Count, before.CatalogueHash, after.CatalogueHash, comparisons);
    }

    public static string ProfileId(Profile profile, int index) => profile.ProfileId ?? $"profile-{index + 1}";

    private static IEnumerable<Bottleneck> Bottlenecks(CompiledScheme scheme, int s, IReadOnlyList<SchemeOutcome[]> rows)
    {
        var ids = scheme.CriterionIds;
        for (var c = 0; c < ids.Count; c++)
        {
            int failed = 0, unknown = 0;
            foreach (var row in rows)
            {
                if (row[s].HasFailed(c)) failed++;
                else if (row[s].IsUnknown(c)) unknown++;
            }
            if (failed + unknown > 0) yield return new Bottleneck(scheme.Scheme.Id, ids[c], failed, unknown);
        }
    }

    /// <summary>Criteria whose verdict differs between the two rule sets (matched by id).</summary>
    private static List<string> Moved(CompiledScheme before, CompiledScheme after, SchemeOutcome x, SchemeOutcome y)
    {
        var afterIds = after.CriterionIds;
        var moved = new List<string>();
        for (var c = 0; c < before.CriterionIds.Count; c++)
        {
            var id = before.CriterionIds[c];
            var t = IndexOf(afterIds, id);
            var old = State(x, c);
            var now = t < 0 ? "removed" : State(y, t);
            if (old != now) moved.Add(id);
        }
        for (var t = 0; t < afterIds.Count; t++)
            if (IndexOf(before.CriterionIds, afterIds[t]) < 0 && State(y, t) != "pass") moved.Add(afterIds[t]);
        return moved;
    }

    private static int IndexOf(IReadOnlyList<string> ids, string id)
    {
        for (var i = 0; i < ids.Count; i++) if (ids[i] == id) return i;
        return -1;
    }

    private static string State(SchemeOutcome o, int c) => o.HasFailed(c) ? "fail" : o.IsUnknown(c) ? "unknown" : "pass";
}
