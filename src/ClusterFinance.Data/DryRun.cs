using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Profiles;
using Microsoft.EntityFrameworkCore;

namespace ClusterFinance.Data;

/// <summary>How one stored profile's verdict would change if a candidate version were published.</summary>
public sealed record VerdictChange(string ProfileId, SchemeVerdict Before, SchemeVerdict After, IReadOnlyList<CriterionChange> Criteria);

public sealed record CriterionChange(string Id, CriterionVerdict? Before, CriterionVerdict? After, string? Message);

public sealed record DryRunResult(DateOnly On, int? CurrentVersion, int ProfilesEvaluated, IReadOnlyList<VerdictChange> Changes);

/// <summary>Evaluates every stored profile under the version in force and under a candidate, and lists the differences.</summary>
public sealed class DryRun(IDbContextFactory<ClusterFinanceDb> databases, VersionedCatalogue catalogue)
{
    public async Task<DryRunResult> RunAsync(CompiledScheme candidate, DateOnly on, CancellationToken cancellationToken)
    {
        var inForce = catalogue.InForce(candidate.Scheme.Id, on);
        var currentEngine = inForce is null ? null
            : EligibilityEngine.Create([await catalogue.CompiledAsync(inForce.Id, cancellationToken)], catalogue.Lookups, "current");
        var candidateEngine = EligibilityEngine.Create([candidate], catalogue.Lookups, "candidate");

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var changes = new List<VerdictChange>();
        var evaluated = 0;
        await foreach (var stored in db.Profiles.AsNoTracking().OrderBy(p => p.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (ProfileReader.Read(stored.Json).Profile is not { } profile) continue;
            evaluated++;
            var after = candidateEngine.Evaluate(profile, on).Results[0];
            var before = currentEngine?.Evaluate(profile, on).Results[0];
            if (before is not null && before.Verdict == after.Verdict) continue;

            var beforeById = before?.Criteria.ToDictionary(c => c.Id) ?? [];
            var criteria = after.Criteria
                .Where(c => !beforeById.TryGetValue(c.Id, out var b) || b.Verdict != c.Verdict)
                .Select(c => new CriterionChange(c.Id, beforeById.GetValueOrDefault(c.Id)?.Verdict, c.Verdict, c.Verdict == CriterionVerdict.Pass ? null : c.Message))
                .Concat(beforeById.Values.Where(b => after.Criteria.All(c => c.Id != b.Id)).Select(b => new CriterionChange(b.Id, b.Verdict, null, "removed")))
                .ToList();
            changes.Add(new VerdictChange(stored.Id, before?.Verdict ?? SchemeVerdict.Undetermined, after.Verdict, criteria));
        }
        return new DryRunResult(on, inForce?.Number, evaluated, changes);
    }
}
