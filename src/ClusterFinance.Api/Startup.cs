using ClusterFinance.Api.Infrastructure;
using ClusterFinance.Data;
using Microsoft.EntityFrameworkCore;

namespace ClusterFinance.Api;

/// <summary>First start and every start: migrate the database, import the catalogue when it is empty, make sure an admin can get in.</summary>
public static class Startup
{
    /// <summary>
    /// The page's folder beside the published application, when the process starts in a folder without one (a service
    /// started from / or from a deployment script): the web root otherwise follows the working folder, and the page
    /// would be missing. Null keeps the default: the project's own folder under <c>dotnet run</c> and in tests, and
    /// whatever a web or content root given on the command line or in the environment says.
    /// </summary>
    public static string? PublishedWebRoot(string[] args, string? workingFolder = null, string? applicationFolder = null)
    {
        static bool Given(string name) => Environment.GetEnvironmentVariable("ASPNETCORE_" + name) is not null
            || Environment.GetEnvironmentVariable("DOTNET_" + name) is not null;
        if (Given("WEBROOT") || Given("CONTENTROOT")
            || args.Any(a => a.StartsWith("--webroot", StringComparison.OrdinalIgnoreCase) || a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase)))
            return null;
        var published = Path.Combine(applicationFolder ?? AppContext.BaseDirectory, "wwwroot");
        var working = Path.Combine(workingFolder ?? Directory.GetCurrentDirectory(), "wwwroot");
        return !Directory.Exists(working) && Directory.Exists(published) ? published : null;
    }

    public static async Task PrepareAsync(WebApplication app, ApiSettings settings)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ClusterFinance");
        var stopping = app.Lifetime.ApplicationStopping;

        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<ClusterFinanceDb>>().CreateDbContextAsync(stopping))
            await ClusterFinanceDb.MigrateAsync(db, stopping);
        log.LogInformation("Database {Path} is up to date.", settings.DatabasePath);

        var skipped = await app.Services.GetRequiredService<CatalogueStore>().ImportIfEmptyAsync(settings.Catalogue, stopping);
        foreach (var problem in skipped) log.LogWarning("Not imported: {Problem}", problem.ToString());

        var catalogue = app.Services.GetRequiredService<VersionedCatalogue>();
        await catalogue.RefreshAsync(stopping);
        // Assemble today's catalogue now, not on the first request. Its rules answer at once, interpreted; their
        // machine code is built in the background, off the request path.
        var engine = await catalogue.EngineOnAsync(Catalogue.CatalogueApi.Today(app.Services.GetRequiredService<TimeProvider>()), stopping);
        _ = Task.Run(engine.CompilePrograms, stopping);
        log.LogInformation("Catalogue: {Schemes} schemes in force, {Versions} versions stored.", engine.Schemes.Count, catalogue.Versions.Count);

        var secret = await app.Services.GetRequiredService<KeyStore>().EnsureAdminAsync(settings.AdminKey, stopping);
        if (secret is not null)
            log.LogWarning("First start: an admin key was created. It is shown this once; keep it safe: {AdminKey}", secret);
    }
}
