using System.Text;
using System.Text.Json;
using ClusterFinance.Core.Catalogue;
using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Facts;
using ClusterFinance.Core.Rules;
using Microsoft.EntityFrameworkCore;

namespace ClusterFinance.Data;

/// <summary>What an agency sends to publish: any of the three parts; the parts not sent are carried over.</summary>
public sealed record PublishRequest(string? MetadataJson, string? RulesJson, string? TestsJson, DateOnly? EffectiveFrom, string? Note);

public sealed record PublishOutcome(SchemeVersion? Version, IReadOnlyList<RuleProblem> Problems)
{
    public bool Published => Version is not null;
}

/// <summary>
/// Writes to the stored catalogue: the first import of catalogue/ and rules/, and new versions. A version is
/// checked exactly as `rules validate` checks files, and its test cases must pass, before it is written; a
/// refused version changes nothing. Numbers are given under one writer at a time, so that concurrent
/// publications of one scheme neither collide nor leave gaps.
/// </summary>
public sealed class CatalogueStore(IDbContextFactory<ClusterFinanceDb> databases, VersionedCatalogue catalogue, TimeProvider clock)
{
    private static readonly SemaphoreSlim Writer = new(1, 1);

    /// <summary>Imports catalogue/ and rules/ into an empty database; returns the files left out and why.</summary>
    public async Task<IReadOnlyList<RuleProblem>> ImportIfEmptyAsync(CatalogueSource source, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (await db.SchemeVersions.AnyAsync(cancellationToken)) return [];

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var name in Lookups.FileNames)
        {
            var path = Path.Combine(source.LookupsDirectory, name);
            if (File.Exists(path)) db.LookupTables.Add(new LookupTable { Name = name, Json = File.ReadAllText(path) });
        }
        var lookups = source.LoadLookups();

        var problems = new List<RuleProblem>();
        foreach (var metadataPath in source.SchemeFiles())
        {
            var id = Path.GetFileNameWithoutExtension(metadataPath);
            var rulesPath = Path.Combine(source.RulesDirectory, id + ".json");
            if (!File.Exists(rulesPath)) { problems.Add(new RuleProblem(metadataPath, null, $"no rule file rules/{id}.json; not imported")); continue; }
            var metadataJson = Text(metadataPath);
            var rulesJson = Text(rulesPath);
            var testsPath = RuleTests.TestFileOf(rulesPath);
            var (compiledScheme, found) = VersionedCatalogue.Compile(id, metadataJson, rulesJson, lookups);
            if (compiledScheme is null) { problems.AddRange(found); continue; }
            var version = NewVersion(id, 1, compiledScheme.Scheme.Maintainer, metadataJson, rulesJson,
                File.Exists(testsPath) ? Text(testsPath) : null, DateOnly.MinValue, now, "import", "import", $"imported from {source.Root}");
            db.SchemeVersions.Add(version);
            Audit.Record(db, now, "import", "import", $"scheme/{id}/1", null, version.RulesHash);
        }
        await db.SaveChangesAsync(cancellationToken);
        await catalogue.RefreshAsync(cancellationToken);
        return problems;
    }

    /// <summary>Validates and publishes a new version; on any problem nothing is written.</summary>
    public async Task<PublishOutcome> PublishAsync(string schemeId, PublishRequest request, string actor, CancellationToken cancellationToken) =>
        await WriteVersionAsync(schemeId, request, actor, "publish", cancellationToken);

    /// <summary>Publishes the content of an earlier version again, as a new version.</summary>
    public async Task<PublishOutcome?> RollbackAsync(string schemeId, int number, DateOnly? effectiveFrom, string actor, CancellationToken cancellationToken)
    {
        var earlier = await FindAsync(schemeId, number, cancellationToken);
        if (earlier is null) return null;
        var request = new PublishRequest(earlier.MetadataJson, earlier.RulesJson, earlier.TestsJson, effectiveFrom, $"rollback to version {number}");
        return await WriteVersionAsync(schemeId, request, actor, "rollback", cancellationToken);
    }

    /// <summary>
    /// Checks a candidate version without writing it; returns it compiled, or the problems. Publishing also runs
    /// its test cases; a dry run, which explores a change before its tests are rewritten, does not.
    /// </summary>
    public async Task<(CompiledScheme? Candidate, SchemeVersion? Current, IReadOnlyList<RuleProblem> Problems)> CheckAsync(
        string schemeId, PublishRequest request, CancellationToken cancellationToken, bool runTests = true)
    {
        var current = await LatestAsync(schemeId, cancellationToken);
        var metadata = request.MetadataJson ?? current?.MetadataJson;
        var rules = request.RulesJson ?? current?.RulesJson;
        var problems = new List<RuleProblem>();
        if (metadata is null) problems.Add(new RuleProblem($"catalogue/schemes/{schemeId}.json", null, "a new scheme needs its metadata"));
        if (rules is null) problems.Add(new RuleProblem($"rules/{schemeId}.json", null, "a new scheme needs its rule file"));
        if (problems.Count > 0) return (null, current, problems);

        var (candidate, compileProblems) = VersionedCatalogue.Compile(schemeId, metadata!, rules!, catalogue.Lookups);
        if (candidate is null) return (null, current, compileProblems);

        var tests = request.TestsJson ?? current?.TestsJson;
        if (runTests && tests is not null)
        {
            var engine = EligibilityEngine.Create([candidate], catalogue.Lookups, "candidate");
            var outcomes = RuleTests.Run(engine, $"rules/{schemeId}.tests.json", Encoding.UTF8.GetBytes(tests));
            problems.AddRange(outcomes.Where(o => !o.Passed)
                .SelectMany(o => o.Failures.Select(f => new RuleProblem(o.File, null, $"test case '{o.Case}': {f}"))));
        }
        return (problems.Count == 0 ? candidate : null, current, problems);
    }

    public async Task<SchemeVersion?> LatestAsync(string schemeId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.SchemeVersions.AsNoTracking().Where(v => v.SchemeId == schemeId)
            .OrderByDescending(v => v.Number).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<SchemeVersion?> FindAsync(string schemeId, int number, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.SchemeVersions.AsNoTracking().SingleOrDefaultAsync(v => v.SchemeId == schemeId && v.Number == number, cancellationToken);
    }

    public async Task<IReadOnlyList<SchemeVersion>> HistoryAsync(string schemeId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.SchemeVersions.AsNoTracking().Where(v => v.SchemeId == schemeId).OrderBy(v => v.Number).ToListAsync(cancellationToken);
    }

    private async Task<PublishOutcome> WriteVersionAsync(string schemeId, PublishRequest request, string actor, string action, CancellationToken cancellationToken)
    {
        await Writer.WaitAsync(cancellationToken);
        try
        {
            var (candidate, current, problems) = await CheckAsync(schemeId, request, cancellationToken);
            if (candidate is null) return new PublishOutcome(null, problems);

            var now = clock.GetUtcNow().UtcDateTime;
            var effectiveFrom = request.EffectiveFrom ?? DateOnly.FromDateTime(now);
            for (var attempt = 1; ; attempt++)
            {
                await using var db = await databases.CreateDbContextAsync(cancellationToken);
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var number = 1 + (await db.SchemeVersions.Where(v => v.SchemeId == schemeId).MaxAsync(v => (int?)v.Number, cancellationToken) ?? 0);
                var version = NewVersion(schemeId, number, candidate.Scheme.Maintainer,
                    request.MetadataJson ?? current!.MetadataJson, request.RulesJson ?? current!.RulesJson, request.TestsJson ?? current?.TestsJson,
                    effectiveFrom, now, actor, action, request.Note);
                db.SchemeVersions.Add(version);
                Audit.Record(db, now, actor, action, $"scheme/{schemeId}/{number}", current?.RulesHash + " " + current?.MetadataHash,
                    version.RulesHash + " " + version.MetadataHash, $"effective from {effectiveFrom:yyyy-MM-dd}");
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                    await catalogue.RefreshAsync(cancellationToken);
                    return new PublishOutcome(version, []);
                }
                catch (DbUpdateException) when (attempt < 5)
                {
                    // Another process took the number first: read the new maximum and try again.
                    await transaction.RollbackAsync(cancellationToken);
                }
            }
        }
        finally
        {
            Writer.Release();
        }
    }

    private static SchemeVersion NewVersion(string schemeId, int number, string maintainer, string metadataJson, string rulesJson, string? testsJson,
        DateOnly effectiveFrom, DateTime now, string actor, string action, string? note) => new()
    {
        SchemeId = schemeId,
        Number = number,
        Maintainer = maintainer,
        MetadataJson = metadataJson,
        RulesJson = rulesJson,
        TestsJson = testsJson,
        MetadataHash = Hashing.Sha256(metadataJson),
        RulesHash = Hashing.Sha256(rulesJson),
        EffectiveFrom = effectiveFrom,
        CreatedAtUtc = now,
        CreatedBy = actor,
        Action = action,
        Note = note,
    };

    private static string Text(string path) => Encoding.UTF8.GetString(File.ReadAllBytes(path));

    /// <summary>The JSON text of an element, as sent.</summary>
    public static string? Raw(JsonElement? element) => element is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } e ? e.GetRawText() : null;
}
