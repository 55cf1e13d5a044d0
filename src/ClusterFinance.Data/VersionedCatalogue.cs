using System.Collections.Concurrent;
using System.Text;
using ClusterFinance.Core.Catalogue;
using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Facts;
using Microsoft.EntityFrameworkCore;

namespace ClusterFinance.Data;

/// <summary>A version of a scheme, without its content: what the catalogue keeps in memory to choose versions.</summary>
public sealed record VersionEntry(int Id, string SchemeId, int Number, DateOnly EffectiveFrom, string Maintainer, string MetadataHash, string RulesHash);

/// <summary>
/// The catalogue as stored in the database: every version of every scheme. Evaluations on a date use, for each
/// scheme, the version in force that day (the latest effective date on or before it; for the same date, the
/// highest number). Each version is compiled once and kept; engines are assembled from compiled versions.
/// </summary>
public sealed class VersionedCatalogue(IDbContextFactory<ClusterFinanceDb> databases)
{
    private readonly ConcurrentDictionary<int, CompiledScheme> compiled = new();
    private readonly ConcurrentDictionary<string, EligibilityEngine> engines = new(StringComparer.Ordinal);
    private volatile Snapshot? snapshot;

    private sealed record Snapshot(IReadOnlyList<VersionEntry> Versions, Lookups Lookups, string LookupsHash)
    {
        /// <summary>The engine of each date asked for, while this list of versions holds (one look-up per request).</summary>
        public ConcurrentDictionary<DateOnly, EligibilityEngine> EngineByDate { get; } = new();
    }

    public Lookups Lookups => Current.Lookups;
    public IReadOnlyList<VersionEntry> Versions => Current.Versions;

    private Snapshot Current => snapshot ?? throw new InvalidOperationException("The catalogue has not been loaded: call RefreshAsync first.");

    /// <summary>Reloads the list of versions and the look-up tables, after a publication or at start.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var versions = await db.SchemeVersions.AsNoTracking()
            .OrderBy(v => v.SchemeId).ThenBy(v => v.Number)
            .Select(v => new VersionEntry(v.Id, v.SchemeId, v.Number, v.EffectiveFrom, v.Maintainer, v.MetadataHash, v.RulesHash))
            .ToListAsync(cancellationToken);
        var tables = await db.LookupTables.AsNoTracking().ToDictionaryAsync(t => t.Name, t => t.Json, cancellationToken);
        var lookups = tables.Count == 0 ? Lookups.Empty : Lookups.Parse(name => tables.GetValueOrDefault(name), "lookups");
        var lookupsHash = Hashing.Sha256(string.Join('\n', tables.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Key + "\n" + t.Value)));
        if (snapshot is { } old && old.LookupsHash != lookupsHash)
        {
            compiled.Clear();
            engines.Clear();
        }
        snapshot = new Snapshot(versions, lookups, lookupsHash);
    }

    /// <summary>For each scheme, the version in force on the date; schemes not yet in force are left out.</summary>
    public IReadOnlyList<VersionEntry> InForce(DateOnly on) =>
        [.. Current.Versions
            .Where(v => v.EffectiveFrom <= on)
            .GroupBy(v => v.SchemeId)
            .Select(g => g.OrderByDescending(v => v.EffectiveFrom).ThenByDescending(v => v.Number).First())
            .OrderBy(v => v.SchemeId, StringComparer.Ordinal)];

    public VersionEntry? InForce(string schemeId, DateOnly on) => InForce(on).FirstOrDefault(v => v.SchemeId == schemeId);

    public bool Exists(string schemeId) => Current.Versions.Any(v => v.SchemeId == schemeId);

    /// <summary>The engine over the versions in force on the date.</summary>
    public async Task<EligibilityEngine> EngineOnAsync(DateOnly on, CancellationToken cancellationToken)
    {
        var current = Current;
        if (current.EngineByDate.TryGetValue(on, out var engine)) return engine;
        engine = await EngineForAsync(InForce(on), cancellationToken);
        // Dates come from requests: the look-up is kept for a bounded number of them (engines themselves are shared).
        if (current.EngineByDate.Count > 5_000) current.EngineByDate.Clear();
        // A snapshot replaced meanwhile keeps its own cache; the new one starts empty.
        return current.EngineByDate.GetOrAdd(on, engine);
    }

    /// <summary>The engine over exactly these versions (to reproduce a stored evaluation).</summary>
    public async Task<EligibilityEngine> EngineForAsync(IReadOnlyList<VersionEntry> versions, CancellationToken cancellationToken)
    {
        var key = string.Join(',', versions.Select(v => v.Id));
        if (engines.TryGetValue(key, out var cached)) return cached;

        var schemes = new List<CompiledScheme>(versions.Count);
        foreach (var version in versions) schemes.Add(await CompiledAsync(version.Id, cancellationToken));
        var engine = EligibilityEngine.Create(schemes, Current.Lookups, CatalogueHash(versions));
        // Dates share engines: there are as many as there are distinct sets of versions in force.
        return engines.GetOrAdd(key, engine);
    }

    public string CatalogueHash(IReadOnlyList<VersionEntry> versions) =>
        Hashing.Sha256(Current.LookupsHash + "\n" + string.Join('\n', versions.Select(v => $"{v.SchemeId} {v.MetadataHash} {v.RulesHash}")));

    /// <summary>A stored version, compiled once.</summary>
    public async Task<CompiledScheme> CompiledAsync(int versionId, CancellationToken cancellationToken)
    {
        if (compiled.TryGetValue(versionId, out var scheme)) return scheme;
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var version = await db.SchemeVersions.AsNoTracking().SingleAsync(v => v.Id == versionId, cancellationToken);
        var (result, problems) = Compile(version.SchemeId, version.MetadataJson, version.RulesJson, Current.Lookups, version.Number);
        if (result is null)
            throw new InvalidOperationException($"Stored version {version.Number} of {version.SchemeId} no longer compiles: {string.Join("; ", problems)}");
        return compiled.GetOrAdd(versionId, result);
    }

    /// <summary>Checks and compiles metadata and rules as `rules validate` does.</summary>
    public static (CompiledScheme? Scheme, IReadOnlyList<Core.Rules.RuleProblem> Problems) Compile(
        string schemeId, string metadataJson, string rulesJson, Lookups lookups, int? number = null)
    {
        var (metadata, metadataProblems) = CatalogueSource.ReadScheme($"catalogue/schemes/{schemeId}.json", Encoding.UTF8.GetBytes(metadataJson), schemeId);
        if (metadata is null) return (null, metadataProblems);
        return EligibilityEngine.Compile($"rules/{schemeId}.json", Encoding.UTF8.GetBytes(rulesJson), metadata, lookups, number);
    }
}
