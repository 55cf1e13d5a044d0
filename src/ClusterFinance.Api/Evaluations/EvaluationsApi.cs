using System.Security.Claims;
using System.Text.Json;
using ClusterFinance.Api.Infrastructure;
using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Json;
using ClusterFinance.Core.Profiles;
using ClusterFinance.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ClusterFinance.Api.Evaluations;

/// <summary>A stored evaluation; <c>report</c> is the verdict document exactly as it was returned then.</summary>
public sealed record StoredEvaluationView(Guid Id, string? ProfileId, DateOnly AsOf, DateTime CreatedAtUtc, string CreatedBy, JsonElement Report);

public sealed record Reproduction(Guid Id, bool Identical, IReadOnlyList<string> Differences, EvaluationReport Report);

public sealed record StoredProfileSummary(string Id, DateTime CreatedAtUtc, DateTime UpdatedAtUtc, string UpdatedBy);

/// <summary>Evaluating profiles, sent or stored, and keeping evaluations with their receipts.</summary>
public static class EvaluationsApi
{
    public static void MapEvaluations(this IEndpointRouteBuilder app)
    {
        var evaluations = app.MapGroup("/evaluations").WithTags("Evaluations");

        evaluations.MapPost("/", Evaluate)
            .WithName("Evaluate")
            .WithSummary("Evaluate a profile against the catalogue")
            .WithDescription("Send a cluster profile (schemas/profile.schema.json). Returns a verdict for every scheme in force on the evaluation date, each criterion explained: the same document as `clusterfinance evaluate --format json`. The date is `asOf`, else the application's submission date, else today. `detail=summary` leaves out the criteria that pass and the manual checks, for scripts that only need verdicts and reasons. With `store=true` (a client, agency or admin key) the evaluation is kept with its receipt and can be read and reproduced later.")
            .Accepts<Profile>("application/json")
            .Produces<EvaluationReport>(StatusCodes.Status200OK)
            .Produces<EvaluationReport>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

        evaluations.MapGet("/{id:guid}", GetEvaluation)
            .WithName("GetEvaluation")
            .WithSummary("A stored evaluation with its receipt")
            .RequireAuthorization(Policies.Read)
            .ProducesProblem(StatusCodes.Status404NotFound);

        evaluations.MapPost("/{id:guid}/reproduction", Reproduce)
            .WithName("ReproduceEvaluation")
            .WithSummary("Evaluate a stored evaluation's profile again under the very versions it was given under, and compare")
            .RequireAuthorization(Policies.Read)
            .ProducesProblem(StatusCodes.Status404NotFound);

        var profiles = app.MapGroup("/profiles").WithTags("Profiles");

        profiles.MapGet("/", ListProfiles).WithName("ListProfiles").WithSummary("The stored profiles").RequireAuthorization(Policies.Read);

        profiles.MapPut("/{id}", PutProfile)
            .WithName("PutProfile")
            .WithSummary("Store a profile under an id (created or replaced)")
            .Accepts<Profile>("application/json")
            .RequireAuthorization(Policies.Store)
            .Produces<StoredProfileSummary>(StatusCodes.Status200OK)
            .Produces<StoredProfileSummary>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

        profiles.MapGet("/{id}", GetProfile)
            .WithName("GetProfile")
            .WithSummary("A stored profile")
            .RequireAuthorization(Policies.Read)
            .Produces<Profile>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound);

        profiles.MapDelete("/{id}", DeleteProfile)
            .WithName("DeleteProfile")
            .WithSummary("Delete a stored profile (its stored evaluations keep their own copy)")
            .RequireAuthorization(Policies.Store)
            .ProducesProblem(StatusCodes.Status404NotFound);

        profiles.MapPost("/{id}/evaluations", EvaluateStored)
            .WithName("EvaluateStoredProfile")
            .WithSummary("Evaluate a stored profile again and keep the evaluation")
            .RequireAuthorization(Policies.Store)
            .Produces<EvaluationReport>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status400BadRequest);
    }

    private static async Task<Results<OkDocument<EvaluationReport>, CreatedDocument<EvaluationReport>, ValidationProblem, ProblemHttpResult>> Evaluate(
        HttpRequest request, VersionedCatalogue catalogue, IDbContextFactory<ClusterFinanceDb> databases, ApiSettings settings, TimeProvider clock,
        IAuthorizationService authorization, ClaimsPrincipal user, CancellationToken cancellationToken,
        string? asOf = null, [Microsoft.AspNetCore.Mvc.FromQuery] string[]? scheme = null, bool store = false, string detail = "full")
    {
        if (detail is not ("full" or "summary")) return Problems.BadRequest($"detail '{detail}' is not known: use full (the default) or summary.");
        if (store)
        {
            var allowed = await authorization.AuthorizeAsync(user, Policies.Store);
            if (!allowed.Succeeded)
                return user.Identity?.IsAuthenticated == true
                    ? Problems.Forbidden($"The key '{Caller.From(user).Name}' may evaluate but not store: storing needs a client, agency or admin key.")
                    : Problems.Unauthorized($"store=true needs an API key in the {ApiKeyAuthentication.Header} header; without it, leave store out.");
        }
        var (date, dateError) = RequestInput.Date(asOf, "asOf");
        if (dateError is not null) return Problems.BadRequest(dateError);

        var body = await RequestInput.ReadBodyAsync(request, settings.MaxBodyBytes, cancellationToken);
        if (body is null) return Problems.TooLarge(settings.MaxBodyBytes);
        var read = ProfileReader.Read(body);
        if (!read.IsValid) return Problems.InvalidProfile(read.Problems);

        var (report, error) = await EvaluateAsync(catalogue, read.Profile!, date, scheme ?? [], clock, cancellationToken);
        if (report is null) return error!;
        var document = detail == "summary" ? Summary(report) : report;
        if (!store) return new OkDocument<EvaluationReport>(document);

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var stored = await StoreAsync(db, catalogue, null, RequestInput.Text(body), report, Caller.From(user).Actor, clock, cancellationToken);
        return new CreatedDocument<EvaluationReport>($"/evaluations/{stored.Id}", document);
    }

    private static async Task<Results<Ok<StoredEvaluationView>, ProblemHttpResult>> GetEvaluation(Guid id, ClusterFinanceDb db, CancellationToken cancellationToken)
    {
        var stored = await db.Evaluations.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, cancellationToken);
        return stored is null
            ? Problems.NotFound($"There is no stored evaluation {id}.")
            : TypedResults.Ok(new StoredEvaluationView(stored.Id, stored.ProfileId, stored.AsOf, stored.CreatedAtUtc, stored.CreatedBy,
                JsonDocument.Parse(stored.ReportJson).RootElement.Clone()));
    }

    private static async Task<Results<Ok<Reproduction>, ProblemHttpResult>> Reproduce(Guid id, ClusterFinanceDb db, VersionedCatalogue catalogue, CancellationToken cancellationToken)
    {
        var stored = await db.Evaluations.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (stored is null) return Problems.NotFound($"There is no stored evaluation {id}.");

        var versionIds = JsonSerializer.Deserialize<Dictionary<string, int>>(stored.VersionIdsJson)!.Values.ToHashSet();
        var versions = catalogue.Versions.Where(v => versionIds.Contains(v.Id)).OrderBy(v => v.SchemeId, StringComparer.Ordinal).ToList();
        var engine = await catalogue.EngineForAsync(versions, cancellationToken);
        using var original = JsonDocument.Parse(stored.ReportJson);
        var verdicts = original.RootElement.GetProperty("results").EnumerateArray()
            .ToDictionary(r => r.GetProperty("schemeId").GetString()!, r => r.GetProperty("verdict").GetString()!);
        var again = engine.Evaluate(ProfileReader.Read(stored.ProfileJson).Profile!, stored.AsOf, [.. verdicts.Keys]);

        var differences = new List<string>();
        if (again.Receipt.Catalogue != stored.CatalogueHash) differences.Add($"catalogue hash {again.Receipt.Catalogue} differs from {stored.CatalogueHash}");
        foreach (var result in again.Results)
        {
            var now = JsonSerializer.SerializeToElement(result.Verdict).GetString();
            if (verdicts[result.SchemeId] != now) differences.Add($"{result.SchemeId}: {verdicts[result.SchemeId]} then, {now} now");
        }
        return TypedResults.Ok(new Reproduction(id, differences.Count == 0, differences, again));
    }

    private static async Task<Ok<List<StoredProfileSummary>>> ListProfiles(ClusterFinanceDb db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.Profiles.AsNoTracking().OrderBy(p => p.Id)
            .Select(p => new StoredProfileSummary(p.Id, p.CreatedAtUtc, p.UpdatedAtUtc, p.UpdatedBy)).ToListAsync(cancellationToken));

    private static async Task<Results<Ok<StoredProfileSummary>, Created<StoredProfileSummary>, ValidationProblem, ProblemHttpResult>> PutProfile(
        string id, HttpRequest request, ClusterFinanceDb db, ApiSettings settings, TimeProvider clock, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(id, "^[a-z0-9][a-z0-9-]{0,99}$"))
            return Problems.BadRequest($"Profile id '{id}' must be lower-case letters, digits and dashes (at most 100).");
        var body = await RequestInput.ReadBodyAsync(request, settings.MaxBodyBytes, cancellationToken);
        if (body is null) return Problems.TooLarge(settings.MaxBodyBytes);
        var read = ProfileReader.Read(body);
        if (!read.IsValid) return Problems.InvalidProfile(read.Problems);

        var json = RequestInput.Text(body);
        var now = clock.GetUtcNow().UtcDateTime;
        var actor = Caller.From(user).Actor;
        var existing = await db.Profiles.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        var before = existing is null ? null : Hash(existing.Json);
        if (existing is null)
        {
            existing = new StoredProfile { Id = id, Json = json, CreatedAtUtc = now, UpdatedAtUtc = now, UpdatedBy = actor };
            db.Profiles.Add(existing);
        }
        else
        {
            existing.Json = json;
            existing.UpdatedAtUtc = now;
            existing.UpdatedBy = actor;
        }
        db.AuditLog.Add(new AuditEntry { AtUtc = now, Actor = actor, Action = "store-profile", Target = $"profile/{id}", BeforeHash = before, AfterHash = Hash(json) });
        await db.SaveChangesAsync(cancellationToken);
        var summary = new StoredProfileSummary(id, existing.CreatedAtUtc, now, actor);
        return before is null ? TypedResults.Created($"/profiles/{id}", summary) : TypedResults.Ok(summary);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetProfile(string id, ClusterFinanceDb db, CancellationToken cancellationToken)
    {
        var stored = await db.Profiles.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        return stored is null ? Problems.NotFound($"There is no stored profile '{id}'.") : TypedResults.Content(stored.Json, "application/json");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteProfile(string id, ClusterFinanceDb db, TimeProvider clock, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var stored = await db.Profiles.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (stored is null) return Problems.NotFound($"There is no stored profile '{id}'.");
        db.Profiles.Remove(stored);
        db.AuditLog.Add(new AuditEntry { AtUtc = clock.GetUtcNow().UtcDateTime, Actor = Caller.From(user).Actor, Action = "delete-profile", Target = $"profile/{id}", BeforeHash = Hash(stored.Json) });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<CreatedDocument<EvaluationReport>, ProblemHttpResult>> EvaluateStored(
        string id, ClusterFinanceDb db, VersionedCatalogue catalogue, TimeProvider clock, ClaimsPrincipal user, CancellationToken cancellationToken,
        string? asOf = null, [Microsoft.AspNetCore.Mvc.FromQuery] string[]? scheme = null)
    {
        var (date, dateError) = RequestInput.Date(asOf, "asOf");
        if (dateError is not null) return Problems.BadRequest(dateError);
        var stored = await db.Profiles.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (stored is null) return Problems.NotFound($"There is no stored profile '{id}'.");
        var (report, error) = await EvaluateAsync(catalogue, ProfileReader.Read(stored.Json).Profile!, date, scheme ?? [], clock, cancellationToken);
        if (report is null) return error!;
        var evaluation = await StoreAsync(db, catalogue, id, stored.Json, report, Caller.From(user).Actor, clock, cancellationToken);
        return new CreatedDocument<EvaluationReport>($"/evaluations/{evaluation.Id}", report);
    }

    private static async Task<(EvaluationReport? Report, ProblemHttpResult? Error)> EvaluateAsync(
        VersionedCatalogue catalogue, Profile profile, DateOnly? asOf, string[] schemes, TimeProvider clock, CancellationToken cancellationToken)
    {
        var date = EligibilityEngine.ResolveDate(asOf, profile, clock);
        var engine = await catalogue.EngineOnAsync(date, cancellationToken);
        var unknown = schemes.Where(s => !engine.Contains(s)).ToList();
        if (unknown.Count > 0)
            return (null, Problems.NotFound($"No scheme {string.Join(", ", unknown.Select(u => $"'{u}'"))} is in force on {date:yyyy-MM-dd}. GET /schemes lists the catalogue."));
        return (engine.Evaluate(profile, date, schemes), null);
    }

    /// <summary>The verdicts and the reasons: criteria that pass and manual checks left out.</summary>
    private static EvaluationReport Summary(EvaluationReport report) => report with
    {
        Results = [.. report.Results.Select(r => r with { Criteria = [.. r.Criteria.Where(c => c.Verdict != CriterionVerdict.Pass)], ManualChecks = [] })],
    };

    private static async Task<StoredEvaluation> StoreAsync(ClusterFinanceDb db, VersionedCatalogue catalogue, string? profileId, string profileJson,
        EvaluationReport report, string actor, TimeProvider clock, CancellationToken cancellationToken)
    {
        // Every version in force that day, so that a reproduction assembles the very same catalogue.
        var versions = catalogue.InForce(report.AsOf).ToDictionary(v => v.SchemeId, v => v.Id);
        var now = clock.GetUtcNow().UtcDateTime;
        var stored = new StoredEvaluation
        {
            Id = Guid.CreateVersion7(),
            ProfileId = profileId,
            ProfileJson = profileJson,
            AsOf = report.AsOf,
            CatalogueHash = report.Receipt.Catalogue,
            VersionIdsJson = JsonSerializer.Serialize(versions),
            ReportJson = JsonSerializer.Serialize(report, JsonDefaults.Write),
            CreatedAtUtc = now,
            CreatedBy = actor,
        };
        db.Evaluations.Add(stored);
        db.AuditLog.Add(new AuditEntry { AtUtc = now, Actor = actor, Action = "store-evaluation", Target = $"evaluation/{stored.Id}", AfterHash = report.Receipt.Catalogue });
        await db.SaveChangesAsync(cancellationToken);
        return stored;
    }

    private static string Hash(string text) => Hashing.Sha256(text);
}
