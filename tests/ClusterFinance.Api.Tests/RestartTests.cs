using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ClusterFinance.Api.Tests;

public class RestartTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Restart_KeepsVersionsKeysProfilesAndDoesNotImportAgain()
    {
        string path, clientKey;
        int versionsBefore;
        await using (var first = new ApiHost())
        {
            path = first.DatabasePath;
            clientKey = await first.KeyAsync("client");
            await first.Client(clientKey).PutAsync("/profiles/kept", ApiHost.Json(TestScheme.Profile(30)), Cancel);
            var id = "ro-test-restart";
            await first.Client(ApiHost.AdminKey).PostAsync($"/schemes/{id}/versions", ApiHost.Json(
                TestScheme.Upload(TestScheme.Metadata(id, "adr-test"), TestScheme.Rules(id, 15), TestScheme.Tests(id, 15), "2020-01-01")), Cancel);
            versionsBefore = (await first.Client().GetFromJsonAsync<JsonElement>("/health", Cancel)).GetProperty("catalogue").GetProperty("versions").GetInt32();
        }

        await using var second = new ApiHost(path);

        var health = await second.Client().GetFromJsonAsync<JsonElement>("/health", Cancel);
        Assert.Equal(versionsBefore, health.GetProperty("catalogue").GetProperty("versions").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await second.Client(clientKey).GetAsync("/profiles/kept", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.Client().GetAsync("/schemes/ro-test-restart", Cancel)).StatusCode);
    }
}
