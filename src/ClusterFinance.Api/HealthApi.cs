using ClusterFinance.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ClusterFinance.Api;

public sealed record HealthReport(string Status, DatabaseHealth Database, CatalogueHealth Catalogue);

public sealed record DatabaseHealth(bool Reachable, bool UpToDate);

/// <param name="SchemesCompiled">Schemes in force whose rules already run as machine code; the others run interpreted
/// until the background compilation started with the service reaches them.</param>
public sealed record CatalogueHealth(int SchemesInForce, int SchemesCompiled, int Versions, string Hash, int CountrySets);

public static class HealthApi
{
    public static void MapHealth(this IEndpointRouteBuilder app) =>
        app.MapGet("/health", Health)
            .WithTags("Health")
            .WithName("Health")
            .WithSummary("Database and catalogue state")
            .WithDescription("200 when the database is reachable and up to date and the catalogue has schemes in force today; 503 otherwise. The database is checked at most once a second.")
            .Produces<HealthReport>(StatusCodes.Status503ServiceUnavailable);

    private static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> Health(
        DatabaseCheck database, VersionedCatalogue catalogue, TimeProvider clock, CancellationToken cancellationToken)
    {
        var state = await database.CheckAsync(cancellationToken);
        var today = Catalogue.CatalogueApi.Today(clock);
        var inForce = catalogue.InForce(today);
        var compiled = inForce.Count == 0 ? 0 : (await catalogue.EngineOnAsync(today, cancellationToken)).CompiledSchemes.Count(s => s.IsCompiled);
        var healthy = state.Reachable && state.UpToDate && inForce.Count > 0;
        var report = new HealthReport(healthy ? "healthy" : "unhealthy", state,
            new CatalogueHealth(inForce.Count, compiled, catalogue.Versions.Count, catalogue.CatalogueHash(inForce), catalogue.Lookups.CountrySets.Count));
        return healthy ? TypedResults.Ok(report) : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}

/// <summary>Whether the database answers and has every migration, remembered for a second so that probes cost nothing.</summary>
public sealed class DatabaseCheck(IDbContextFactory<ClusterFinanceDb> databases, TimeProvider clock)
{
    private sealed record Checked(DateTimeOffset At, DatabaseHealth State);
    private Checked? last;

    public async Task<DatabaseHealth> CheckAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (last is { } cached && now - cached.At < TimeSpan.FromSeconds(1)) return cached.State;
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var reachable = await db.Database.CanConnectAsync(cancellationToken);
        // Migrations run at start; a schema changed behind the running service shows as not up to date.
        var upToDate = reachable && (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Count() == db.Database.GetMigrations().Count();
        var state = new DatabaseHealth(reachable, upToDate);
        last = new Checked(now, state);
        return state;
    }
}
