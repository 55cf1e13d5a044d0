using ClusterFinance.Core.Profiles;
using ClusterFinance.Core.Roadmaps;

namespace ClusterFinance.Core.Tests.Roadmaps;

public sealed class NearMissWordingTests
{
    private static IReadOnlyList<string> Actions(RoadmapModel model, string schemeId) =>
        [.. model.NearMisses.Single(n => n.SchemeId == schemeId).Actions.Select(a => a.Text)];

    [Fact]
    public void NearMiss_TwoCountriesWhereThreeAreNeeded_AddOnePartnerFromAThirdCountry()
    {
        // The Vojvodina cluster's Interreg proposal has partners in Serbia and Romania; EUROCLUSTERS needs three countries.
        var model = Roadmaps.Model(Roadmaps.Example("rs-vojvodina-agrifood-cluster"), Roadmaps.GoldenDate);

        Assert.Equal(["add one partner from a third country"], Actions(model, "eu-smp-euroclusters"));
    }

    [Fact]
    public void NearMiss_InRomanian_SameChangeInRomanianWords()
    {
        var model = Roadmaps.Model(Roadmaps.Example("rs-vojvodina-agrifood-cluster"), Roadmaps.GoldenDate, "ro");

        Assert.Equal(["adăugați un partener dintr-o a treia țară"], Actions(model, "eu-smp-euroclusters"));
    }

    [Fact]
    public void NearMiss_TooFewPartnersAndCountries_OneChangeNotTwo()
    {
        // The Iasi SME applies alone; EUROCLUSTERS needs three partners from three countries.
        var model = Roadmaps.Model(Roadmaps.Example("ro-sme-member"), Roadmaps.GoldenDate);

        Assert.Equal(
            ["add 2 partners, each from a country not yet in the consortium (legal entities: 1 now, at least 3 needed; countries: 1 now, at least 3 needed)"],
            Actions(model, "eu-smp-euroclusters"));
    }

    [Fact]
    public void NearMiss_AidIntensityTooHigh_NamesTheAmountAndTheOwnContribution()
    {
        // EUR 170 000 of EUR 200 000 is 85 %; Research-Innovate allows at most 80 %.
        var model = Roadmaps.Model(Roadmaps.Example("ro-nord-est-ict-cluster"), Roadmaps.GoldenDate);

        Assert.Equal(
            ["lower the requested aid to at most 80% of eligible costs: EUR 160,000 of EUR 200,000 (now 85%), with an own contribution of EUR 40,000"],
            Actions(model, "gr-competitiveness-research-innovate"));
    }

    [Fact]
    public void NearMiss_ConsortiumTooSmall_SaysHowManyPartnersToAdd()
    {
        var model = Roadmaps.Model(Roadmaps.Example("bg-plovdiv-mechatronics-cluster"), Roadmaps.GoldenDate);

        // I3 Strand 1 needs five partners from five regions; the Plovdiv proposal has four of each.
        Assert.Equal(
            ["add one more partner to the consortium (it has 4; at least 5 are needed)", "add one partner from another region (the consortium covers 4; at least 5 are needed)"],
            Actions(model, "eu-erdf-i3"));
    }

    [Fact]
    public void NearMiss_ExpiredLabel_RenewTheLabel()
    {
        // The Slovak cluster call asks for an ESCA label valid on submission (or expired less than three months before).
        var asOf = new DateOnly(2020, 5, 15);
        var profile = new Profile
        {
            Organisation = new Organisation { Country = "SK", LegalForm = "association", NationalLegalForm = "SK:zaujmove-zdruzenie-pravnickych-osob" },
            Cluster = new ClusterData
            {
                IsClusterOrganisation = true,
                ExcellenceLabel = new ExcellenceLabel { Level = "bronze", AssessedOn = new DateOnly(2017, 6, 1), ValidUntil = new DateOnly(2019, 12, 31), Issuer = "ESCA" },
            },
            Application = new Application { RequestedAidEur = 150_000, EligibleCostsEur = 200_000, DurationMonths = 36 },
        };
        var report = Repository.Engine.Evaluate(profile, asOf, ["sk-mhsr-cluster-support"]);
        var schemes = Repository.Engine.Schemes.ToDictionary(s => s.Id);

        var nearMiss = Assert.Single(NearMissWording.Describe(profile, report.Results.Where(r => r.NearMiss), schemes, Repository.Lookups, asOf, Roadmaps.Language("en")));

        // Either branch of the criterion would do: one change, not two.
        Assert.Equal(["renew the ESCA Bronze label (it expired on 31 December 2019)"], nearMiss.Actions.Select(a => a.Text));
    }

    [Fact]
    public void NearMiss_FewestChangesFirst()
    {
        var model = Roadmaps.Model(Roadmaps.Example("ro-nord-est-ict-cluster"), Roadmaps.GoldenDate);

        var counts = model.NearMisses.Select(n => n.Actions.Count).ToList();
        Assert.Equal(counts.Order(), counts);
        Assert.All(model.NearMisses, n => Assert.NotEmpty(n.Actions));
    }
}
