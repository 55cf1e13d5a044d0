using ClusterFinance.Core.Facts;
using ClusterFinance.Core.Profiles;

namespace ClusterFinance.Core.Evaluation;

/// <summary>
/// A scheme's verdict for one profile in a bulk run: the verdict and, as bit sets over the scheme's top-level
/// criteria (in file order), which failed and which were unknown. Explanations are left for what is shown.
/// </summary>
public readonly record struct SchemeOutcome(SchemeVerdict Verdict, ulong Failed, ulong Unknown)
{
    public bool HasFailed(int criterion) => (Failed & (1UL << criterion)) != 0;
    public bool IsUnknown(int criterion) => (Unknown & (1UL << criterion)) != 0;
}

/// <summary>
/// Verdicts for many profiles against the whole catalogue, on all cores: the same compiled scheme programs as a single
/// evaluation, without building explanations. A test holds the two paths to identical verdicts.
/// </summary>
internal static class BulkEvaluator
{
    /// <summary>
    /// Profiles per block. Each block's facts are computed first, then the block runs scheme by scheme, so that one
    /// scheme's program stays hot in the processor's caches and branch predictors for the whole block.
    /// </summary>
    public const int Block = 256;

    /// <summary>From this many profiles, every scheme's program is compiled to machine code before the run (see <see cref="SchemeProgram"/>).</summary>
    public const int CompileFrom = 500;

    public static SchemeOutcome[][] Evaluate(IReadOnlyList<CompiledScheme> schemes, FactsCalculator facts, IReadOnlyList<Profile> profiles,
        DateOnly asOf, Action<int>? progress, CancellationToken cancellationToken)
    {
        if (profiles.Count >= CompileFrom)
            Parallel.ForEach(schemes, new ParallelOptions { CancellationToken = cancellationToken }, scheme => scheme.Compile());
        var contexts = schemes.Select(s => new EvaluationContext { AsOf = asOf, Scheme = s.Scheme }).ToArray();
        var slots = schemes.Count == 0 ? 0 : schemes.Max(s => s.Slots);
        var outcomes = new SchemeOutcome[profiles.Count][];
        var done = 0;
        Parallel.For(0, (profiles.Count + Block - 1) / Block, new ParallelOptions { CancellationToken = cancellationToken },
            () => (Verdicts: new CriterionVerdict[slots], Facts: new DerivedFacts[Block]),
            (b, _, buffers) =>
            {
                var (start, end) = (b * Block, Math.Min(profiles.Count, (b + 1) * Block));
                for (var i = start; i < end; i++)
                {
                    buffers.Facts[i - start] = facts.Compute(profiles[i], asOf);
                    outcomes[i] = new SchemeOutcome[schemes.Count];
                }
                for (var s = 0; s < schemes.Count; s++)
                {
                    var (scheme, context) = (schemes[s], contexts[s]);
                    for (var i = start; i < end; i++)
                        outcomes[i][s] = scheme.Outcome(profiles[i], buffers.Facts[i - start], context, buffers.Verdicts);
                }
                if (progress is not null) progress(Interlocked.Add(ref done, end - start));
                return buffers;
            },
            _ => { });
        return outcomes;
    }

    [ThreadStatic] private static CriterionVerdict[]? verdicts;

    /// <summary>One scheme on one profile whose facts are computed.</summary>
    public static SchemeOutcome Evaluate(CompiledScheme scheme, Profile p, DerivedFacts f, EvaluationContext ctx)
    {
        if (verdicts is null || verdicts.Length < scheme.Slots) verdicts = new CriterionVerdict[scheme.Slots];
        return scheme.Outcome(p, f, ctx, verdicts);
    }
}
