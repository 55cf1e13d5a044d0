using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterFinance.Api.Infrastructure;
using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Profiles;
using ClusterFinance.Core.Simulation;
using ClusterFinance.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ClusterFinance.Api.Publishing;

/// <summary>
/// What an agency uploads: the scheme's metadata (catalogue/schemes/&lt;id&gt;.json), its rule file (a RulesEngine
/// workflow) and its test cases, any of them; the parts left out are carried over from the latest version.
/// </summary>
public sealed record VersionUpload(JsonObject? Metadata, JsonNode? Rules, JsonObject? Tests, string? EffectiveFrom, string? Note);

public sealed record VersionSummary(int Number, DateOnly EffectiveFrom, DateTime CreatedAtUtc, string CreatedBy, string Action, string? Note,
    string MetadataHash, string RulesHash, bool InForceToday);

public sealed record VersionContent(VersionSummary Version, JsonNode? Metadata, JsonNode? Rules, JsonNode? Tests);

/// <summary>A candidate version tried on a population: counts under the version in force and the candidate, and the flips.</summary>
public sealed record SimulationResult(DateOnly On, int Profiles, int? CurrentVersion,
    SchemeCounts? Current, SchemeCounts? Candidate, SchemeComparison? Changes);

/// <summary>Rule publishing: versions, validation, scheduling, history, diff, rollback and dry runs.</summary>
public static class PublishingApi
{
    public static void MapPublishing(this IEndpointRouteBuilder app)
    {
        var versions = app.MapGroup("/schemes/{id}/versions").WithTags("Publishing");

        versions.MapGet("/", History)
            .WithName("ListVersions")
            .WithSummary("Version history of a scheme")
            .ProducesProblem(StatusCodes.Status404NotFound);

        versions.MapGet("/{number:int}", GetVersion)
            .WithName("GetVersion")
            .WithSummary("One version with its metadata, rule file and test cases")
            .ProducesProblem(StatusCodes.Status404NotFound);

        versions.MapPost("/", Publish)
            .WithName("PublishVersion")
            .WithSummary("Publish a new version of a scheme's rules or metadata")
            .WithDescription("Validated exactly as `clusterfinance rules validate` does, and its test cases must pass; an invalid version is refused with 422 and every problem, and the version in force stays in force. A valid one becomes the next numbered version, in force from `effectiveFrom` (default today; a future date schedules it). An agency key may publish only the schemes its agency maintains.")
            .RequireAuthorization(Policies.Publish)
            .Produces<VersionSummary>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        versions.MapPost("/dry-run", DryRunVersion)
            .WithName("DryRunVersion")
            .WithSummary("Which stored profiles would change verdict under a candidate version, and how")
            .WithDescription("Nothing is written. Every stored profile is evaluated on `effectiveFrom` (default today) under the version in force and under the candidate.")
            .RequireAuthorization(Policies.Publish)
            .Produces<DryRunResult>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        versions.MapPost("/simulation", Simulate)
            .WithName("SimulateVersion")
            .WithSummary("Try a candidate version on a population: who gains and who loses eligibility, and through which criterion")
            .WithDescription("Nothing is written. The population is synthetic (`population=synthetic`, `profiles` up to 20,000, `seed`, `country`) or the stored profiles (`population=stored`); it is evaluated on `effectiveFrom` (default today) under the version in force and under the candidate, within 20 seconds.")
            .RequireAuthorization(Policies.Publish)
            .Produces<SimulationResult>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        versions.MapGet("/{from:int}/diff/{to:int}", Diff)
            .WithName("DiffVersions")
            .WithSummary("What changed between two versions, criterion by criterion and field by field")
            .ProducesProblem(StatusCodes.Status404NotFound);

        versions.MapPost("/{number:int}/rollback", Rollback)
            .WithName("RollbackVersion")
            .WithSummary("Publish an earlier version's content again, as a new version")
            .RequireAuthorization(Policies.Publish)
            .Produces<VersionSummary>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<Results<Ok<List<VersionSummary>>, ProblemHttpResult>> History(string id, CatalogueStore store, VersionedCatalogue catalogue, TimeProvider clock, CancellationToken cancellationToken)
    {
        var history = await store.HistoryAsync(id, cancellationToken);
        if (history.Count == 0) return Problems.NotFound($"There is no scheme '{id}'.");
        var inForce = catalogue.InForce(id, Catalogue.CatalogueApi.Today(clock))?.Number;
        return TypedResults.Ok(history.Select(v => Summary(v, inForce)).ToList());
    }

    private static async Task<Results<Ok<VersionContent>, ProblemHttpResult>> GetVersion(string id, int number, CatalogueStore store, VersionedCatalogue catalogue, TimeProvider clock, CancellationToken cancellationToken)
    {
        var version = await store.FindAsync(id, number, cancellationToken);
        if (version is null) return Problems.NotFound($"Scheme '{id}' has no version {number}.");
        var inForce = catalogue.InForce(id, Catalogue.CatalogueApi.Today(clock))?.Number;
        return TypedResults.Ok(new VersionContent(Summary(version, inForce), Parse(version.MetadataJson), Parse(version.RulesJson), version.TestsJson is null ? null : Parse(version.TestsJson)));
    }

    private static async Task<Results<Created<VersionSummary>, ProblemHttpResult>> Publish(
        string id, HttpRequest request, CatalogueStore store, VersionedCatalogue catalogue, ApiSettings settings, TimeProvider clock, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var (upload, effectiveFrom, error) = await ReadUploadAsync(request, settings, cancellationToken);
        if (error is not null) return error;
        var caller = Caller.From(user);
        var denied = await Authorise(id, upload!, caller, store, cancellationToken);
        if (denied is not null) return denied;

        var outcome = await store.PublishAsync(id, ToRequest(upload!, effectiveFrom), caller.Actor, cancellationToken);
        if (!outcome.Published) return Problems.InvalidVersion(outcome.Problems);
        var inForce = catalogue.InForce(id, Catalogue.CatalogueApi.Today(clock))?.Number;
        return TypedResults.Created($"/schemes/{id}/versions/{outcome.Version!.Number}", Summary(outcome.Version, inForce));
    }

    private static async Task<Results<Ok<DryRunResult>, ProblemHttpResult>> DryRunVersion(
        string id, HttpRequest request, CatalogueStore store, DryRun dryRun, ApiSettings settings, TimeProvider clock, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var (upload, effectiveFrom, error) = await ReadUploadAsync(request, settings, cancellationToken);
        if (error is not null) return error;
        var denied = await Authorise(id, upload!, Caller.From(user), store, cancellationToken);
        if (denied is not null) return denied;

        var (candidate, _, problems) = await store.CheckAsync(id, ToRequest(upload!, effectiveFrom), cancellationToken, runTests: false);
        if (candidate is null) return Problems.InvalidVersion(problems);
        return TypedResults.Ok(await dryRun.RunAsync(candidate, effectiveFrom ?? Catalogue.CatalogueApi.Today(clock), cancellationToken));
    }

    public const int MaxSimulatedProfiles = 20_000;
    private static readonly TimeSpan SimulationTimeLimit = TimeSpan.FromSeconds(20);

    private static async Task<Results<Ok<SimulationResult>, ProblemHttpResult>> Simulate(
        string id, HttpRequest request, CatalogueStore store, VersionedCatalogue catalogue, ClusterFinanceDb db, ApiSettings settings, TimeProvider clock,
        ClaimsPrincipal user, CancellationToken cancellationToken,
        string population = "synthetic", int profiles = 1000, int seed = 1, string? country = null)
    {
        if (population is not ("synthetic" or "stored")) return Problems.BadRequest($"population '{population}' is not known: use synthetic or stored.");
        if (profiles is < 1 or > MaxSimulatedProfiles) return Problems.BadRequest($"profiles is between 1 and {MaxSimulatedProfiles:N0}.");
        var (upload, effectiveFrom, error) = await ReadUploadAsync(request, settings, cancellationToken);
        if (error is not null) return error;
        var denied = await Authorise(id, upload!, Caller.From(user), store, cancellationToken);
        if (denied is not null) return denied;
        var (candidate, _, problems) = await store.CheckAsync(id, ToRequest(upload!, effectiveFrom), cancellationToken, runTests: false);
        if (candidate is null) return Problems.InvalidVersion(problems);

        var day = effectiveFrom ?? Catalogue.CatalogueApi.Today(clock);
        IReadOnlyList<Profile> people;
        if (population == "stored")
        {
            var stored = await db.Profiles.AsNoTracking().OrderBy(p => p.Id).Take(MaxSimulatedProfiles).ToListAsync(cancellationToken);
            people = [.. stored.Select(p => ProfileReader.Read(p.Json).Profile).OfType<Profile>()];
        }
        else
        {
            try
            {
                var generator = PopulationGenerator.Load(Path.Combine(settings.Catalogue.Root, "catalogue", "populations", "distributions.json"));
                people = [.. generator.Generate(profiles, seed, country?.ToUpperInvariant(), day)];
            }
            catch (ArgumentException e)
            {
                return Problems.BadRequest(e.Message.Split(" (Parameter")[0]);
            }
        }

        var inForce = catalogue.InForce(id, day);
        var before = inForce is null ? [] : new[] { await catalogue.CompiledAsync(inForce.Id, cancellationToken) };
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(SimulationTimeLimit);
        try
        {
            var now = PolicyLab.Run(EligibilityEngine.Create(before, catalogue.Lookups, "current"), people, day, cancellationToken: limit.Token);
            var then = PolicyLab.Run(EligibilityEngine.Create([candidate], catalogue.Lookups, "candidate"), people, day, cancellationToken: limit.Token);
            var comparison = PolicyLab.Compare(EligibilityEngine.Create(before, catalogue.Lookups, "current"),
                EligibilityEngine.Create([candidate], catalogue.Lookups, "candidate"), people, day, cancellationToken: limit.Token);
            return TypedResults.Ok(new SimulationResult(day, people.Count, inForce?.Number, Only(now.Schemes), Only(then.Schemes), Only(comparison.Schemes)));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TypedResults.Problem($"The simulation did not finish within {SimulationTimeLimit.TotalSeconds:N0} seconds; try fewer profiles.",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "Simulation too long");
        }
    }

    private static T? Only<T>(IReadOnlyList<T> items) where T : class => items.Count > 0 ? items[0] : null;

    private static async Task<Results<Ok<IReadOnlyList<Change>>, ProblemHttpResult>> Diff(string id, int from, int to, CatalogueStore store, CancellationToken cancellationToken)
    {
        var a = await store.FindAsync(id, from, cancellationToken);
        var b = await store.FindAsync(id, to, cancellationToken);
        if (a is null || b is null) return Problems.NotFound($"Scheme '{id}' has no version {(a is null ? from : to)}.");
        return TypedResults.Ok(VersionDiff.Between(a, b));
    }

    private static async Task<Results<Created<VersionSummary>, ProblemHttpResult>> Rollback(
        string id, int number, CatalogueStore store, VersionedCatalogue catalogue, TimeProvider clock, ClaimsPrincipal user, CancellationToken cancellationToken,
        string? effectiveFrom = null)
    {
        var (date, dateError) = RequestInput.Date(effectiveFrom, "effectiveFrom");
        if (dateError is not null) return Problems.BadRequest(dateError);
        var latest = await store.LatestAsync(id, cancellationToken);
        if (latest is null) return Problems.NotFound($"There is no scheme '{id}'.");
        var caller = Caller.From(user);
        if (!caller.Maintains(latest.Maintainer))
            return Problems.Forbidden($"Scheme '{id}' is maintained by '{latest.Maintainer}'; the key '{caller.Name}' acts for '{caller.Agency}'.");

        var outcome = await store.RollbackAsync(id, number, date, caller.Actor, cancellationToken);
        if (outcome is null) return Problems.NotFound($"Scheme '{id}' has no version {number}.");
        if (!outcome.Published) return Problems.InvalidVersion(outcome.Problems);
        var inForce = catalogue.InForce(id, Catalogue.CatalogueApi.Today(clock))?.Number;
        return TypedResults.Created($"/schemes/{id}/versions/{outcome.Version!.Number}", Summary(outcome.Version, inForce));
    }

    /// <summary>An agency changes only its own schemes, and cannot hand one to another agency.</summary>
    private static async Task<ProblemHttpResult?> Authorise(string id, VersionUpload upload, Caller caller, CatalogueStore store, CancellationToken cancellationToken)
    {
        var latest = await store.LatestAsync(id, cancellationToken);
        if (latest is not null && !caller.Maintains(latest.Maintainer))
            return Problems.Forbidden($"Scheme '{id}' is maintained by '{latest.Maintainer}'; the key '{caller.Name}' acts for '{caller.Agency}' and may change only that agency's schemes.");
        var newMaintainer = upload.Metadata?["maintainer"]?.GetValue<string>();
        if (newMaintainer is not null && !caller.Maintains(newMaintainer))
            return Problems.Forbidden($"The metadata names '{newMaintainer}' as maintainer; the key '{caller.Name}' may only publish schemes maintained by '{caller.Agency}'.");
        if (latest is null && upload.Metadata is null)
            return Problems.BadRequest($"There is no scheme '{id}' yet: a first version needs its metadata and its rules.");
        return null;
    }

    private static async Task<(VersionUpload? Upload, DateOnly? EffectiveFrom, ProblemHttpResult? Error)> ReadUploadAsync(HttpRequest request, ApiSettings settings, CancellationToken cancellationToken)
    {
        var body = await RequestInput.ReadBodyAsync(request, settings.MaxBodyBytes, cancellationToken);
        if (body is null) return (null, null, Problems.TooLarge(settings.MaxBodyBytes));
        VersionUpload? upload;
        try
        {
            upload = JsonSerializer.Deserialize<VersionUpload>(body, Core.Json.JsonDefaults.Read);
        }
        catch (JsonException e)
        {
            return (null, null, Problems.BadRequest($"The body is not a version upload ({e.Path ?? "$"}, line {e.LineNumber + 1}): send {{ \"metadata\": {{…}}, \"rules\": {{…}}, \"tests\": {{…}}, \"effectiveFrom\": \"YYYY-MM-DD\", \"note\": \"…\" }} with at least one part."));
        }
        if (upload is null || (upload.Metadata is null && upload.Rules is null && upload.Tests is null))
            return (null, null, Problems.BadRequest("Send at least one of metadata, rules and tests."));
        var (date, error) = RequestInput.Date(upload.EffectiveFrom, "effectiveFrom");
        return error is null ? (upload, date, null) : (null, null, Problems.BadRequest(error));
    }

    private static PublishRequest ToRequest(VersionUpload upload, DateOnly? effectiveFrom) =>
        new(upload.Metadata?.ToJsonString(Indented), upload.Rules?.ToJsonString(Indented), upload.Tests?.ToJsonString(Indented), effectiveFrom, upload.Note);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static VersionSummary Summary(SchemeVersion v, int? inForce) =>
        new(v.Number, v.EffectiveFrom, v.CreatedAtUtc, v.CreatedBy, v.Action, v.Note, v.MetadataHash, v.RulesHash, v.Number == inForce);

    private static JsonNode? Parse(string json) => JsonNode.Parse(json.TrimStart('\uFEFF'), documentOptions: Core.Json.JsonDefaults.Document);
}
