using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ClusterFinance.Api.Tests;

public class CatalogueApiTests(ApiHost api) : IClassFixture<ApiHost>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<JsonElement> Get(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await api.Client().GetAsync(url, Cancel);
        Assert.Equal(expected, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
    }

    [Fact]
    public async Task Health_ReportsDatabaseAndCatalogue()
    {
        var health = await Get("/health");

        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.True(health.GetProperty("database").GetProperty("upToDate").GetBoolean());
        Assert.Equal(Directory.GetFiles(Path.Combine(ApiHost.Root, "rules"), "*.tests.json").Length,
            health.GetProperty("catalogue").GetProperty("schemesInForce").GetInt32());
    }

    [Fact]
    public async Task Start_CompilesTheRulesInForceInTheBackground()
    {
        // Requests are answered from the start (interpreted); the machine code follows without any request asking.
        var catalogue = (await Get("/health")).GetProperty("catalogue");
        var inForce = catalogue.GetProperty("schemesInForce").GetInt32();
        for (var poll = 0; poll < 600 && catalogue.GetProperty("schemesCompiled").GetInt32() < inForce; poll++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            catalogue = (await Get("/health")).GetProperty("catalogue");
        }

        Assert.Equal(inForce, catalogue.GetProperty("schemesCompiled").GetInt32());
    }

    [Fact]
    public async Task ListSchemes_FiltersAndPages()
    {
        var serbia = await Get("/schemes?country=RS&pageSize=100");
        var ids = serbia.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToList();
        Assert.Contains("rs-if-mini-grants", ids);
        Assert.DoesNotContain("ro-pncdi4-innovation-vouchers", ids);
        Assert.Equal(ids.Count, serbia.GetProperty("total").GetInt32());

        var regional = await Get("/schemes?level=regional&nuts2=RO21");
        Assert.Equal(["ro-pr-nord-est-p1"], regional.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetString()));

        var page = await Get("/schemes?pageSize=5&page=2");
        Assert.Equal(5, page.GetProperty("items").GetArrayLength());
        Assert.True(page.GetProperty("total").GetInt32() > 10);

        var text = await Get("/schemes?q=ClusterXchange");
        Assert.Contains("eu-smp-clusterxchange", text.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetString()));

        var open = await Get("/schemes?status=open&on=2026-06-01&pageSize=100");
        Assert.All(open.GetProperty("items").EnumerateArray(), s => Assert.Equal("open", s.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task GetScheme_HasCallsCriteriaAndCitations()
    {
        var scheme = await Get("/schemes/eu-he-eic-pathfinder-open");

        Assert.Equal("EIC Pathfinder Open", scheme.GetProperty("scheme").GetProperty("name").GetString());
        Assert.Equal(1, scheme.GetProperty("version").GetInt32());
        Assert.NotEmpty(scheme.GetProperty("calls").EnumerateArray());
        Assert.All(scheme.GetProperty("criteria").EnumerateArray(), c => Assert.StartsWith("http", c.GetProperty("citation").GetString(), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/schemes/no-such-scheme", HttpStatusCode.NotFound, "There is no scheme 'no-such-scheme'")]
    [InlineData("/schemes?on=yesterday", HttpStatusCode.BadRequest, "on 'yesterday' is not a date")]
    [InlineData("/schemes?on=0001-01-01", HttpStatusCode.BadRequest, "on '0001-01-01' is outside the years 1900 to 2199")]
    [InlineData("/schemes?pageSize=1000", HttpStatusCode.BadRequest, "pageSize is between 1 and 200")]
    [InlineData("/lookups/planets", HttpStatusCode.NotFound, "There is no look-up table 'planets'")]
    public async Task BadRequests_AreProblemDetailsSayingWhy(string url, HttpStatusCode status, string detail)
    {
        var response = await api.Client().GetAsync(url, Cancel);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lookups_AreServedWithTheirSources()
    {
        var names = await Get("/lookups");
        Assert.Contains("country-sets.json", names.EnumerateArray().Select(n => n.GetString()));

        var sets = await Get("/lookups/country-sets");
        Assert.Contains(sets.GetProperty("sets").EnumerateArray(), s => s.GetProperty("id").GetString() == "eu-member-states" && s.TryGetProperty("legalSource", out _));
    }
}
