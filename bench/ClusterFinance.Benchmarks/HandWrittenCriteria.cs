using ClusterFinance.Core.Catalogue;
using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Facts;
using ClusterFinance.Core.Profiles;

namespace ClusterFinance.Benchmarks;

/// <summary>
/// The criteria of five schemes written by hand in C#, as a programmer would without a rule engine: the same
/// three-valued logic as the rule files (a criterion whose facts are missing is unknown, an <c>&amp;&amp;</c> fails
/// on a known false branch, an OrElse passes on any passing child), the same thresholds, read from the scheme
/// metadata where the rule files read them from <c>context.scheme</c>. The baseline of <see cref="BulkBenchmarks"/>.
/// </summary>
internal sealed class HandWrittenCriteria
{
    public static readonly string[] SchemeIds =
    [
        // In the catalogue's order, which EvaluateMany keeps.
        "eu-he-eic-pathfinder-open",
        "hu-ginop-plusz-cluster-management",
        "ro-pncdi4-innovation-vouchers",
        "rs-if-mini-grants",
        "sk-mhsr-cluster-support",
    ];

    private const CriterionVerdict Pass = CriterionVerdict.Pass;
    private const CriterionVerdict Fail = CriterionVerdict.Fail;
    private const CriterionVerdict Unknown = CriterionVerdict.Unknown;

    private readonly FactsCalculator facts;
    private readonly decimal? rsMaxEur, rsMaxIntensity;
    private readonly decimal? skMinEur, skMaxEur, skMaxIntensity;
    private readonly decimal? huMinEur, huMaxEur, huMaxIntensity;

    /// <param name="schemes">The metadata of the five schemes, in the order of <see cref="SchemeIds"/>.</param>
    public HandWrittenCriteria(FactsCalculator facts, IReadOnlyList<Scheme> schemes)
    {
        this.facts = facts;
        (huMinEur, huMaxEur, huMaxIntensity) = (schemes[1].Amounts?.MinEur, schemes[1].Amounts?.MaxEur, schemes[1].MaxAidIntensityPct);
        (rsMaxEur, rsMaxIntensity) = (schemes[3].Amounts?.MaxEur, schemes[3].MaxAidIntensityPct);
        (skMinEur, skMaxEur, skMaxIntensity) = (schemes[4].Amounts?.MinEur, schemes[4].Amounts?.MaxEur, schemes[4].MaxAidIntensityPct);
    }

    /// <summary>The same shape as <see cref="EligibilityEngine.EvaluateMany"/>: facts computed per profile, all cores.</summary>
    public SchemeOutcome[][] EvaluateMany(IReadOnlyList<Profile> profiles, DateOnly asOf)
    {
        var outcomes = new SchemeOutcome[profiles.Count][];
        Parallel.For(0, profiles.Count, i =>
        {
            var profile = profiles[i];
            outcomes[i] = Evaluate(profile, facts.Compute(profile, asOf), asOf);
        });
        return outcomes;
    }

    public SchemeOutcome[] Evaluate(Profile p, DerivedFacts f, DateOnly asOf) =>
    [
        PathfinderOpen(f),
        GinopClusterManagement(p, f, asOf),
        InnovationVouchers(p, f, asOf),
        MiniGrants(p, f),
        SlovakClusters(p, f, asOf),
    ];

    // rules/rs-if-mini-grants.json
    private SchemeOutcome MiniGrants(Profile p, DerivedFacts f)
    {
        var o = new Outcome();
        var org = p.Organisation;
        var size = p.Size;
        var app = p.Application;
        o.Add(Is(org?.Country, "RS"));
        o.Add(org?.LegalForm is { } form ? Test(form is "company_llc" or "company_jsc") : Unknown);
        o.Add(f.AgeMonths is { } age ? Test(age < 60) : Unknown);
        var staff = size?.StaffHeadcountAwu;
        var turnover = size?.TurnoverEur;
        var assets = size?.BalanceSheetEur;
        o.Add(AnyOf(
            And(AtMost(staff, 50m), AtMost(turnover, 8_000_000m)),
            And(AtMost(staff, 50m), AtMost(assets, 4_000_000m)),
            And(AtMost(turnover, 8_000_000m), AtMost(assets, 4_000_000m))));
        o.Add(AtLeast(org?.Ownership?.PrivatePct, 51m));
        o.Add(AtLeast(org?.Ownership?.DomesticPct, 51m));
        o.Add(AtMost(app?.RequestedAidEur, rsMaxEur));
        o.Add(AtMost(f.RequestedIntensityPct, rsMaxIntensity));
        o.Add(AtMost(app?.DurationMonths, 12));
        return o.Result;
    }

    // rules/sk-mhsr-cluster-support.json
    private SchemeOutcome SlovakClusters(Profile p, DerivedFacts f, DateOnly asOf)
    {
        var o = new Outcome();
        var org = p.Organisation;
        var app = p.Application;
        var label = p.Cluster?.ExcellenceLabel;
        o.Add(Is(org?.Country, "SK"));
        o.Add(Is(org?.LegalForm, "association"));
        o.Add(p.Cluster?.IsClusterOrganisation is { } isCluster ? Test(isCluster) : Unknown);
        var expiredLately = And(
            label?.Level is { } level ? Test(level is "bronze" or "silver" or "gold") : Unknown,
            label?.ValidUntil is { } until ? Test(until >= asOf.AddMonths(-3)) : Unknown);
        o.Add(AnyOf(f.ExcellenceLabelRank is { } rank ? Test(rank >= 1) : Unknown, expiredLately));
        o.Add(AtLeast(app?.RequestedAidEur, skMinEur));
        o.Add(AtMost(app?.RequestedAidEur, skMaxEur));
        o.Add(AtMost(f.RequestedIntensityPct, skMaxIntensity));
        o.Add(AtMost(app?.DurationMonths, 36));
        return o.Result;
    }

    // rules/eu-he-eic-pathfinder-open.json
    private static SchemeOutcome PathfinderOpen(DerivedFacts f)
    {
        const string Pillar3 = "horizon-europe-pillar3-eligible";
        var o = new Outcome();
        o.Add(f.CountrySets is { } sets ? Test(Contains(sets, Pillar3)) : Unknown);
        o.Add(AtLeast(f.ConsortiumSize, 3));
        o.Add(AtLeast(f.ConsortiumCountriesIn(Pillar3), 3));
        o.Add(AtLeast(f.ConsortiumCountriesInEu, 1));
        return o.Result;
    }

    // rules/ro-pncdi4-innovation-vouchers.json
    private static SchemeOutcome InnovationVouchers(Profile p, DerivedFacts f, DateOnly asOf)
    {
        var o = new Outcome();
        var org = p.Organisation;
        o.Add(Is(org?.Country, "RO"));
        o.Add(f.IsSme is { } sme ? Test(sme) : Unknown);
        o.Add(org?.LegalForm is { } form ? Test(form is "company_llc" or "company_jsc" or "cooperative" or "sole_trader") : Unknown);
        o.Add(AtLeast(f.DeMinimisHeadroomAfterRequestEur, 0m));
        o.Add(Test(asOf <= new DateOnly(2027, 12, 31)));
        return o.Result;
    }

    // rules/hu-ginop-plusz-cluster-management.json
    private SchemeOutcome GinopClusterManagement(Profile p, DerivedFacts f, DateOnly asOf)
    {
        var o = new Outcome();
        var org = p.Organisation;
        var cluster = p.Cluster;
        var app = p.Application;
        o.Add(Is(org?.Country, "HU"));
        o.Add(cluster?.IsClusterOrganisation is { } isCluster ? Test(isCluster) : Unknown);
        o.Add(cluster?.NationalQualifications is { } qualifications ? Qualified(qualifications, asOf) : Unknown);
        o.Add(org?.LegalForm is { } form ? Test(form is "company_llc" or "company_jsc") : Unknown);
        o.Add(cluster?.Members?.AnyMemberWithMajorityInfluence is { } majority ? Test(!majority) : Unknown);
        o.Add(AtLeast(p.Size?.StaffHeadcountAwu, 1m));
        o.Add(cluster?.ManagingSince is { } since ? Test(since <= asOf.AddYears(-1)) : Unknown);
        o.Add(AtLeast(app?.RequestedAidEur, huMinEur));
        o.Add(AtMost(app?.RequestedAidEur, huMaxEur));
        o.Add(AtMost(f.RequestedIntensityPct, huMaxIntensity));
        o.Add(AtMost(app?.DurationMonths, 36));
        return o.Result;
    }

    private static CriterionVerdict Qualified(IReadOnlyList<NationalQualification> qualifications, DateOnly asOf)
    {
        for (var i = 0; i < qualifications.Count; i++)
        {
            // A null entry makes the rule's lambda throw, which the engine reports as unknown.
            if (qualifications[i] is not { } q) return Unknown;
            if (q.Scheme == "hu-ginop-plusz-1-1-5-24" && (q.Level is "industry" or "innovation") && (q.ValidUntil is null || q.ValidUntil >= asOf))
                return Pass;
        }
        return Fail;
    }

    private static bool Contains(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
            if (list[i] == value) return true;
        return false;
    }

    private static CriterionVerdict Test(bool pass) => pass ? Pass : Fail;

    private static CriterionVerdict Is(string? actual, string expected) => actual is null ? Unknown : Test(actual == expected);

    private static CriterionVerdict AtMost(decimal? actual, decimal? limit) =>
        actual is { } a && limit is { } l ? Test(a <= l) : Unknown;

    private static CriterionVerdict AtLeast(decimal? actual, decimal? limit) =>
        actual is { } a && limit is { } l ? Test(a >= l) : Unknown;

    private static CriterionVerdict AtMost(int? actual, int limit) => actual is { } a ? Test(a <= limit) : Unknown;

    private static CriterionVerdict AtLeast(int? actual, int limit) => actual is { } a ? Test(a >= limit) : Unknown;

    /// <summary>Three-valued and: a known false decides, else an unknown leaves it unknown.</summary>
    private static CriterionVerdict And(CriterionVerdict left, CriterionVerdict right) =>
        left == Fail || right == Fail ? Fail : left == Unknown || right == Unknown ? Unknown : Pass;

    private static CriterionVerdict AnyOf(CriterionVerdict a, CriterionVerdict b) =>
        a == Pass || b == Pass ? Pass : a == Fail && b == Fail ? Fail : Unknown;

    private static CriterionVerdict AnyOf(CriterionVerdict a, CriterionVerdict b, CriterionVerdict c) =>
        a == Pass || b == Pass || c == Pass ? Pass : a == Fail && b == Fail && c == Fail ? Fail : Unknown;

    /// <summary>The verdicts of a scheme's criteria, in file order, gathered into bit sets.</summary>
    private struct Outcome
    {
        private ulong failed, unknown;
        private int index;

        public void Add(CriterionVerdict verdict)
        {
            if (verdict == Fail) failed |= 1UL << index;
            else if (verdict == Unknown) unknown |= 1UL << index;
            index++;
        }

        public readonly SchemeOutcome Result => new(
            failed != 0 ? SchemeVerdict.NotEligible : unknown != 0 ? SchemeVerdict.Undetermined : SchemeVerdict.Eligible, failed, unknown);
    }
}
