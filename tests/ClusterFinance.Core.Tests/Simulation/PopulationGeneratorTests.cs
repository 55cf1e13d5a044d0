using System.Text.Json;
using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Facts;
using ClusterFinance.Core.Json;
using ClusterFinance.Core.Profiles;
using ClusterFinance.Core.Simulation;

namespace ClusterFinance.Core.Tests.Simulation;

public class PopulationGeneratorTests
{
    private static readonly Lazy<PopulationGenerator> Generator =
        new(() => PopulationGenerator.Load(Repository.Path("catalogue", "populations", "distributions.json")));

    private static readonly string[] TargetCountries = ["AL", "AT", "BA", "BG", "GR", "HR", "HU", "IT", "MD", "ME", "MK", "RO", "RS", "SI", "SK"];

    private static string Json(Profile profile) => JsonSerializer.Serialize(profile, JsonDefaults.Write);

    private static List<string> Population(int count, int seed, string? country = null) =>
        [.. Generator.Value.Generate(count, seed, country).Select(Json)];

    [Fact]
    public void Generate_SameSeedAndArguments_GivesIdenticalProfiles()
    {
        Assert.Equal(Population(200, 42), Population(200, 42));
        Assert.Equal(Population(50, 7, "HU"), Population(50, 7, "HU"));
    }

    [Fact]
    public void Generate_DifferentSeeds_GiveDifferentProfiles()
    {
        var a = Population(50, 1);
        var b = Population(50, 2);

        // Ids are the same ("synthetic-00001", ...); the applicants behind them are not.
        Assert.True(a.Zip(b).Count(p => p.First != p.Second) >= 45);
    }

    [Fact]
    public void Generate_LargerPopulation_StartsWithTheSmallerOne()
    {
        // Profile i depends only on the seed and i, so a study can grow its population without changing the first profiles.
        Assert.Equal(Population(20, 5), Population(100, 5).Take(20));
    }

    [Fact]
    public void Generate_ProfileIds_AreNumberedFromOne()
    {
        var ids = Generator.Value.Generate(3, 9).Select(p => p.ProfileId).ToList();

        Assert.Equal(["synthetic-00001", "synthetic-00002", "synthetic-00003"], ids);
    }

    [Theory]
    [InlineData("HU", "HU")]
    [InlineData("GR", "EL")] // Greece is GR in ISO 3166, EL in NUTS
    [InlineData("ro", "RO")] // the filter is not case-sensitive
    public void Generate_CountryFilter_PutsEveryApplicantInThatCountry(string country, string nutsPrefix)
    {
        var profiles = Generator.Value.Generate(300, 11, country).ToList();

        Assert.All(profiles, p => Assert.Equal(country.ToUpperInvariant(), p.Organisation?.Country));
        Assert.All(profiles.Where(p => p.Organisation?.Nuts2 is not null),
            p => Assert.StartsWith(nutsPrefix, p.Organisation!.Nuts2!, StringComparison.Ordinal));
    }

    [Fact]
    public void Generate_UnknownCountry_IsRefusedWithTheKnownOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => Generator.Value.Generate(10, 1, "FR"));

        Assert.Contains("'FR'", e.Message, StringComparison.Ordinal);
        foreach (var country in TargetCountries) Assert.Contains(country, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_WithoutFilter_DrawsEveryTargetCountryAndBothKinds()
    {
        var profiles = Generator.Value.Generate(2000, 3).ToList();

        Assert.Equal(TargetCountries, profiles.Select(p => p.Organisation!.Country!).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(TargetCountries, Generator.Value.Countries);
        var clusters = profiles.Count(p => p.Cluster?.IsClusterOrganisation == true);
        Assert.InRange(clusters, 1000, 1400); // about 60 %
    }

    [Fact]
    public void Generate_TwoThousandProfiles_AllPassTheSchemaAndConsistencyChecks()
    {
        var failures = Generator.Value.Generate(2000, 20261101)
            .Select(p => (p.ProfileId, ProfileReader.Read(Json(p)).Problems))
            .Where(r => r.Problems.Count > 0)
            .Select(r => $"{r.ProfileId}: {string.Join("; ", r.Problems)}")
            .ToList();

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(20)));
    }

    [Fact]
    public void Generate_Regions_ComeFromTheLookupTable()
    {
        var lookups = Repository.Lookups;
        foreach (var p in Generator.Value.Generate(1000, 8))
        {
            if (p.Organisation?.Nuts2 is { } nuts2) Assert.Contains(lookups.Nuts2Regions, r => r.Code == nuts2);
            if (p.Organisation?.Nuts3 is { } nuts3)
                Assert.Contains(lookups.Nuts3Regions, r => r.Code == nuts3 && (p.Organisation.Nuts2 is null || r.Nuts2 == p.Organisation.Nuts2));
        }
    }

    [Fact]
    public async Task Distributions_ApplicationSchemes_AreInTheCatalogue()
    {
        await using var file = File.OpenRead(Repository.Path("catalogue", "populations", "distributions.json"));
        using var document = await JsonDocument.ParseAsync(file, cancellationToken: TestContext.Current.CancellationToken);
        var ids = document.RootElement.GetProperty("application").GetProperty("schemes").EnumerateArray()
            .Select(s => s.GetProperty("id").GetString()!)
            .ToList();

        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.True(Repository.Engine.Contains(id), $"{id} is not a scheme of the catalogue"));
        Assert.Contains(Generator.Value.Generate(500, 4), p => p.Application?.SchemeId is not null);
    }

    [Fact]
    public void Generate_SomeFactsAreLeftOut_AsInRealProfiles()
    {
        var profiles = Generator.Value.Generate(1000, 6).ToList();

        // Each of these is missing in some profiles (10-20 %), present in most.
        Assert.InRange(profiles.Count(p => p.Organisation?.RegistrationDate is null), 50, 200);
        Assert.InRange(profiles.Count(p => p.FundingHistory is null), 80, 250);
        Assert.InRange(profiles.Count(p => p.Size?.Relationships is null), 100, 300);
    }

    [Fact]
    public void Evaluate_FiveHundredProfiles_GiveEveryKindOfVerdict()
    {
        var verdicts = new Dictionary<SchemeVerdict, int>();
        foreach (var profile in Generator.Value.Generate(500, 99))
        {
            var date = profile.Application?.SubmissionDate ?? profile.AsOf!.Value;
            foreach (var result in Repository.Engine.Evaluate(profile, date).Results)
                verdicts[result.Verdict] = verdicts.GetValueOrDefault(result.Verdict) + 1;
        }

        var total = verdicts.Values.Sum();
        foreach (var verdict in Enum.GetValues<SchemeVerdict>())
            Assert.True(verdicts.GetValueOrDefault(verdict) >= total / 100, $"{verdict}: {verdicts.GetValueOrDefault(verdict)} of {total}");
    }

    [Fact]
    public void Load_BadJson_NamesTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"distributions-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{ "description": "broken", "countries": { "weights": { "RO": 1, } """);
        try
        {
            var e = Assert.Throws<CatalogueException>(() => PopulationGenerator.Load(path));

            Assert.Equal(path, e.FilePath);
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Load_RegionOfAnotherCountry_IsRefusedWithItsPath()
    {
        var original = await File.ReadAllTextAsync(Repository.Path("catalogue", "populations", "distributions.json"), TestContext.Current.CancellationToken);
        var directory = Directory.CreateTempSubdirectory("populations-");
        try
        {
            // The copy sits beside a copy of the NUTS table, as the original does.
            var lookups = Directory.CreateDirectory(Path.Combine(directory.FullName, "lookups"));
            File.Copy(Repository.Path("catalogue", "lookups", "nuts2-regions.json"), Path.Combine(lookups.FullName, "nuts2-regions.json"));
            var populations = Directory.CreateDirectory(Path.Combine(directory.FullName, "populations"));
            var path = Path.Combine(populations.FullName, "distributions.json");
            await File.WriteAllTextAsync(path, original.Replace("\"SI03\": 50", "\"RO11\": 50", StringComparison.Ordinal), TestContext.Current.CancellationToken);

            var e = Assert.Throws<CatalogueException>(() => PopulationGenerator.Load(path));

            Assert.Contains("regions.byCountry.SI.RO11", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
