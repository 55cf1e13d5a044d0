using System.Text.Json.Nodes;
using ClusterFinance.Core.Catalogue;
using ClusterFinance.Core.Evaluation;

namespace ClusterFinance.Core.Roadmaps;

/// <summary>
/// The facts to collect for the undetermined schemes, the most useful first: a fact that decides more schemes comes
/// before one that decides fewer, then the one that settles more schemes on its own, then the one that bears on more
/// funding (the schemes' maximum amounts).
/// </summary>
public static class FactRanking
{
    public static IReadOnlyList<FactToCollect> Rank(IReadOnlyList<SchemeResult> undetermined, IReadOnlyDictionary<string, Scheme> schemes, Language lang)
    {
        var byFact = new Dictionary<string, List<(string SchemeId, bool Alone)>>(StringComparer.Ordinal);
        foreach (var result in undetermined)
        {
            var missing = RoadmapBuilder.MissingPaths(result).Where(p => !IsCatalogueGap(p)).Distinct(StringComparer.Ordinal).ToList();
            foreach (var path in missing)
            {
                if (!byFact.TryGetValue(path, out var list)) byFact[path] = list = [];
                list.Add((result.SchemeId, missing.Count == 1));
            }
        }
        var labels = lang.Strings["facts"] as JsonObject;
        return [.. byFact
            .Select(kv => (Path: kv.Key, Schemes: kv.Value,
                Funding: kv.Value.Sum(s => schemes.TryGetValue(s.SchemeId, out var scheme) ? scheme.Amounts?.MaxEur ?? 0 : 0)))
            .OrderByDescending(x => x.Schemes.Count)
            .ThenByDescending(x => x.Schemes.Count(s => s.Alone))
            .ThenByDescending(x => x.Funding)
            .ThenBy(x => x.Path, StringComparer.Ordinal)
            .Select((x, i) => new FactToCollect
            {
                Rank = i + 1,
                Path = x.Path,
                Label = labels?[x.Path]?.GetValue<string>() ?? x.Path,
                SchemeIds = [.. x.Schemes.Select(s => s.SchemeId)],
                Schemes = x.Schemes.Count,
                SettlesAlone = x.Schemes.Count(s => s.Alone),
                FundingEur = x.Funding,
            })];
    }

    /// <summary>A value the catalogue, not the profile, must give: a gap for the catalogue's maintainers.</summary>
    public static bool IsCatalogueGap(string path) =>
        path.StartsWith("context.", StringComparison.Ordinal) || path.StartsWith("lookups.", StringComparison.Ordinal);

}
