using System.Globalization;
using System.Text.RegularExpressions;
using ClusterFinance.Core.Catalogue;
using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Facts;
using ClusterFinance.Core.Profiles;

namespace ClusterFinance.Core.Roadmaps;

/// <summary>
/// The concrete change that closes each gap of a near miss, in the report's language: "add one partner from a
/// third country", "renew the ESCA bronze label before 1 March 2027". A gap with no known wording falls back to
/// the fact, its value and the threshold.
/// </summary>
public static partial class NearMissWording
{
    public static IReadOnlyList<NearMiss> Describe(Profile profile, IEnumerable<SchemeResult> nearMisses, IReadOnlyDictionary<string, Scheme> schemes,
        Lookups lookups, DateOnly asOf, Language lang)
    {
        var items = new List<NearMiss>();
        foreach (var result in nearMisses)
        {
            var scheme = schemes[result.SchemeId];
            var leaves = result.Criteria.Where(c => c.Verdict == CriterionVerdict.Fail).SelectMany(FailedLeaves).ToList();
            var actions = new List<NearMissAction>();
            var merged = Partners(profile, leaves, lookups, lang);
            foreach (var leaf in leaves)
            {
                var action = merged is not null && merged.Value.Covers.Contains(leaf) ? merged.Value.Action : Action(profile, leaf, lookups, lang);
                if (!actions.Any(a => a.Text == action.Text)) actions.Add(action);
            }
            var next = CallSchedule.NextDeadline(scheme, asOf);
            items.Add(new NearMiss
            {
                SchemeId = scheme.Id,
                Name = scheme.Name,
                NextDeadline = next is { } n ? RoadmapBuilder.Iso(n.Deadline) : null,
                AmountMaxEur = scheme.Amounts?.MaxEur,
                Actions = actions,
            });
        }
        // The fewest changes first; among equals the nearest deadline, then the larger amount.
        return [.. items.OrderBy(i => i.Actions.Count).ThenBy(i => i.NextDeadline ?? "9999").ThenByDescending(i => i.AmountMaxEur ?? 0).ThenBy(i => i.SchemeId, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Too few partners and too few countries are one change, not two: the partners to add come from new countries.
    /// Null unless the scheme fails on both the consortium's size and its countries.
    /// </summary>
    private static (NearMissAction Action, IReadOnlyList<CriterionResult> Covers)? Partners(Profile profile, List<CriterionResult> leaves, Lookups lookups, Language lang)
    {
        static decimal? Count(object? value) => value switch { int i => i, decimal d => d, long l => l, double x => (decimal)x, _ => null };
        (CriterionResult Leaf, decimal Have, decimal Need)? Gap(Func<string, bool> fact) => leaves
            .Where(l => l.Gap is { } g && fact(g.Fact) && ParseRequired(g.Required) is (">=", decimal) && Count(g.Actual) is not null)
            .Select(l => (l, Count(l.Gap!.Actual)!.Value, (decimal)ParseRequired(l.Gap!.Required).Value!))
            .Where(x => x.Item3 > x.Item2)
            .Cast<(CriterionResult, decimal, decimal)?>()
            .FirstOrDefault();
        var size = Gap(f => f == "facts.consortiumSize");
        var countries = Gap(f => f is "facts.consortiumCountries" or "facts.consortiumCountriesInEu" || CountrySetFact().IsMatch(f));
        if (size is not { } sz || countries is not { } ct) return null;
        var morePartners = sz.Need - sz.Have;
        var moreCountries = ct.Need - ct.Have;
        // One partner from one new country: "add one partner from a third country" says it all.
        if (morePartners <= 1 && moreCountries == 1) return (Action(profile, ct.Leaf, lookups, lang), [sz.Leaf, ct.Leaf]);
        var fact = ct.Leaf.Gap!.Fact;
        var scope = fact == "facts.consortiumCountriesInEu" ? lang["nearMiss.scopeEu"]
            : CountrySetFact().Match(fact) is { Success: true } m
                ? lang.Format("nearMiss.scopeSet", SetName(m.Groups[1].Value, lookups, lang))
                : "";
        var text = morePartners <= moreCountries
            ? lang.Format("nearMiss.partnersFromNewCountries", moreCountries, scope, sz.Have, ct.Have, sz.Need, ct.Need)
            : lang.Format("nearMiss.partnersSomeFromNewCountries", morePartners, moreCountries, scope, sz.Have, ct.Have, sz.Need, ct.Need);
        return (new NearMissAction
        {
            CriterionId = $"{sz.Leaf.Id}+{ct.Leaf.Id}",
            Text = text,
            Fact = $"{sz.Leaf.Gap!.Fact}, {fact}",
            Actual = $"{lang.Number(sz.Have)}, {lang.Number(ct.Have)}",
            Required = $">= {lang.Number(sz.Need)}, >= {lang.Number(ct.Need)}",
        }, [sz.Leaf, ct.Leaf]);
    }

    /// <summary>
    /// The failed criteria to put right: every closable failed child of an all-of criterion, the first closable one
    /// of an any-of criterion (meeting one is enough), the criterion itself when no child says more.
    /// </summary>
    private static IEnumerable<CriterionResult> FailedLeaves(CriterionResult c)
    {
        if (c.Children is null) return [c];
        var closable = c.Children.Where(x => x.Verdict == CriterionVerdict.Fail && x.Closable).ToList();
        if (closable.Count == 0) return [c];
        return c.AnyOf ? FailedLeaves(closable[0]) : closable.SelectMany(FailedLeaves);
    }

    /// <summary>The wording of one failed criterion's change.</summary>
    public static NearMissAction Action(Profile profile, CriterionResult criterion, Lookups lookups, Language lang)
    {
        var gap = criterion.Gap;
        if (gap is null)
            return new NearMissAction { CriterionId = criterion.Id, Text = lang.Format("nearMiss.generic", criterion.Message ?? criterion.Id) };
        var (op, required) = ParseRequired(gap.Required);
        var actual = gap.Actual;
        var text = Wording(profile, gap.Fact, op, required, actual, lookups, lang)
            ?? lang.Format("nearMiss.fallback", gap.Fact, Show(actual, lang), op + " " + Show(required, lang));
        return new NearMissAction
        {
            CriterionId = criterion.Id,
            Text = text,
            Fact = gap.Fact,
            Actual = Show(actual, lang),
            Required = op + " " + Show(required, lang),
        };
    }

    private static string? Wording(Profile profile, string fact, string op, object? required, object? actual, Lookups lookups, Language lang)
    {
        var need = Number(required);
        var have = Number(actual);
        var more = need is { } n && have is { } h ? Math.Max(0, op == ">" ? n - h + 1 : n - h) : (decimal?)null;
        var app = profile.Application;
        switch (fact)
        {
            case "facts.consortiumCountries" when op is ">=" or ">" && more is { } m:
                return m == 1 ? lang.Format("nearMiss.countriesOne", Ordinal(need!.Value, lang)) : lang.Format("nearMiss.countriesMore", m, have, need);
            case "facts.consortiumCountriesInEu" when op is ">=" or ">" && more is { } m:
                return m == 1 ? lang.Format("nearMiss.euCountriesOne", Ordinal(need!.Value, lang)) : lang.Format("nearMiss.euCountriesMore", m, have, need);
            case "facts.consortiumSize" when op is ">=" or ">" && more is { } m:
                return m == 1 ? lang.Format("nearMiss.partnersOne", have, need) : lang.Format("nearMiss.partnersMore", m, have, need);
            case "facts.consortiumSize" when op is "==" or "<=" && need is { } fewer && have > fewer:
                return lang.Format("nearMiss.partnersFewer", fewer, have);
            case "facts.consortiumSize" when op is "==" && need is { } exactly && have < exactly:
                return lang.Format("nearMiss.partnersExactly", exactly, have);
            case "facts.consortiumPartnersInEu" when more is { } m:
                return lang.Format(m == 1 ? "nearMiss.euPartnersOne" : "nearMiss.euPartnersMore", m, have, need);
            case "facts.consortiumRegions" when more is { } m:
                return lang.Format(m == 1 ? "nearMiss.regionsOne" : "nearMiss.regionsMore", m, have, need);
            case "facts.consortiumPartnersInLessDevelopedOrTransition" or "facts.consortiumPartnersInLessDevelopedOrTransition2014" when more is { } m:
                return lang.Format("nearMiss.lessDevelopedPartners", m);
            case "facts.requestedIntensityPct" when op is "<=" or "<" && need is { } max:
                return app?.EligibleCostsEur is { } costs
                    ? lang.Format("nearMiss.intensity", lang.Percent(max), lang.Money(Math.Floor(costs * max / 100)), lang.Money(costs), lang.Percent(have), lang.Money(costs - Math.Floor(costs * max / 100)))
                    : lang.Format("nearMiss.intensityNoCosts", lang.Percent(max), lang.Percent(have));
            case "application.requestedAidEur" when op is "<=" or "<":
                return lang.Format("nearMiss.requestAtMost", lang.Money(need), lang.Money(have));
            case "application.requestedAidEur" when op is ">=" or ">":
                return lang.Format("nearMiss.requestAtLeast", lang.Money(need), lang.Money(have));
            case "application.eligibleCostsEur" when op is "<=" or "<":
                return lang.Format("nearMiss.costsAtMost", lang.Money(need), lang.Money(have));
            case "application.durationMonths" when op is "<=" or "<":
                return lang.Format("nearMiss.durationAtMost", need, have);
            case "application.durationMonths" when op is ">=" or ">":
                return lang.Format("nearMiss.durationAtLeast", need, have);
            case "application.trlStart" or "application.trlTarget" when op is ">=" or ">":
                return lang.Format("nearMiss.trl", need, have);
            case "finance.rdCostsPctOfOperatingCosts" when op is ">=" or ">":
                return lang.Format("nearMiss.rdCosts", lang.Percent(need), lang.Percent(have));
            case "finance.operatingProfitLastYearEur":
                return lang.Format("nearMiss.operatingProfit", lang.Money(have));
            case "facts.deMinimisHeadroomAfterRequestEur" when have is < 0:
                return lang.Format("nearMiss.deMinimis", lang.Money(-have), lang.Money((app?.RequestedAidEur ?? 0) + have));
            case "size.turnoverEur" when op is ">=" or ">":
                return lang.Format("nearMiss.turnoverAtLeast", lang.Money(need), lang.Money(have));
            case "cluster.excellenceLabel.validUntil" when required is DateOnly until:
                return lang.Format("nearMiss.renewLabel", Label(profile, lang), lang.Date(until));
            case "facts.excellenceLabelRank" or "facts.excellenceLabelValid":
                var label = profile.Cluster?.ExcellenceLabel;
                if (label?.ValidUntil is { } expired && label.Level is not (null or "none"))
                    return lang.Format("nearMiss.renewExpiredLabel", Label(profile, lang), lang.Date(expired));
                return lang.Format("nearMiss.obtainLabel", lang[$"labels.{RankName(need ?? 1)}"]);
            default:
                var set = CountrySetFact().Match(fact);
                if (set.Success && more is { } sm)
                {
                    var name = SetName(set.Groups[1].Value, lookups, lang);
                    return sm == 1 ? lang.Format("nearMiss.setCountriesOne", Ordinal(need!.Value, lang), name) : lang.Format("nearMiss.setCountriesMore", sm, name, have, need);
                }
                return null;
        }
    }

    /// <summary>A country set's name in the report's language; the look-up table's own name for a set the table does not translate.</summary>
    private static string SetName(string id, Lookups lookups, Language lang) =>
        lang.Find($"countrySets.{id}") ?? lookups.CountrySets.FirstOrDefault(s => s.Id == id)?.Name?.Split(" (")[0] ?? id;

    [GeneratedRegex(@"^facts\.consortiumCountriesIn\(""([^""]+)""\)$")]
    private static partial Regex CountrySetFact();

    private static string Label(Profile profile, Language lang)
    {
        var label = profile.Cluster?.ExcellenceLabel;
        var level = label?.Level is { } l && l != "none" ? lang[$"labels.{l}"] : lang["labels.bronze"];
        return lang.Format("labels.named", label?.Issuer ?? "ESCA", level);
    }

    private static string RankName(decimal rank) => rank switch { <= 1 => "bronze", 2 => "silver", _ => "gold" };

    private static string Ordinal(decimal n, Language lang) =>
        n is >= 1 and <= 10 ? lang[$"ordinals.{(int)n}"] : lang.Format("ordinals.other", n);

    /// <summary>"&gt;= 10,000" as the operator and the value (a number, a date or text).</summary>
    internal static (string Op, object? Value) ParseRequired(string required)
    {
        var space = required.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0) return ("", required);
        var op = required[..space];
        var text = required[(space + 1)..];
        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number)) return (op, number);
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return (op, date);
        return (op, text);
    }

    private static decimal? Number(object? value) => value switch
    {
        decimal d => d,
        int i => i,
        long l => l,
        double x => (decimal)x,
        _ => null,
    };

    private static string Show(object? value, Language lang) => value switch
    {
        null => lang["values.unknown"],
        DateOnly d => lang.Date(d),
        bool b => lang[b ? "values.yes" : "values.no"],
        string s => s,
        _ when Number(value) is { } n => lang.Number(n),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
