using ClusterFinance.Core.Profiles;

namespace ClusterFinance.Core.Tests.Profiles;

public class ProfileReaderTests
{
    [Fact]
    public void Read_EveryProblem_IsReportedAtOnceWithItsJsonPath()
    {
        // An unknown property, a string where a number belongs and a negative count: three problems, one pass.
        var result = ProfileReader.Read("""
            {
              "organisation": { "country": "RO", "colour": "blue" },
              "size": { "staffHeadcountAwu": "twelve" },
              "cluster": { "members": { "total": -3 } }
            }
            """);

        Assert.Null(result.Profile);
        var paths = result.Problems.Select(p => p.Path).ToList();
        Assert.Contains("$.organisation.colour", paths);
        Assert.Contains("$.size.staffHeadcountAwu", paths);
        Assert.Contains("$.cluster.members.total", paths);
        Assert.Contains(result.Problems, p => p.Path == "$.organisation.colour" && p.Message == "is not a known property");
    }

    [Fact]
    public void Read_NumberBeyondAnyAmount_IsAProblemAtItsPath()
    {
        // Inside a list whose items must differ, such a number once made the schema evaluator throw.
        var result = ProfileReader.Read("""{ "cluster": { "naceCodes": ["62.01", 1e30] }, "finance": { "equityEur": 1e40 } }""");

        Assert.Null(result.Profile);
        Assert.Equal(["$.cluster.naceCodes[1]", "$.finance.equityEur"], result.Problems.Select(p => p.Path));
    }

    [Fact]
    public void Read_LineBreakInACode_IsAProblemAtItsPath()
    {
        var result = ProfileReader.Read("""{ "organisation": { "country": "RO\n", "name": "Cluster\tTIC" } }""");

        Assert.Null(result.Profile);
        Assert.Equal(["$.organisation.country", "$.organisation.name"], result.Problems.Select(p => p.Path));
    }

    [Fact]
    public void Read_ControlCharacterWrittenWithoutEscape_IsAProblemAtItsPath()
    {
        // JSON lets C1 controls and DEL stand unescaped inside strings; they are control characters all the same.
        var result = ProfileReader.Read("{ \"organisation\": { \"name\": \"Cluster\u0085TIC\", \"nuts2\": \"RO\u007f\" } }");

        Assert.Null(result.Profile);
        Assert.Contains(result.Problems, p => p.Path == "$.organisation.name" && p.Message.Contains("control character", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Path == "$.organisation.nuts2");
    }

    [Fact]
    public void Read_BytesThatAreNotUtf8_AreRefusedWithAProblem()
    {
        byte[] latin1 = [.. "{ \"organisation\": { \"country\": \"B"u8, 0xFF, .. "G\" } }"u8];

        var problem = Assert.Single(ProfileReader.Read(latin1).Problems);

        Assert.Equal("$", problem.Path);
        Assert.Contains("UTF-8", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BytesWithAByteOrderMark_ReadAsTheSameText()
    {
        var text = File.ReadAllText(Repository.Path("examples", "profiles", "ro-nord-est-ict-cluster.json"));
        byte[] withMark = [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(text)];

        var fromBytes = ProfileReader.Read(withMark);

        Assert.True(fromBytes.IsValid);
        Assert.Equal(
            System.Text.Json.JsonSerializer.Serialize(ProfileReader.Read(text).Profile, ClusterFinance.Core.Json.JsonDefaults.Write),
            System.Text.Json.JsonSerializer.Serialize(fromBytes.Profile, ClusterFinance.Core.Json.JsonDefaults.Write));
    }

    [Fact]
    public void Read_NutsCodeOfAnotherCountry_IsRefused()
    {
        var result = ProfileReader.Read("""{ "organisation": { "country": "RS", "nuts2": "RO42" } }""");

        var problem = Assert.Single(result.Problems);
        Assert.Equal("$.organisation.nuts2", problem.Path);
        Assert.Contains("not a region of RS", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_GreekRegion_UsesTheElPrefix()
    {
        // Greece is GR in ISO 3166 but EL in NUTS.
        Assert.True(ProfileReader.Read("""{ "organisation": { "country": "GR", "nuts2": "EL52" } }""").IsValid);
        Assert.False(ProfileReader.Read("""{ "organisation": { "country": "GR", "nuts2": "GR52" } }""").IsValid);
    }

    [Theory]
    [InlineData("""{ "organisation": { "registrationDate": "2026-02-30" } }""", "$.organisation.registrationDate")]
    [InlineData("""{ "cluster": { "members": { "total": 5, "micro": 4, "small": 3 } } }""", "$.cluster.members.total")]
    [InlineData("""{ "cluster": { "excellenceLabel": { "level": "bronze", "assessedOn": "2025-01-01", "validUntil": "2024-01-01" } } }""", "$.cluster.excellenceLabel.validUntil")]
    [InlineData("""{ "organisation": { "ownership": { "publicPct": 150 } } }""", "$.organisation.ownership.publicPct")]
    [InlineData("""{ "application": { "consortium": [ { "country": "HR", "nuts2": "SI03" } ] } }""", "$.application.consortium[0].nuts2")]
    [InlineData("""{ "cluster": { "excellenceLabel": { "level": "platinum" } } }""", "$.cluster.excellenceLabel.level")]
    // An escaped half of a character (a lone surrogate) is valid JSON syntax but no text: named, not a failure.
    [InlineData("""{ "organisation": { "name": "Cluster \ud800 TIC" } }""", "$.organisation.name")]
    [InlineData("""{ "cluster": { "naceCodes": ["J62", "\udc00"] } }""", "$.cluster.naceCodes[1]")]
    public void Read_ImpossibleValue_NamesItsPath(string json, string path)
    {
        var result = ProfileReader.Read(json);

        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, p => p.Path == path);
    }

    [Fact]
    public void Read_InvalidJson_GivesTheLine()
    {
        var result = ProfileReader.Read("{\n  \"organisation\": {\n    \"country\": \"RO\",,\n  }\n}");

        var problem = Assert.Single(result.Problems);
        Assert.Contains("line 3", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingFacts_StayUnknownNotZero()
    {
        var profile = ProfileReader.Read("""{ "cluster": { "members": { "total": 20 } } }""").Profile!;

        Assert.Equal(20, profile.Cluster!.Members!.Total);
        Assert.Null(profile.Cluster.Members.Micro);
        Assert.Null(profile.Size);
        Assert.Null(profile.FundingHistory);
    }

    public static TheoryData<string> ExampleProfiles() =>
        [.. Directory.GetFiles(Repository.Path("examples", "profiles"), "*.json").Select(Path.GetFileName).OfType<string>()];

    [Theory]
    [MemberData(nameof(ExampleProfiles))]
    public void Read_ExampleProfile_IsValid(string file)
    {
        var result = ProfileReader.Read(File.ReadAllText(Repository.Path("examples", "profiles", file)));

        Assert.Empty(result.Problems);
    }
}
