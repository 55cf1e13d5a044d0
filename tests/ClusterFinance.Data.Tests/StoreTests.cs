using ClusterFinance.Core.Catalogue;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ClusterFinance.Data.Tests;

/// <summary>The stored catalogue on a real SQLite database (an in-memory one, kept open for the test).</summary>
public sealed class StoreTests : IAsyncLifetime
{
    private readonly SqliteConnection connection = new("Data Source=:memory:");
    private Databases databases = null!;
    private VersionedCatalogue catalogue = null!;
    private CatalogueStore store = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly CatalogueSource Repository = CatalogueSource.Locate();

    public async ValueTask InitializeAsync()
    {
        await connection.OpenAsync(Cancel);
        databases = new Databases(new DbContextOptionsBuilder<ClusterFinanceDb>().UseSqlite(connection).Options);
        await using (var db = databases.CreateDbContext()) await db.Database.MigrateAsync(Cancel);
        catalogue = new VersionedCatalogue(databases);
        store = new CatalogueStore(databases, catalogue, TimeProvider.System);
        await store.ImportIfEmptyAsync(Repository, Cancel);
    }

    public async ValueTask DisposeAsync() => await connection.DisposeAsync();

    [Fact]
    public async Task Import_TakesEverySchemeOnce()
    {
        var schemes = Repository.SchemeFiles().Count();

        Assert.Equal(schemes, catalogue.Versions.Count);
        Assert.Empty(await store.ImportIfEmptyAsync(Repository, Cancel));
        Assert.Equal(schemes, catalogue.Versions.Count);
    }

    [Fact]
    public async Task InForce_IsTheLatestEffectiveDate_ThenTheHighestNumber()
    {
        const string id = "rs-if-mini-grants";
        var v1 = await store.LatestAsync(id, Cancel);
        // v2 scheduled for 2030; v3, a correction of v1, in force from 2026.
        await store.PublishAsync(id, new PublishRequest(null, v1!.RulesJson, null, new DateOnly(2030, 1, 1), "scheduled"), "test", Cancel);
        await store.PublishAsync(id, new PublishRequest(null, v1.RulesJson, null, new DateOnly(2026, 1, 1), "correction"), "test", Cancel);

        Assert.Equal(1, catalogue.InForce(id, new DateOnly(2025, 12, 31))!.Number);
        Assert.Equal(3, catalogue.InForce(id, new DateOnly(2027, 6, 1))!.Number);
        Assert.Equal(2, catalogue.InForce(id, new DateOnly(2030, 1, 1))!.Number);
    }

    [Fact]
    public async Task Publish_InvalidRules_WritesNothing()
    {
        const string id = "sk-mhsr-cluster-support";
        var before = catalogue.Versions.Count;

        var outcome = await store.PublishAsync(id, new PublishRequest(null, """{ "WorkflowName": "sk-mhsr-cluster-support", "Rules": [] }""", null, null, null), "test", Cancel);

        Assert.False(outcome.Published);
        Assert.Contains(outcome.Problems, p => p.Message.Contains("no rules", StringComparison.Ordinal));
        Assert.Equal(before, catalogue.Versions.Count);
        await using var db = databases.CreateDbContext();
        Assert.Equal(1, await db.SchemeVersions.CountAsync(v => v.SchemeId == id, Cancel));
    }

    [Fact]
    public async Task Keys_AreFoundBySecretUntilRevoked()
    {
        var keys = new KeyStore(databases, TimeProvider.System);
        var created = await keys.CreateAsync("agency of Nord-Est", Roles.Agency, "adr-nord-est", "test", Cancel);

        Assert.Equal("adr-nord-est", (await keys.FindAsync(created.Secret, Cancel))!.Agency);
        Assert.DoesNotContain(created.Secret, created.Key.Hash, StringComparison.Ordinal);
        Assert.True(await keys.RevokeAsync(created.Key.Id, "test", Cancel));
        Assert.Null(await keys.FindAsync(created.Secret, Cancel));
    }

    [Fact]
    public async Task FirstStart_CreatesOneAdminKeyOnly()
    {
        var keys = new KeyStore(databases, TimeProvider.System);

        var first = await keys.EnsureAdminAsync(null, Cancel);
        var second = await keys.EnsureAdminAsync(null, Cancel);

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.Equal(Roles.Admin, (await keys.FindAsync(first!, Cancel))!.Role);
    }

    private sealed class Databases(DbContextOptions<ClusterFinanceDb> options) : IDbContextFactory<ClusterFinanceDb>
    {
        public ClusterFinanceDb CreateDbContext() => new(options);
    }

}
