using System.Text.Json.Nodes;

namespace ClusterFinance.Api.Tests;

/// <summary>
/// The OpenAPI document is a contract: it must match the approved copy, so that every change to it is deliberate.
/// After an intended change, copy approved/openapi.received.json over approved/openapi.json.
/// </summary>
public class OpenApiTests(ApiHost api) : IClassFixture<ApiHost>
{
    [Fact]
    public async Task OpenApiDocument_MatchesTheApprovedCopy()
    {
        var received = JsonNode.Parse(await api.Client().GetStringAsync("/swagger/v1/swagger.json", TestContext.Current.CancellationToken))!
            .ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n";
        var folder = Path.Combine(ApiHost.Root, "tests", "ClusterFinance.Api.Tests", "approved");
        var approvedPath = Path.Combine(folder, "openapi.json");
        var approved = File.Exists(approvedPath) ? await File.ReadAllTextAsync(approvedPath, TestContext.Current.CancellationToken) : "";

        if (approved != received)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "openapi.received.json"), received, TestContext.Current.CancellationToken);
            Assert.Fail("The OpenAPI document differs from approved/openapi.json; if the change is intended, copy approved/openapi.received.json over it.");
        }
    }

    [Fact]
    public async Task SwaggerUi_IsServed()
    {
        var page = await api.Client().GetStringAsync("/swagger/index.html", TestContext.Current.CancellationToken);

        Assert.Contains("swagger-ui", page, StringComparison.Ordinal);
    }
}
