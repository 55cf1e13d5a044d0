using System.Net;

namespace ClusterFinance.Api.Tests.Page;

/// <summary>The page's files are served at / beside the API and Swagger, without a key; these need no browser.</summary>
public class PageServingTests(ApiHost api) : IClassFixture<ApiHost>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/app.js", "text/javascript")]
    [InlineData("/app.css", "text/css")]
    [InlineData("/i18n/en.json", "application/json")]
    [InlineData("/i18n/ro.json", "application/json")]
    public async Task PageFiles_AreServedWithoutAKey(string path, string mediaType)
    {
        var response = await api.Client().GetAsync(path, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Page_LeavesSwaggerAndTheApiInPlace()
    {
        var client = api.Client();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/swagger/index.html", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/schemes", Cancel)).StatusCode);
        // A path that is neither a file nor a route is still a 404 problem, not the page.
        var missing = await client.GetAsync("/no-such-page", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task StringTables_HaveTheSameKeysInEveryLanguage()
    {
        var en = await Keys("en");
        var ro = await Keys("ro");

        Assert.Empty(en.Except(ro));
        Assert.Empty(ro.Except(en));
    }

    private async Task<HashSet<string>> Keys(string lang)
    {
        var json = await api.Client().GetStringAsync($"/i18n/{lang}.json", Cancel);
        return [.. System.Text.Json.JsonDocument.Parse(json).RootElement.EnumerateObject().Select(p => p.Name)];
    }
}
