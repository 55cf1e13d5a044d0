using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ClusterFinance.Api.Tests;

/// <summary>
/// The API over HTTP on a real SQLite file of its own, importing the repository's catalogue on first start, with a
/// known admin key. Dispose it and start another on the same file to test a restart.
/// </summary>
public sealed class ApiHost : WebApplicationFactory<Program>
{
    public const string AdminKey = "cf_test_admin_key";

    public ApiHost() : this(Path.Combine(Directory.CreateTempSubdirectory("clusterfinance-api-").FullName, "clusterfinance.db")) { }

    internal ApiHost(string databasePath) => DatabasePath = databasePath;

    public string DatabasePath { get; }

    /// <summary>Settings of this host only (ClusterFinance:Chromium, say), over the usual test settings.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    public static string Root { get; } = ClusterFinance.Core.Catalogue.CatalogueSource.Locate().Root;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ClusterFinance:Catalogue", Root);
        builder.UseSetting("ClusterFinance:Database", DatabasePath);
        builder.UseSetting("ClusterFinance:AdminKey", AdminKey);
        builder.UseSetting("ClusterFinance:MaxBodyBytes", "262144");
        builder.UseEnvironment("Production");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    public HttpClient Client(string? key = null)
    {
        var client = CreateClient();
        if (key is not null) client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>Creates a key through the API, as an admin would.</summary>
    public async Task<string> KeyAsync(string role, string? agency = null)
    {
        var response = await Client(AdminKey).PostAsJsonAsync("/keys", new { name = $"{role}-{Guid.NewGuid():N}", role, agency }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        return created.GetProperty("secret").GetString()!;
    }

    public static string Example(string name) => File.ReadAllText(Path.Combine(Root, "examples", "profiles", name + ".json"));

    public static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    public static StringContent Json(JsonNode node) => Json(node.ToJsonString());

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

}

/// <summary>A small scheme of a test's own, so that publishing tests change nothing the catalogue tests read.</summary>
internal static class TestScheme
{
    public static JsonObject Metadata(string id, string maintainer) => new()
    {
        ["id"] = id,
        ["name"] = $"Test scheme {id}",
        ["funder"] = "Test funder",
        ["level"] = "national",
        ["instruments"] = new JsonArray("grant"),
        ["countries"] = new JsonArray("RO"),
        ["domains"] = new JsonArray("innovation-rd"),
        ["applicantTypes"] = new JsonArray("cluster-organisation"),
        ["stateAidRegime"] = "de-minimis",
        ["sources"] = new JsonArray(new JsonObject { ["url"] = "https://example.eu/guide" }),
        ["factsAsOf"] = "2026-01-01",
        ["maintainer"] = maintainer,
    };

    /// <summary>One criterion: at least <paramref name="minimum"/> members.</summary>
    public static JsonObject Rules(string id, int minimum, string? message = null) => new()
    {
        ["WorkflowName"] = id,
        ["Rules"] = new JsonArray(new JsonObject
        {
            ["RuleName"] = "min-members",
            ["Expression"] = $"profile.cluster.members.total >= {minimum}",
            ["ErrorMessage"] = message ?? $"The cluster has $(profile.cluster.members.total) members; at least {minimum} are needed.",
            ["Properties"] = new JsonObject { ["citation"] = "https://example.eu/guide §2", ["factsAsOf"] = "2026-01-01" },
        }),
    };

    public static JsonObject Tests(string id, int minimum) => new()
    {
        ["schemeId"] = id,
        ["cases"] = new JsonArray(
            Case("at the minimum", minimum, "eligible"),
            Case("one below", minimum - 1, "not-eligible")),
    };

    private static JsonObject Case(string name, int members, string verdict) => new()
    {
        ["name"] = name,
        ["asOf"] = "2026-06-01",
        ["profile"] = new JsonObject { ["cluster"] = new JsonObject { ["members"] = new JsonObject { ["total"] = members } } },
        ["expect"] = new JsonObject { ["verdict"] = verdict },
    };

    public static JsonObject Upload(JsonObject? metadata = null, JsonObject? rules = null, JsonObject? tests = null, string? effectiveFrom = null, string? note = null)
    {
        var upload = new JsonObject();
        if (metadata is not null) upload["metadata"] = metadata;
        if (rules is not null) upload["rules"] = rules;
        if (tests is not null) upload["tests"] = tests;
        if (effectiveFrom is not null) upload["effectiveFrom"] = effectiveFrom;
        if (note is not null) upload["note"] = note;
        return upload;
    }

    public static string Profile(int members) => $$"""{ "organisation": { "country": "RO" }, "cluster": { "members": { "total": {{members}} } } }""";
}
