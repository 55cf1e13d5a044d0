using System.Collections.Concurrent;
using System.Text.Json;
using ClusterFinance.Core.Json;

namespace ClusterFinance.Core.Facts;

/// <summary>
/// The look-up tables of catalogue/lookups/: country sets, region categories per programming period, NUTS
/// regions, the regional aid map and Interreg programme areas. Each table names its legal source and period.
/// </summary>
public sealed class Lookups
{
    public required IReadOnlyList<CountrySet> CountrySets { get; init; }
    public required IReadOnlyList<RegionCategoryPeriod> RegionCategories { get; init; }
    public required IReadOnlyList<NutsRegion> Nuts2Regions { get; init; }
    public IReadOnlyList<NutsRegion> Nuts3Regions { get; init; } = [];
    public required IReadOnlyList<RegionalAidArea> RegionalAidAreas { get; init; }
    public required IReadOnlyList<ProgrammeArea> ProgrammeAreas { get; init; }

    public static Lookups Empty { get; } = new()
    {
        CountrySets = [], RegionCategories = [], Nuts2Regions = [], RegionalAidAreas = [], ProgrammeAreas = [],
    };

    /// <summary>The file names of the tables, as they sit in catalogue/lookups/.</summary>
    public static IReadOnlyList<string> FileNames { get; } =
        ["country-sets.json", "region-categories.json", "nuts2-regions.json", "regional-aid-map-ro-2022-2027.json", "programme-areas.json"];

    public static Lookups Load(string directory) =>
        Parse(name =>
        {
            var path = Path.Combine(directory, name);
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }, directory);

    /// <summary>Reads the tables through <paramref name="read"/> (file name to JSON text, null when missing).</summary>
    public static Lookups Parse(Func<string, string?> read, string origin)
    {
        T Read<T>(string file) where T : class
        {
            var where = Path.Combine(origin, file);
            var json = read(file) ?? throw new CatalogueException(where, "the look-up table is missing");
            try
            {
                return JsonSerializer.Deserialize<T>(json, JsonDefaults.Read)
                    ?? throw new CatalogueException(where, "the look-up table is empty");
            }
            catch (JsonException e)
            {
                throw new CatalogueException(where, $"line {e.LineNumber + 1}: {e.Message}");
            }
        }

        var nuts = Read<NutsRegionsFile>("nuts2-regions.json");
        return new Lookups
        {
            CountrySets = Read<CountrySetsFile>("country-sets.json").Sets,
            RegionCategories = Read<RegionCategoriesFile>("region-categories.json").Periods,
            Nuts2Regions = nuts.Regions,
            Nuts3Regions = nuts.Nuts3 ?? [],
            RegionalAidAreas = Read<RegionalAidMapFile>("regional-aid-map-ro-2022-2027.json").Areas,
            ProgrammeAreas = Read<ProgrammeAreasFile>("programme-areas.json").Programmes,
        };
    }

    // The tables never change once read, and a population has few distinct countries, regions and dates: the
    // answers below are kept, so that computing the facts of many profiles does not scan the tables for each.
    private readonly ConcurrentDictionary<(string Country, DateOnly On), IReadOnlyList<string>> setsOf = new();
    private readonly ConcurrentDictionary<(string Period, string Nuts2), string?> regionCategory = new();
    private readonly ConcurrentDictionary<(string? Nuts2, string? Nuts3), IReadOnlyList<string>> programmeAreasOf = new();
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> programmeAreasSplitting = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, decimal?> aidIntensity = new(StringComparer.Ordinal);

    /// <summary>
    /// The cache, emptied first when it has grown past a bound: its keys come from profiles (any date, any code that
    /// fits the schema), and a long-running service must not grow with every new one.
    /// </summary>
    private static TValue Kept<TKey, TValue>(ConcurrentDictionary<TKey, TValue> cache, TKey key, Func<TKey, Lookups, TValue> answer, Lookups self)
        where TKey : notnull
    {
        if (cache.TryGetValue(key, out var known)) return known;
        if (cache.Count > 50_000) cache.Clear();
        return cache.GetOrAdd(key, answer, self);
    }

    /// <summary>The ids of the sets that hold the country on the date.</summary>
    public IReadOnlyList<string> SetsOf(string country, DateOnly on) =>
        Kept(setsOf, (Country: country, On: on), static (key, self) => [.. self.CountrySets.Where(s => s.Holds(key.Country, key.On)).Select(s => s.Id)], this);

    /// <summary>The maximum aid intensity for large enterprises in the NUTS 2 region under the regional aid map, or null.</summary>
    public decimal? RegionalAidMaxIntensityLargePct(string nuts2) =>
        Kept(aidIntensity, nuts2, static (region, self) => self.RegionalAidAreas.FirstOrDefault(a => a.Nuts2 == region)?.MaxIntensityLargePct, this);

    public bool InSet(string setId, string country, DateOnly on) =>
        (setsById ??= CountrySets.ToDictionary(s => s.Id, StringComparer.Ordinal)).TryGetValue(setId, out var set) && set.Holds(country, on);

    private Dictionary<string, CountrySet>? setsById;

    /// <summary>
    /// "less-developed", "transition" or "more-developed" from the period's table; "not-covered" for a region outside
    /// the EU; null for an EU region the table does not list yet (unknown, not a verdict).
    /// </summary>
    public string? RegionCategory(string period, string nuts2) =>
        Kept(regionCategory, (Period: period, Nuts2: nuts2), static (key, self) => self.FindRegionCategory(key.Period, key.Nuts2), this);

    private string? FindRegionCategory(string period, string nuts2)
    {
        var table = RegionCategories.FirstOrDefault(p => p.Period == period);
        if (table is not null && table.Categories.TryGetValue(nuts2, out var category)) return category;
        var country = nuts2.Length >= 2 ? (nuts2[..2] == "EL" ? "GR" : nuts2[..2]) : "";
        var inEu = CountrySets.FirstOrDefault(s => s.Id == "eu-member-states")?.Versions.Any(v => v.Countries.Contains(country)) ?? false;
        return inEu ? null : "not-covered";
    }

    /// <summary>The programme areas that certainly hold the region (its NUTS 3 code when given, else its NUTS 2).</summary>
    public IReadOnlyList<string> ProgrammeAreasOf(string? nuts2, string? nuts3) =>
        Kept(programmeAreasOf, (Nuts2: nuts2, Nuts3: nuts3), static (key, self) =>
            [.. self.ProgrammeAreas.Where(p => p.Regions.Any(r =>
                    (key.Nuts3 is not null && key.Nuts3.StartsWith(r, StringComparison.Ordinal)) ||
                    (key.Nuts2 is not null && key.Nuts2.StartsWith(r, StringComparison.Ordinal))))
                .Select(p => p.Id)], this);

    /// <summary>The programme areas that take in only part of a NUTS 2 region: without a NUTS 3 code, membership is unknown.</summary>
    public IReadOnlyList<string> ProgrammeAreasSplitting(string nuts2) =>
        Kept(programmeAreasSplitting, nuts2, static (region, self) =>
            [.. self.ProgrammeAreas.Where(p => !p.Regions.Any(r => region.StartsWith(r, StringComparison.Ordinal))
                                               && p.Regions.Any(r => r.Length > region.Length && r.StartsWith(region, StringComparison.Ordinal)))
                .Select(p => p.Id)], this);

    public bool IsKnownSet(string id) => CountrySets.Any(s => s.Id == id);

    /// <summary>A NUTS 2 or NUTS 3 code of the tables, or a two-letter country prefix.</summary>
    public bool IsKnownRegion(string code) =>
        code.Length == 2 || Nuts2Regions.Any(r => r.Code == code) || Nuts3Regions.Any(r => r.Code == code);
}

public sealed class CatalogueException(string path, string message) : Exception($"{path}: {message}")
{
    public string FilePath { get; } = path;
}

public sealed record CountrySet
{
    public required string Id { get; init; }
    public string? Name { get; init; }
    public string? LegalSource { get; init; }
    public string? SourceUrl { get; init; }
    public DateOnly? FactsAsOf { get; init; }
    public bool Verified { get; init; } = true;
    public string? Note { get; init; }
    public required IReadOnlyList<CountrySetVersion> Versions { get; init; }

    public bool Holds(string country, DateOnly on)
    {
        membership ??= [.. Versions.Select(v => (v.ValidFrom, v.ValidTo, new HashSet<string>(v.Countries, StringComparer.Ordinal)))];
        foreach (var (from, to, countries) in membership)
            if (from <= on && (to is null || on <= to) && countries.Contains(country)) return true;
        return false;
    }

    private (DateOnly From, DateOnly? To, HashSet<string> Countries)[]? membership;
}

public sealed record CountrySetVersion
{
    public required DateOnly ValidFrom { get; init; }
    public DateOnly? ValidTo { get; init; }
    public required IReadOnlyList<string> Countries { get; init; }
}

public sealed record RegionCategoryPeriod
{
    public required string Period { get; init; }
    public string? LegalSource { get; init; }
    public string? SourceUrl { get; init; }
    public DateOnly? FactsAsOf { get; init; }
    public bool Verified { get; init; } = true;
    public string? Note { get; init; }
    public required IReadOnlyDictionary<string, string> Categories { get; init; }
}

public sealed record NutsRegion
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public string? Country { get; init; }
    public string? Nuts2 { get; init; }
    public string? Note { get; init; }
}

public sealed record RegionalAidArea
{
    public required string Nuts2 { get; init; }
    public string? AreaType { get; init; }
    public decimal? MaxIntensityLargePct { get; init; }
    public decimal? SmeBonusMediumPp { get; init; }
    public decimal? SmeBonusSmallPp { get; init; }
    public bool Verified { get; init; } = true;
    public string? Note { get; init; }
}

public sealed record ProgrammeArea
{
    public required string Id { get; init; }
    public string? Name { get; init; }
    public string? LegalSource { get; init; }
    public string? SourceUrl { get; init; }
    public DateOnly? FactsAsOf { get; init; }
    public string? Period { get; init; }
    public bool Verified { get; init; } = true;
    public string? Note { get; init; }
    public required IReadOnlyList<string> Regions { get; init; }
}

internal sealed record CountrySetsFile(IReadOnlyList<CountrySet> Sets);
internal sealed record RegionCategoriesFile(IReadOnlyList<RegionCategoryPeriod> Periods);
internal sealed record NutsRegionsFile(string? Version, string? LegalSource, string? SourceUrl, IReadOnlyList<NutsRegion> Regions, IReadOnlyList<NutsRegion>? Nuts3, string? Note);
internal sealed record RegionalAidMapFile(string? LegalSource, string? SourceUrl, string? Period, DateOnly? FactsAsOf, IReadOnlyList<RegionalAidArea> Areas, string? Note);
internal sealed record ProgrammeAreasFile(IReadOnlyList<ProgrammeArea> Programmes, string? Note);
