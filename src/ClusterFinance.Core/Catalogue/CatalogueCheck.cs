using ClusterFinance.Core.Facts;

namespace ClusterFinance.Core.Catalogue;

/// <summary>One thing in the catalogue a maintainer should look at.</summary>
public sealed record CatalogueFinding(string SchemeId, string Kind, string Message);

/// <summary>
/// What ages or breaks in a catalogue that validates: facts not checked for 18 months, schemes whose last call
/// has passed with no next edition, regions and country sets that the look-up tables do not know, schemes said not
/// to combine with one that the catalogue does not hold.
/// </summary>
public static class CatalogueCheck
{
    public const int StaleAfterMonths = 18;

    public static IReadOnlyList<CatalogueFinding> Run(IEnumerable<Scheme> schemes, Lookups lookups, DateOnly on)
    {
        var findings = new List<CatalogueFinding>();
        var all = schemes.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        var ids = all.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var scheme in all)
        {
            if (!scheme.Legacy && scheme.FactsAsOf.AddMonths(StaleAfterMonths) < on)
                findings.Add(new(scheme.Id, "stale", $"facts as of {scheme.FactsAsOf:yyyy-MM-dd}, more than {StaleAfterMonths} months before {on:yyyy-MM-dd}: check the sources again"));

            if (!scheme.Legacy && scheme.Calls.Count > 0 && CallSchedule.StatusOn(scheme, on) == CallStatus.Closed)
            {
                var last = scheme.Calls.SelectMany(c => c.Deadlines).DefaultIfEmpty().Max();
                findings.Add(new(scheme.Id, "no-next-call", last == default
                    ? "every call is closed and no next edition is recorded (add it, or an 'expected' entry)"
                    : $"the last deadline, {last:yyyy-MM-dd}, has passed and no next edition is recorded (add it, or an 'expected' entry)"));
            }

            foreach (var region in scheme.NutsRegions.Where(r => !lookups.IsKnownRegion(r)))
                findings.Add(new(scheme.Id, "unknown-region", $"NUTS region '{region}' is not in catalogue/lookups/nuts2-regions.json"));

            foreach (var exclusion in scheme.NotCombinableWith.Where(x => !ids.Contains(x.SchemeId)))
                findings.Add(new(scheme.Id, "unknown-exclusion", $"notCombinableWith names '{exclusion.SchemeId}', which the catalogue does not hold: correct the id or remove the entry"));
        }
        return findings;
    }
}
