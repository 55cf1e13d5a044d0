using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ClusterFinance.Api.Tests;

public class AdminApiTests(ApiHost api) : IClassFixture<ApiHost>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Keys_AreShownOnce_StoredAsHashes_AndRevocable()
    {
        var admin = api.Client(ApiHost.AdminKey);
        var created = await (await admin.PostAsJsonAsync("/keys", new { name = "nord-est agency", role = "agency", agency = "adr-nord-est" }, Cancel))
            .Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var secret = created.GetProperty("secret").GetString()!;
        var id = created.GetProperty("key").GetProperty("id").GetInt32();

        var listed = await admin.GetStringAsync("/keys", Cancel);
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await api.Client(secret).GetAsync("/profiles", Cancel)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/keys/{id}", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Client(secret).GetAsync("/profiles", Cancel)).StatusCode);
    }

    [Theory]
    [InlineData("agency", null, "needs the agency")]
    [InlineData("reader", "adr-nord-est", "only agency keys")]
    [InlineData("superuser", null, "role must be one of")]
    public async Task CreateKey_BadRequest_SaysWhy(string role, string? agency, string detail)
    {
        var response = await api.Client(ApiHost.AdminKey).PostAsJsonAsync("/keys", new { name = "x", role, agency }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(detail, (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditLog_RecordsWrites_AndOnlyAdminsReadIt()
    {
        var client = await api.KeyAsync("client");
        await api.Client(client).PutAsync("/profiles/audited", ApiHost.Json(TestScheme.Profile(20)), Cancel);

        var audit = await api.Client(ApiHost.AdminKey).GetFromJsonAsync<JsonElement>("/audit", Cancel);

        var entry = audit.EnumerateArray().First(e => e.GetProperty("target").GetString() == "profile/audited");
        Assert.Equal("store-profile", entry.GetProperty("action").GetString());
        Assert.StartsWith("sha256:", entry.GetProperty("afterHash").GetString(), StringComparison.Ordinal);
        Assert.Contains("(client)", entry.GetProperty("actor").GetString(), StringComparison.Ordinal);
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "import");
        Assert.Equal(HttpStatusCode.Forbidden, (await api.Client(client).GetAsync("/audit", Cancel)).StatusCode);
        var forbidden = await (await api.Client(client).GetAsync("/audit", Cancel)).Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Contains("need an admin key", forbidden.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
