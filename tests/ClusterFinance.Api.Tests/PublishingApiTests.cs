using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClusterFinance.Api.Tests;

public class PublishingApiTests(ApiHost api) : IClassFixture<ApiHost>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Creates a scheme of the test's own, maintained by <paramref name="agency"/>, in force since 2020.</summary>
    private async Task<string> NewSchemeAsync(string agency, int minimum = 15)
    {
        var id = $"ro-test-{Guid.NewGuid():N}"[..24];
        var response = await api.Client(ApiHost.AdminKey).PostAsync($"/schemes/{id}/versions", ApiHost.Json(
            TestScheme.Upload(TestScheme.Metadata(id, agency), TestScheme.Rules(id, minimum), TestScheme.Tests(id, minimum), "2020-01-01")), Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return id;
    }

    private async Task<string> VerdictAsync(string id, int members, string asOf)
    {
        var response = await api.Client().PostAsync($"/evaluations?scheme={id}&asOf={asOf}", ApiHost.Json(TestScheme.Profile(members)), Cancel);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        return report.GetProperty("results")[0].GetProperty("verdict").GetString()!;
    }

    [Fact]
    public async Task RoleMatrix_OnlyTheMaintainingAgencyOrAnAdminPublishes()
    {
        var id = await NewSchemeAsync("adr-test-nord");
        var upload = ApiHost.Json(TestScheme.Upload(rules: TestScheme.Rules(id, 15, "Too few members: $(profile.cluster.members.total)."), note: "clearer message"));

        async Task<HttpStatusCode> As(string? key) =>
            (await api.Client(key).PostAsync($"/schemes/{id}/versions", ApiHost.Json(TestScheme.Upload(rules: TestScheme.Rules(id, 15, "Too few members."))), Cancel)).StatusCode;

        Assert.Equal(HttpStatusCode.Unauthorized, await As(null));
        Assert.Equal(HttpStatusCode.Unauthorized, await As("cf_not_a_key"));
        Assert.Equal(HttpStatusCode.Forbidden, await As(await api.KeyAsync("reader")));
        Assert.Equal(HttpStatusCode.Forbidden, await As(await api.KeyAsync("client")));
        Assert.Equal(HttpStatusCode.Forbidden, await As(await api.KeyAsync("agency", "adr-test-other")));
        Assert.Equal(HttpStatusCode.Created, await As(await api.KeyAsync("agency", "adr-test-nord")));
        Assert.Equal(HttpStatusCode.Created, await As(ApiHost.AdminKey));

        var forbidden = await api.Client(await api.KeyAsync("agency", "adr-test-other")).PostAsync($"/schemes/{id}/versions", upload, Cancel);
        var problem = await forbidden.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Contains("maintained by 'adr-test-nord'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agency_CannotHandItsSchemeToAnotherAgency()
    {
        var id = await NewSchemeAsync("adr-test-centru");
        var agency = await api.KeyAsync("agency", "adr-test-centru");

        var response = await api.Client(agency).PostAsync($"/schemes/{id}/versions",
            ApiHost.Json(TestScheme.Upload(metadata: TestScheme.Metadata(id, "adr-test-vest"))), Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task InvalidVersion_Is422WithEveryProblem_AndTheVersionInForceStays()
    {
        var id = await NewSchemeAsync("adr-test-vest");
        var broken = TestScheme.Rules(id, 15);
        broken["Rules"]![0]!["Expression"] = "profile.cluster.members.totl >= 15";
        ((JsonObject)broken["Rules"]![0]!["Properties"]!).Remove("citation");

        var response = await api.Client(ApiHost.AdminKey).PostAsync($"/schemes/{id}/versions", ApiHost.Json(TestScheme.Upload(rules: broken)), Cancel);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problems = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("problems").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Contains(problems, p => p!.StartsWith($"rules/{id}.json:min-members: ", StringComparison.Ordinal) && p.Contains("totl", StringComparison.Ordinal));
        Assert.Contains(problems, p => p!.Contains("citation is missing", StringComparison.Ordinal));
        var history = await api.Client().GetFromJsonAsync<JsonElement>($"/schemes/{id}/versions", Cancel);
        Assert.Equal(1, history.GetArrayLength());
        Assert.Equal("not-eligible", await VerdictAsync(id, 14, "2026-06-01"));
    }

    [Fact]
    public async Task VersionWhoseOwnTestsFail_IsRefused()
    {
        var id = await NewSchemeAsync("adr-test-sud");

        // Lowering the threshold breaks the carried-over case "one below": the agency must update its tests too.
        var response = await api.Client(ApiHost.AdminKey).PostAsync($"/schemes/{id}/versions", ApiHost.Json(TestScheme.Upload(rules: TestScheme.Rules(id, 10))), Cancel);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Contains(problem.GetProperty("problems").EnumerateArray(), p => p.GetString()!.Contains("test case 'one below'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FutureEffectiveDate_SchedulesTheVersion()
    {
        var id = await NewSchemeAsync("adr-test-est");

        var scheduled = await api.Client(ApiHost.AdminKey).PostAsync($"/schemes/{id}/versions",
            ApiHost.Json(TestScheme.Upload(rules: TestScheme.Rules(id, 10), tests: TestScheme.Tests(id, 10), effectiveFrom: "2030-01-01")), Cancel);

        Assert.Equal(HttpStatusCode.Created, scheduled.StatusCode);
        Assert.Equal("not-eligible", await VerdictAsync(id, 12, "2029-12-31"));
        Assert.Equal("eligible", await VerdictAsync(id, 12, "2030-01-01"));
        var versions = await api.Client().GetFromJsonAsync<JsonElement>($"/schemes/{id}/versions", Cancel);
        Assert.Equal([true, false], versions.EnumerateArray().Select(v => v.GetProperty("inForceToday").GetBoolean()));
    }

    [Fact]
    public async Task Diff_And_Rollback_AsANewVersion()
    {
        var id = await NewSchemeAsync("adr-test-ilfov");
        var admin = api.Client(ApiHost.AdminKey);
        await admin.PostAsync($"/schemes/{id}/versions", ApiHost.Json(TestScheme.Upload(rules: TestScheme.Rules(id, 10), tests: TestScheme.Tests(id, 10), effectiveFrom: "2020-01-01")), Cancel);

        var diff = await api.Client().GetFromJsonAsync<JsonElement>($"/schemes/{id}/versions/1/diff/2", Cancel);
        var expression = diff.EnumerateArray().Single(c => c.GetProperty("path").GetString() == "min-members.Expression");
        Assert.Equal("\"profile.cluster.members.total >= 15\"", expression.GetProperty("before").GetString());
        Assert.Equal("\"profile.cluster.members.total >= 10\"", expression.GetProperty("after").GetString());
        Assert.Equal("eligible", await VerdictAsync(id, 12, "2026-06-01"));

        var rollback = await admin.PostAsync($"/schemes/{id}/versions/1/rollback?effectiveFrom=2020-01-01", null, Cancel);

        Assert.Equal(HttpStatusCode.Created, rollback.StatusCode);
        var history = await api.Client().GetFromJsonAsync<JsonElement>($"/schemes/{id}/versions", Cancel);
        Assert.Equal([1, 2, 3], history.EnumerateArray().Select(v => v.GetProperty("number").GetInt32()));
        Assert.Equal("rollback", history[2].GetProperty("action").GetString());
        Assert.Equal(history[0].GetProperty("rulesHash").GetString(), history[2].GetProperty("rulesHash").GetString());
        Assert.Equal("not-eligible", await VerdictAsync(id, 12, "2026-06-01"));
    }

    [Fact]
    public async Task DryRun_ListsTheStoredProfilesWhoseVerdictWouldChange()
    {
        var id = await NewSchemeAsync("adr-test-dryrun");
        var client = api.Client(await api.KeyAsync("client"));
        await client.PutAsync($"/profiles/dry-{id}-12", ApiHost.Json(TestScheme.Profile(12)), Cancel);
        await client.PutAsync($"/profiles/dry-{id}-20", ApiHost.Json(TestScheme.Profile(20)), Cancel);

        var response = await api.Client(ApiHost.AdminKey).PostAsync($"/schemes/{id}/versions/dry-run",
            ApiHost.Json(TestScheme.Upload(rules: TestScheme.Rules(id, 10), effectiveFrom: "2026-06-01")), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var change = Assert.Single(result.GetProperty("changes").EnumerateArray(), c => c.GetProperty("profileId").GetString()!.StartsWith($"dry-{id}", StringComparison.Ordinal));
        Assert.Equal($"dry-{id}-12", change.GetProperty("profileId").GetString());
        Assert.Equal("not-eligible", change.GetProperty("before").GetString());
        Assert.Equal("eligible", change.GetProperty("after").GetString());
        Assert.Equal(1, (await api.Client().GetFromJsonAsync<JsonElement>($"/schemes/{id}/versions", Cancel)).GetArrayLength());
    }

    [Fact]
    public async Task ParallelUploads_LeaveAGapFreeHistoryAndLoseNone()
    {
        var id = await NewSchemeAsync("adr-test-parallel");
        var admin = api.Client(ApiHost.AdminKey);

        var uploads = Enumerable.Range(1, 20).Select(i => admin.PostAsync($"/schemes/{id}/versions",
            ApiHost.Json(TestScheme.Upload(rules: TestScheme.Rules(id, 15, $"Message {i}: $(profile.cluster.members.total) members."), note: $"upload {i}")), Cancel));
        var responses = await Task.WhenAll(uploads);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var history = await api.Client().GetFromJsonAsync<JsonElement>($"/schemes/{id}/versions", Cancel);
        Assert.Equal(Enumerable.Range(1, 21), history.EnumerateArray().Select(v => v.GetProperty("number").GetInt32()));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"upload {i}").Order(StringComparer.Ordinal),
            history.EnumerateArray().Skip(1).Select(v => v.GetProperty("note").GetString()).Order(StringComparer.Ordinal));
    }
}

public class SimulationApiTests(ApiHost api) : IClassFixture<ApiHost>
{
    [Fact]
    public async Task Simulation_OnASyntheticPopulation_ReportsWhoseVerdictChangesThroughWhichCriterion()
    {
        var cancel = TestContext.Current.CancellationToken;
        var agency = await api.KeyAsync("agency", "innovation-fund-serbia");
        var rules = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(ApiHost.Root, "rules", "rs-if-mini-grants.json")))!.AsObject();
        var age = rules["Rules"]!.AsArray().Single(r => r!["RuleName"]!.GetValue<string>() == "company-at-most-five-years-old")!;
        age["Expression"] = "facts.ageMonths < 72";

        var response = await api.Client(agency).PostAsync("/schemes/rs-if-mini-grants/versions/simulation?profiles=1500&seed=5&country=RS",
            ApiHost.Json(TestScheme.Upload(rules: rules, effectiveFrom: "2026-11-26")), cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>(cancel);
        Assert.Equal(1500, result.GetProperty("profiles").GetInt32());
        var changes = result.GetProperty("changes");
        var flips = new[] { "gained", "lost", "other" }.SelectMany(k => changes.GetProperty(k).EnumerateArray()).ToList();
        Assert.NotEmpty(flips);
        Assert.All(flips, g => Assert.Contains("company-at-most-five-years-old", g.GetProperty("criteria").EnumerateArray().Select(c => c.GetString())));
        Assert.True(result.GetProperty("candidate").GetProperty("notEligible").GetInt32() < result.GetProperty("current").GetProperty("notEligible").GetInt32());
        // Nothing was published.
        Assert.Equal(1, (await api.Client().GetFromJsonAsync<JsonElement>("/schemes/rs-if-mini-grants/versions", cancel)).GetArrayLength());
    }

    [Fact]
    public async Task Simulation_IsBounded()
    {
        var response = await api.Client(ApiHost.AdminKey).PostAsync("/schemes/rs-if-mini-grants/versions/simulation?profiles=50000",
            ApiHost.Json(TestScheme.Upload(note: "x", rules: new System.Text.Json.Nodes.JsonObject { ["WorkflowName"] = "rs-if-mini-grants" })), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
