using ClusterFinance.Core.Profiles;

namespace ClusterFinance.Core.Facts;

/// <summary>Statistics of a proposal's consortium: the applicant organisation plus the partners it lists.</summary>
public sealed record ConsortiumStatistics
{
    public int? Size { get; init; }
    public int? Countries { get; init; }
    public int? PartnersInEu { get; init; }
    public int? CountriesInEu { get; init; }
    public int? CountriesInHorizonEurope { get; init; }
    public int? PartnersInLessDevelopedOrTransition { get; init; }
    public int? PartnersInLessDevelopedOrTransition2014 { get; init; }
    public int? Regions { get; init; }
    public IReadOnlyList<string>? CountryCodes { get; init; }
    public int? ClusterOrganisations { get; init; }
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> MissingInputs { get; init; }

    private const string Eu = "eu-member-states";

    /// <summary>Members in less developed or transition regions; unknown when the table lacks an EU region.</summary>
    private static int? CountLessDeveloped(IEnumerable<string> regions, string period, Lookups lookups, Dictionary<string, IReadOnlyList<string>> missing, string fact)
    {
        var categories = regions.Select(r => (Region: r, Category: lookups.RegionCategory(period, r))).ToList();
        var unlisted = categories.Where(c => c.Category is null).Select(c => $"lookups.region-categories.{period}.{c.Region}").ToList();
        if (unlisted.Count > 0)
        {
            missing[fact] = unlisted;
            return null;
        }
        return categories.Count(c => c.Category is "less-developed" or "transition");
    }
    private const string Horizon = "horizon-europe-eligible";

    public static ConsortiumStatistics Compute(Profile profile, DateOnly asOf, Lookups lookups)
    {
        var missing = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        string[] all = ["consortiumSize", "consortiumCountries", "consortiumPartnersInEu", "consortiumCountriesInEu",
            "consortiumCountriesInHorizonEurope", "consortiumPartnersInLessDevelopedOrTransition", "consortiumPartnersInLessDevelopedOrTransition2014",
            "consortiumRegions", "consortiumClusterOrganisations", "consortiumCountryCodes", "consortiumCountriesIn"];
        if (profile.Application?.Consortium is not { } partners)
        {
            foreach (var fact in all) missing[fact] = ["application.consortium"];
            return new ConsortiumStatistics { MissingInputs = missing };
        }

        var members = new List<(string Path, string? Country, string? Nuts2, bool? Cluster)>
        {
            ("organisation", profile.Organisation?.Country, profile.Organisation?.Nuts2, profile.Cluster?.IsClusterOrganisation),
        };
        for (var i = 0; i < partners.Count; i++)
        {
            var p = partners[i];
            bool? cluster = p.EntityType == "cluster_organisation" ? true : p.IsClusterOrganisation ?? (p.EntityType is null ? null : false);
            members.Add(($"application.consortium[{i}]", p.Country, p.Nuts2, cluster));
        }

        var countryGaps = members.Where(m => m.Country is null).Select(m => m.Path + ".country").ToList();
        var regionGaps = members.Where(m => m.Nuts2 is null).Select(m => m.Path + ".nuts2").ToList();
        var clusterGaps = members.Where(m => m.Cluster is null)
            .Select(m => m.Path == "organisation" ? "cluster.isClusterOrganisation" : m.Path + ".entityType").ToList();

        int? countries = null, inEu = null, countriesInEu = null, countriesInHorizon = null, lessDeveloped = null, lessDeveloped2014 = null, regions = null, clusters = null;
        IReadOnlyList<string>? countryCodes = null;
        if (countryGaps.Count == 0)
        {
            var distinct = members.Select(m => m.Country!).Distinct().ToList();
            countryCodes = distinct;
            countries = distinct.Count;
            inEu = members.Count(m => lookups.InSet(Eu, m.Country!, asOf));
            countriesInEu = distinct.Count(c => lookups.InSet(Eu, c, asOf));
            countriesInHorizon = distinct.Count(c => lookups.InSet(Horizon, c, asOf));
        }
        else
        {
            foreach (var fact in new[] { "consortiumCountries", "consortiumPartnersInEu", "consortiumCountriesInEu", "consortiumCountriesInHorizonEurope", "consortiumCountryCodes", "consortiumCountriesIn" })
                missing[fact] = countryGaps;
        }
        if (regionGaps.Count == 0)
        {
            regions = members.Select(m => m.Nuts2).Distinct().Count();
            lessDeveloped = CountLessDeveloped(members.Select(m => m.Nuts2!), "2021-2027", lookups, missing, "consortiumPartnersInLessDevelopedOrTransition");
            lessDeveloped2014 = CountLessDeveloped(members.Select(m => m.Nuts2!), "2014-2020", lookups, missing, "consortiumPartnersInLessDevelopedOrTransition2014");
        }
        else
        {
            missing["consortiumPartnersInLessDevelopedOrTransition"] = regionGaps;
            missing["consortiumPartnersInLessDevelopedOrTransition2014"] = regionGaps;
            missing["consortiumRegions"] = regionGaps;
        }
        if (clusterGaps.Count == 0) clusters = members.Count(m => m.Cluster == true);
        else missing["consortiumClusterOrganisations"] = clusterGaps;

        return new ConsortiumStatistics
        {
            Size = members.Count,
            Countries = countries,
            PartnersInEu = inEu,
            CountriesInEu = countriesInEu,
            CountriesInHorizonEurope = countriesInHorizon,
            PartnersInLessDevelopedOrTransition = lessDeveloped,
            PartnersInLessDevelopedOrTransition2014 = lessDeveloped2014,
            Regions = regions,
            CountryCodes = countryCodes,
            ClusterOrganisations = clusters,
            MissingInputs = missing,
        };
    }
}
