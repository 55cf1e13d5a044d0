using ClusterFinance.Core.Facts;
using ClusterFinance.Core.Profiles;

namespace ClusterFinance.Core.Tests.Facts;

public class FactsCalculatorTests
{
    private static readonly FactsCalculator Calculator = new(Repository.Lookups);

    private static DateOnly Date(string text) => DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2021-11-27", "2026-11-26", 4, 59)]
    [InlineData("2021-11-26", "2026-11-26", 5, 60)]
    [InlineData("2024-02-29", "2025-02-28", 0, 11)]
    public void Age_IsCompletedYearsAndMonthsOnTheDate(string registered, string on, int years, int months)
    {
        var facts = Calculator.Compute(new Profile { Organisation = new Organisation { RegistrationDate = Date(registered) } }, Date(on));

        Assert.Equal(years, facts.AgeYears);
        Assert.Equal(months, facts.AgeMonths);
    }

    [Theory]
    // Nord-Est is less developed in both periods; Bucharest-Ilfov more developed (Decisions 2014/99/EU and 2021/1130).
    [InlineData("RO21", "less-developed", "less-developed")]
    [InlineData("RO32", "more-developed", "more-developed")]
    // Yugozapaden (Sofia) moved up to transition in 2021-2027.
    [InlineData("BG41", "less-developed", "transition")]
    // Serbia is outside cohesion policy.
    [InlineData("RS11", "not-covered", "not-covered")]
    public void RegionCategory_PerProgrammingPeriod(string nuts2, string in2014, string in2021)
    {
        var country = nuts2[..2];
        var facts = Calculator.Compute(new Profile { Organisation = new Organisation { Country = country, Nuts2 = nuts2 } }, Date("2026-11-26"));

        Assert.Equal(in2014, facts.RegionCategory2014);
        Assert.Equal(in2021, facts.RegionCategory2021);
    }

    [Fact]
    public void RegionCategory_OfAnEuRegionNotInTheTable_IsUnknownNotOutside()
    {
        // Poland is not among the tables' countries yet: its regions are undecided, not "not-covered".
        var facts = Calculator.Compute(new Profile { Organisation = new Organisation { Country = "PL", Nuts2 = "PL21" } }, Date("2026-11-26"));

        Assert.Null(facts.RegionCategory2021);
        Assert.Equal(["lookups.region-categories.2021-2027.PL21"], facts.MissingInputs["regionCategory2021"]);
    }

    [Fact]
    public void CountrySets_FollowTheDate()
    {
        var uk = new Profile { Organisation = new Organisation { Country = "GB" } };

        Assert.Contains("eu-member-states", Calculator.Compute(uk, Date("2019-06-01")).CountrySets!);
        Assert.DoesNotContain("eu-member-states", Calculator.Compute(uk, Date("2021-06-01")).CountrySets!);

        var serbia = Calculator.Compute(new Profile { Organisation = new Organisation { Country = "RS" } }, Date("2026-11-26")).CountrySets!;
        Assert.Contains("horizon-europe-associated", serbia);
        Assert.DoesNotContain("eu-member-states", serbia);
    }

    [Theory]
    [InlineData("2027-05-31", true, 1, 0)]
    [InlineData("2027-06-01", false, 0, -1)]
    public void ExcellenceLabel_ValidUntilItsLastDay(string on, bool valid, int rank, int daysLeft)
    {
        var profile = new Profile
        {
            Cluster = new ClusterData { ExcellenceLabel = new ExcellenceLabel { Level = "bronze", AssessedOn = Date("2025-05-15"), ValidUntil = Date("2027-05-31") } },
        };
        var facts = Calculator.Compute(profile, Date(on));

        Assert.Equal(valid, facts.ExcellenceLabelValid);
        Assert.Equal(rank, facts.ExcellenceLabelRank);
        Assert.Equal(daysLeft, facts.ExcellenceLabelDaysLeft);
    }

    [Fact]
    public void ExcellenceLabel_NoneIsKnownFalse_MissingIsUnknown()
    {
        var none = Calculator.Compute(new Profile { Cluster = new ClusterData { ExcellenceLabel = new ExcellenceLabel { Level = "none" } } }, Date("2026-01-01"));
        Assert.False(none.ExcellenceLabelValid);
        Assert.Equal(0, none.ExcellenceLabelRank);

        var missing = Calculator.Compute(new Profile { Cluster = new ClusterData() }, Date("2026-01-01"));
        Assert.Null(missing.ExcellenceLabelValid);
        Assert.Equal(["cluster.excellenceLabel"], missing.MissingInputs["excellenceLabelValid"]);
    }

    [Fact]
    public void MemberTypes_CountIndustryResearchPublicAndOther()
    {
        var members = new MemberCounts { Micro = 10, Small = 5, Universities = 1, PublicBodies = 0, Other = 2 };
        var facts = Calculator.Compute(new Profile { Cluster = new ClusterData { Members = members } }, Date("2026-01-01"));

        Assert.Equal(3, facts.MemberTypes);
        Assert.Equal(15, facts.MemberCompanies);
        Assert.Equal(15, facts.MemberSmes);
        Assert.Equal(1, facts.MemberResearchBodies);
    }

    [Fact]
    public void Consortium_StatisticsIncludeTheApplicant()
    {
        var profile = new Profile
        {
            Organisation = new Organisation { Country = "SI", Nuts2 = "SI04" },
            Cluster = new ClusterData { IsClusterOrganisation = true },
            Application = new Application
            {
                Consortium =
                [
                    new ConsortiumPartner { Country = "HR", Nuts2 = "HR03", EntityType = "university" },
                    new ConsortiumPartner { Country = "RS", Nuts2 = "RS11", EntityType = "cluster_organisation" },
                    new ConsortiumPartner { Country = "HR", Nuts2 = "HR03", EntityType = "sme" },
                ],
            },
        };
        var facts = Calculator.Compute(profile, Date("2026-11-26"));

        Assert.Equal(4, facts.ConsortiumSize);
        Assert.Equal(3, facts.ConsortiumCountries);
        Assert.Equal(3, facts.ConsortiumPartnersInEu);
        Assert.Equal(2, facts.ConsortiumCountriesInEu);
        Assert.Equal(3, facts.ConsortiumCountriesInHorizonEurope);
        Assert.Equal(3, facts.ConsortiumRegions);
        Assert.Equal(2, facts.ConsortiumPartnersInLessDevelopedOrTransition); // both Adriatic Croatia partners
        Assert.Equal(2, facts.ConsortiumClusterOrganisations);
    }

    [Fact]
    public void Consortium_PartnerWithoutCountry_LeavesCountryStatisticsUnknown()
    {
        var profile = new Profile
        {
            Organisation = new Organisation { Country = "RO" },
            Application = new Application { Consortium = [new ConsortiumPartner { Name = "somebody" }] },
        };
        var facts = Calculator.Compute(profile, Date("2026-11-26"));

        Assert.Equal(2, facts.ConsortiumSize);
        Assert.Null(facts.ConsortiumCountries);
        Assert.Equal(["application.consortium[0].country"], facts.MissingInputs["consortiumCountries"]);
    }

    [Fact]
    public void RequestedIntensity_IsNotRounded()
    {
        // One euro above 70 % must stay above 70 %.
        var profile = new Profile { Application = new Application { RequestedAidEur = 700_001, EligibleCostsEur = 1_000_000 } };

        Assert.True(Calculator.Compute(profile, Date("2026-01-01")).RequestedIntensityPct > 70m);
    }
}
