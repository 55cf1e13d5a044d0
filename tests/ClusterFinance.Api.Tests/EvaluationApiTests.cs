using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClusterFinance.Core.Catalogue;
using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Profiles;

namespace ClusterFinance.Api.Tests;

public class EvaluationApiTests(ApiHost api) : IClassFixture<ApiHost>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Evaluate_GivesTheSameDocumentAsTheCommandLineEngine()
    {
        var json = ApiHost.Example("cross-border-consortium");

        var response = await api.Client().PostAsync("/evaluations?asOf=2026-11-26", ApiHost.Json(json), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var files = EligibilityEngine.Load(new CatalogueSource { Root = ApiHost.Root }, out _);
        var expected = files.Evaluate(ProfileReader.Read(json).Profile!, new DateOnly(2026, 11, 26));
        var results = report.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(expected.Results.Select(r => (r.SchemeId, Verdict(r.Verdict))), results.Select(r => (r.GetProperty("schemeId").GetString()!, r.GetProperty("verdict").GetString()!)));
        // The rule files in force are those of the repository, byte for byte.
        foreach (var (scheme, hash) in expected.Receipt.Rules)
            Assert.Equal(hash, report.GetProperty("receipt").GetProperty("rules").GetProperty(scheme).GetString());
        Assert.Equal(1, report.GetProperty("receipt").GetProperty("versions").GetProperty("eu-he-eic-transition").GetInt32());
    }

    private static string Verdict(SchemeVerdict verdict) => JsonSerializer.SerializeToElement(verdict).GetString()!;

    [Fact]
    public async Task Evaluate_InvalidProfile_Is400WithEveryJsonPath()
    {
        var response = await api.Client().PostAsync("/evaluations",
            ApiHost.Json("""{ "organisation": { "country": "RO", "colour": "red" }, "size": { "staffHeadcountAwu": "many" }, "cluster": { "members": { "total": -1 } } }"""), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var paths = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["$.cluster.members.total", "$.organisation.colour", "$.size.staffHeadcountAwu"], paths.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Evaluate_EscapeOfHalfACharacter_Is400AtItsPath()
    {
        var response = await api.Client().PostAsync("/evaluations",
            ApiHost.Json("""{ "organisation": { "country": "RO", "name": "Cluster \ud800" } }"""), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Equal(["$.organisation.name"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Evaluate_UnknownScheme_Is404()
    {
        var response = await api.Client().PostAsync("/evaluations?scheme=eu-nothing", ApiHost.Json("{}"), Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Evaluate_DatesAtTheEdgesOfTheCalendar_AreAnsweredNotCrashed()
    {
        var outOfRange = await api.Client().PostAsync("/evaluations?asOf=0001-01-01", ApiHost.Json("{}"), Cancel);
        // Without asOf, the date is the application's: a profile may give any date the schema accepts.
        var early = await api.Client().PostAsync("/evaluations", ApiHost.Json("""{ "application": { "submissionDate": "0002-06-01" } }"""), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, outOfRange.StatusCode);
        Assert.Contains("outside the years 1900 to 2199", await outOfRange.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, early.StatusCode);
    }

    [Fact]
    public async Task Evaluate_BodyOverTheLimit_Is413()
    {
        var huge = "{ \"profileId\": \"" + new string('x', 300_000) + "\" }";

        var response = await api.Client().PostAsync("/evaluations", ApiHost.Json(huge), Cancel);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Contains("larger than 256 KiB", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_NotJson_Is415WithAHint()
    {
        var response = await api.Client().PostAsync("/evaluations", new StringContent("organisation=RO"), Cancel);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Contains("Content-Type: application/json", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Store_NeedsAClientKey()
    {
        var body = ApiHost.Example("ro-sme-member");
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Client().PostAsync("/evaluations?store=true", ApiHost.Json(body), Cancel)).StatusCode);
        var reader = await api.KeyAsync("reader");
        Assert.Equal(HttpStatusCode.Forbidden, (await api.Client(reader).PostAsync("/evaluations?store=true", ApiHost.Json(body), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Client("cf_wrong").PostAsync("/evaluations", ApiHost.Json(body), Cancel)).StatusCode);
    }

    [Fact]
    public async Task StoredEvaluation_KeepsItsReceiptAndReproducesIdentically()
    {
        var client = api.Client(await api.KeyAsync("client"));

        var created = await client.PostAsync("/evaluations?store=true&asOf=2026-11-26", ApiHost.Json(ApiHost.Example("ro-sme-member")), Cancel);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var location = created.Headers.Location!.ToString();
        var stored = await client.GetFromJsonAsync<JsonElement>(location, Cancel);
        Assert.Equal("2026-11-26", stored.GetProperty("asOf").GetString());
        Assert.StartsWith("sha256:", stored.GetProperty("report").GetProperty("receipt").GetProperty("catalogue").GetString(), StringComparison.Ordinal);

        var again = await client.PostAsync(location + "/reproduction", null, Cancel);
        var reproduction = await again.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.True(reproduction.GetProperty("identical").GetBoolean(), reproduction.GetProperty("differences").ToString());
    }

    [Fact]
    public async Task Profiles_StoreReadEvaluateAndDelete()
    {
        var client = api.Client(await api.KeyAsync("client"));
        var json = ApiHost.Example("rs-vojvodina-agrifood-cluster");

        Assert.Equal(HttpStatusCode.Created, (await client.PutAsync("/profiles/vojvodina", ApiHost.Json(json), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync("/profiles/vojvodina", ApiHost.Json(json), Cancel)).StatusCode);
        var read = await client.GetFromJsonAsync<JsonElement>("/profiles/vojvodina", Cancel);
        Assert.Equal("rs-vojvodina-agrifood-cluster", read.GetProperty("profileId").GetString());

        var evaluated = await client.PostAsync("/profiles/vojvodina/evaluations?asOf=2026-11-26", null, Cancel);
        Assert.Equal(HttpStatusCode.Created, evaluated.StatusCode);

        Assert.Equal(HttpStatusCode.BadRequest, (await client.PutAsync("/profiles/Bad_Id", ApiHost.Json(json), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/profiles/vojvodina", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/profiles/vojvodina", Cancel)).StatusCode);
    }
}

public class EvaluationSummaryTests(ApiHost api) : IClassFixture<ApiHost>
{
    [Fact]
    public async Task Summary_KeepsVerdictsAndReasons_LeavesOutPassingCriteria()
    {
        var cancel = TestContext.Current.CancellationToken;
        var full = await (await api.Client().PostAsync("/evaluations?asOf=2026-11-26", ApiHost.Json(ApiHost.Example("ro-sme-member")), cancel)).Content.ReadFromJsonAsync<JsonElement>(cancel);
        var summary = await (await api.Client().PostAsync("/evaluations?asOf=2026-11-26&detail=summary", ApiHost.Json(ApiHost.Example("ro-sme-member")), cancel)).Content.ReadFromJsonAsync<JsonElement>(cancel);

        static IEnumerable<(string?, string?)> Verdicts(JsonElement r) => r.GetProperty("results").EnumerateArray().Select(s => (s.GetProperty("schemeId").GetString(), s.GetProperty("verdict").GetString()));
        Assert.Equal(Verdicts(full), Verdicts(summary));
        Assert.All(summary.GetProperty("results").EnumerateArray().SelectMany(r => r.GetProperty("criteria").EnumerateArray()),
            c => Assert.NotEqual("pass", c.GetProperty("verdict").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, (await api.Client().PostAsync("/evaluations?detail=everything", ApiHost.Json("{}"), cancel)).StatusCode);
    }
}
