using ClusterFinance.Api.Infrastructure;
using ClusterFinance.Core.Catalogue;
using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Facts;
using ClusterFinance.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ClusterFinance.Api.Catalogue;

public sealed record SchemeSummary(
    string Id, string Name, string Level, IReadOnlyList<string> Instruments, IReadOnlyList<string> Countries,
    IReadOnlyList<string> NutsRegions, IReadOnlyList<string> Domains, IReadOnlyList<string> ApplicantTypes, string Maintainer,
    int? Version, string Status, DateOnly? NextDeadline);

public sealed record PagedList<T>(int Page, int PageSize, int Total, IReadOnlyList<T> Items);

public sealed record CallStatusView(Call Call, string Status);

public sealed record SchemeDetail(
    Scheme Scheme, int? Version, DateOnly EffectiveFrom, string RulesHash, string Status, DateOnly? NextDeadline,
    IReadOnlyList<CallStatusView> Calls, IReadOnlyList<CriterionDescription> Criteria);

/// <summary>Reading the catalogue: schemes, filtered and paged, one scheme whole, and the look-up tables.</summary>
public static class CatalogueApi
{
    public static void MapCatalogue(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/schemes").WithTags("Catalogue");

        group.MapGet("/", ListSchemes)
            .WithName("ListSchemes")
            .WithSummary("List and search schemes")
            .WithDescription("Schemes in force on a date (default today), filtered by country, NUTS 2 region, level, instrument, domain, applicant type, call status on the date and free text, in pages.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        group.MapGet("/{id}", GetScheme)
            .WithName("GetScheme")
            .WithSummary("A scheme with its calls, criteria and citations")
            .WithDescription("The version in force on the date (default today): metadata, calls with their status, every criterion with its expression, message, citation and the date of its facts.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status400BadRequest);

        var lookups = app.MapGroup("/lookups").WithTags("Catalogue");
        lookups.MapGet("/", ListLookups).WithName("ListLookups").WithSummary("The look-up tables (country sets, NUTS regions, region categories, aid map, programme areas)");
        lookups.MapGet("/{name}", GetLookup).WithName("GetLookup").WithSummary("One look-up table, with its legal source and period")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<PagedList<SchemeSummary>>, ProblemHttpResult>> ListSchemes(
        VersionedCatalogue catalogue, TimeProvider clock, CancellationToken cancellationToken,
        string? country = null, string? nuts2 = null, string? level = null, string? instrument = null, string? domain = null,
        string? applicantType = null, string? status = null, string? on = null, string? q = null, int page = 1, int pageSize = 20)
    {
        var (date, error) = RequestInput.Date(on, "on");
        if (error is not null) return Problems.BadRequest(error);
        if (page < 1 || pageSize is < 1 or > 200) return Problems.BadRequest("page starts at 1 and pageSize is between 1 and 200.");
        var day = date ?? Today(clock);

        var engine = await catalogue.EngineOnAsync(day, cancellationToken);
        var versions = catalogue.InForce(day).ToDictionary(v => v.SchemeId, v => v.Number);
        country = country?.ToUpperInvariant();
        var matches = engine.Schemes
            .Where(s => country is null || s.Countries.Contains(country))
            .Where(s => nuts2 is null || InRegion(s, nuts2.ToUpperInvariant()))
            .Where(s => level is null || s.Level == level)
            .Where(s => instrument is null || s.Instruments.Contains(instrument))
            .Where(s => domain is null || s.Domains.Contains(domain))
            .Where(s => applicantType is null || s.ApplicantTypes.Contains(applicantType))
            .Where(s => status is null || CallSchedule.Text(CallSchedule.StatusOn(s, day)) == status)
            .Where(s => q is null || Matches(s, q))
            .OrderBy(s => s.Id, StringComparer.Ordinal)
            .ToList();
        var items = matches.Skip((page - 1) * pageSize).Take(pageSize)
            .Select(s => new SchemeSummary(s.Id, s.Name, s.Level, s.Instruments, s.Countries, s.NutsRegions, s.Domains, s.ApplicantTypes,
                s.Maintainer, versions.GetValueOrDefault(s.Id), CallSchedule.Text(CallSchedule.StatusOn(s, day)), CallSchedule.NextDeadline(s, day)?.Deadline))
            .ToList();
        return TypedResults.Ok(new PagedList<SchemeSummary>(page, pageSize, matches.Count, items));
    }

    private static async Task<Results<Ok<SchemeDetail>, ProblemHttpResult>> GetScheme(
        string id, VersionedCatalogue catalogue, TimeProvider clock, CancellationToken cancellationToken, string? on = null)
    {
        var (date, error) = RequestInput.Date(on, "on");
        if (error is not null) return Problems.BadRequest(error);
        var day = date ?? Today(clock);
        var version = catalogue.InForce(id, day);
        if (version is null)
            return Problems.NotFound(catalogue.Exists(id)
                ? $"Scheme '{id}' has no version in force on {day:yyyy-MM-dd}; its first version takes effect later (see /schemes/{id}/versions)."
                : $"There is no scheme '{id}'. GET /schemes lists the catalogue.");
        var compiled = await catalogue.CompiledAsync(version.Id, cancellationToken);
        var scheme = compiled.Scheme;
        return TypedResults.Ok(new SchemeDetail(
            scheme, version.Number, version.EffectiveFrom, version.RulesHash,
            CallSchedule.Text(CallSchedule.StatusOn(scheme, day)), CallSchedule.NextDeadline(scheme, day)?.Deadline,
            [.. scheme.Calls.Select(c => new CallStatusView(c, CallSchedule.Text(CallSchedule.StatusOf(c, day))))],
            compiled.Describe()));
    }

    private static async Task<Ok<IReadOnlyList<string>>> ListLookups(ClusterFinanceDb db, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<string>>(await db.LookupTables.AsNoTracking().OrderBy(t => t.Name).Select(t => t.Name).ToListAsync(cancellationToken));

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetLookup(string name, ClusterFinanceDb db, CancellationToken cancellationToken)
    {
        var file = name.EndsWith(".json", StringComparison.Ordinal) ? name : name + ".json";
        var table = await db.LookupTables.AsNoTracking().SingleOrDefaultAsync(t => t.Name == file, cancellationToken);
        return table is null
            ? Problems.NotFound($"There is no look-up table '{name}'; the tables are {string.Join(", ", Lookups.FileNames.Select(n => n[..^5]))}.")
            : TypedResults.Content(table.Json, "application/json");
    }

    private static bool InRegion(Scheme scheme, string nuts2) =>
        scheme.NutsRegions.Count > 0
            ? scheme.NutsRegions.Any(r => nuts2.StartsWith(r, StringComparison.Ordinal) || r.StartsWith(nuts2, StringComparison.Ordinal))
            : scheme.Countries.Contains(nuts2[..2] == "EL" ? "GR" : nuts2[..2]);

    private static bool Matches(Scheme s, string q) =>
        new[] { s.Id, s.Name, s.LocalName, s.Summary, s.Funder, s.Programme }
            .Any(text => text?.Contains(q, StringComparison.OrdinalIgnoreCase) == true);

    internal static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
