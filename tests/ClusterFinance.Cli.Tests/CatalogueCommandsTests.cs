using System.Text.Json;

namespace ClusterFinance.Cli.Tests;

public class CatalogueCommandsTests
{
    private static List<JsonElement> ListJson(params string[] options)
    {
        var (code, output, _) = Cli.Run(["catalogue", "list", "--format", "json", .. options]);
        Assert.Equal(0, code);
        return [.. JsonDocument.Parse(output).RootElement.GetProperty("schemes").EnumerateArray()];
    }

    [Fact]
    public void List_Table_ShowsEverySchemeWithStatus()
    {
        var (code, output, _) = Cli.Run("catalogue", "list");

        Assert.Equal(0, code);
        Assert.Contains("Status on 2026-11-26", output, StringComparison.Ordinal);
        Assert.Contains("ro-pr-nord-est-p1", output, StringComparison.Ordinal);
        Assert.Matches(@"\d+ scheme\(s\)\.", output);
    }

    [Fact]
    public void List_Country_KeepsSchemesOpenToThatCountry()
    {
        var ids = ListJson("--country", "RS").Select(s => s.GetProperty("id").GetString()).ToList();

        Assert.Contains("rs-if-mini-grants", ids);
        Assert.Contains("interreg-ipa-ro-rs-2021-2027", ids);
        Assert.DoesNotContain("ro-pncdi4-innovation-vouchers", ids);
    }

    [Theory]
    [InlineData("--level", "regional", "level")]
    [InlineData("--domain", "internationalisation", "domains")]
    public void List_Filter_KeepsOnlyMatchingSchemes(string option, string value, string property)
    {
        var schemes = ListJson(option, value);

        Assert.NotEmpty(schemes);
        Assert.All(schemes, s =>
        {
            var field = s.GetProperty(property);
            Assert.True(field.ValueKind == JsonValueKind.Array ? field.EnumerateArray().Any(v => v.GetString() == value) : field.GetString() == value);
        });
    }

    [Fact]
    public void List_OpenOn_KeepsSchemesWithACallOpenThatDay()
    {
        var schemes = ListJson("--open-on", "2026-06-01");

        Assert.All(schemes, s => Assert.Equal("open", s.GetProperty("status").GetString()));
        Assert.Contains(schemes, s => s.GetProperty("id").GetString() == "eu-erdf-i3");
    }

    [Fact]
    public void List_UnknownLevel_IsAUsageError()
    {
        var (code, _, error) = Cli.Run("catalogue", "list", "--level", "planetary");

        Assert.Equal(2, code);
        Assert.Contains("planetary", error, StringComparison.Ordinal);
    }
}

public class CatalogueShowAndCheckTests
{
    [Fact]
    public void Show_PrintsCriteriaWithCitationsAndManualChecks()
    {
        var (code, output, _) = Cli.Run("catalogue", "show", "sk-mhsr-cluster-support");

        Assert.Equal(0, code);
        Assert.Contains("sk-mhsr-cluster-support", output, StringComparison.Ordinal);
        Assert.Contains("Criteria", output, StringComparison.Ordinal);
        Assert.Contains("facts as of", output, StringComparison.Ordinal);
        Assert.Contains("manual check", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Show_Json_HoldsTheCriteriaTree()
    {
        var (code, output, _) = Cli.Run("catalogue", "show", "eu-smp-clusterxchange", "--format", "json");

        Assert.Equal(0, code);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        var criteria = json.RootElement.GetProperty("criteria").EnumerateArray().ToList();
        Assert.NotEmpty(criteria);
        Assert.All(criteria, c => Assert.False(string.IsNullOrEmpty(c.GetProperty("citation").GetString())));
    }

    [Fact]
    public void Show_UnknownScheme_IsAUsageError()
    {
        var (code, _, error) = Cli.Run("catalogue", "show", "eu-no-such-scheme");

        Assert.Equal(2, code);
        Assert.Contains("unknown scheme 'eu-no-such-scheme'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ReportsFindingsAndExitsOne()
    {
        // On a date far ahead every scheme's facts are stale.
        var (code, output, _) = Cli.Run("catalogue", "check", "--on", "2035-01-01");

        Assert.Equal(1, code);
        Assert.Contains(": stale: facts as of", output, StringComparison.Ordinal);
        Assert.Matches(@"\d+ finding\(s\) and 0 invalid file\(s\) in \d+ scheme\(s\) on 2035-01-01\.", output);
    }
}
