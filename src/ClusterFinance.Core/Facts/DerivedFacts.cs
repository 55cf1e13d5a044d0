using System.Linq.Dynamic.Core.CustomTypeProviders;

namespace ClusterFinance.Core.Facts;

/// <summary>
/// Facts computed once per profile and evaluation date and offered to every rule as <c>facts</c>.
/// A null member is unknown: <see cref="MissingInputs"/> names the profile paths that would settle it.
/// </summary>
[DynamicLinqType] // rules may call its methods, such as ConsortiumCountriesIn
public sealed class DerivedFacts
{
    // SME test, Commission Recommendation 2003/361/EC, partner and linked enterprises aggregated.
    /// <summary>"micro", "small", "medium" or "large".</summary>
    public string? SmeSizeClass { get; init; }
    public bool? IsSme { get; init; }
    public decimal? AggregatedStaffAwu { get; init; }
    public decimal? AggregatedTurnoverEur { get; init; }
    public decimal? AggregatedBalanceSheetEur { get; init; }

    // Age of the organisation on the evaluation date.
    public int? AgeYears { get; init; }
    public int? AgeMonths { get; init; }

    // De minimis, Regulation (EU) 2023/2831: rolling three years, single undertaking, granting state.
    public decimal? DeMinimisReceived3yEur { get; init; }
    public decimal? DeMinimisHeadroomEur { get; init; }
    public decimal? DeMinimisHeadroomAfterRequestEur { get; init; }

    // Region of the organisation's NUTS 2 code.
    /// <summary>"less-developed", "transition", "more-developed" or "not-covered" (outside cohesion policy).</summary>
    public string? RegionCategory2014 { get; init; }
    public string? RegionCategory2021 { get; init; }
    public decimal? RegionalAidMaxIntensityPct { get; init; }

    // Country sets and programme areas the organisation's country and region belong to.
    public IReadOnlyList<string>? CountrySets { get; init; }
    public IReadOnlyList<string>? ProgrammeAreas { get; init; }
    /// <summary>Programme areas that take in only part of the organisation's NUTS 2 region while its NUTS 3 code is not given.</summary>
    public IReadOnlyList<string> UndecidedProgrammeAreas { get; init; } = [];

    // Labels and qualifications valid on the evaluation date.
    public bool? ExcellenceLabelValid { get; init; }
    /// <summary>0 none or expired, 1 bronze, 2 silver, 3 gold.</summary>
    public int? ExcellenceLabelRank { get; init; }
    public int? ExcellenceLabelDaysLeft { get; init; }
    public IReadOnlyList<string>? ValidNationalQualifications { get; init; }

    // Cluster membership.
    public int? MemberTypes { get; init; }
    public int? MemberCompanies { get; init; }
    public int? MemberSmes { get; init; }
    public int? MemberResearchBodies { get; init; }

    // Consortium of the application: the applicant plus its listed partners.
    public int? ConsortiumSize { get; init; }
    public int? ConsortiumCountries { get; init; }
    public int? ConsortiumPartnersInEu { get; init; }
    public int? ConsortiumCountriesInEu { get; init; }
    public int? ConsortiumCountriesInHorizonEurope { get; init; }
    public int? ConsortiumPartnersInLessDevelopedOrTransition { get; init; }
    /// <summary>The same under the 2014-2020 region categories, for calls of that period.</summary>
    public int? ConsortiumPartnersInLessDevelopedOrTransition2014 { get; init; }
    /// <summary>The distinct countries of the consortium (applicant included).</summary>
    public IReadOnlyList<string>? ConsortiumCountryCodes { get; init; }
    public int? ConsortiumRegions { get; init; }
    public int? ConsortiumClusterOrganisations { get; init; }

    // The application's money.
    public decimal? RequestedIntensityPct { get; init; }

    /// <summary>Distinct consortium countries (applicant included) in a country set of catalogue/lookups on the evaluation date.</summary>
    public int? ConsortiumCountriesIn(string countrySet)
    {
        if (ConsortiumCountryCodes is not { } codes) return null;
        // A rule reads it for the presence test, the condition and the gap: count once per set.
        countriesIn ??= new Dictionary<string, int>(StringComparer.Ordinal);
        if (!countriesIn.TryGetValue(countrySet, out var count))
            countriesIn[countrySet] = count = codes.Count(c => Lookups.InSet(countrySet, c, AsOf));
        return count;
    }

    private Dictionary<string, int>? countriesIn;

    internal Lookups Lookups { get; init; } = Lookups.Empty;
    internal DateOnly AsOf { get; init; }

    /// <summary>For each unknown fact (camelCase name), the profile paths that would settle it.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> MissingInputs { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>();
}
