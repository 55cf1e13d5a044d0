using ClusterFinance.Core.Facts;
using ClusterFinance.Core.Profiles;
using ClusterFinance.Core.Rules;

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
/// Verdicts for many profiles against the whole catalogue, on all cores: the same three-valued logic as a single
/// evaluation, without building explanations. A test holds the two paths to identical verdicts.
/// </summary>
internal static class BulkEvaluator
{
    public static SchemeOutcome[][] Evaluate(IReadOnlyList<CompiledScheme> schemes, FactsCalculator facts, IReadOnlyList<Profile> profiles,
        DateOnly asOf, Action<int>? progress, CancellationToken cancellationToken)
    {
        var contexts = schemes.Select(s => new EvaluationContext { AsOf = asOf, Scheme = s.Scheme }).ToArray();
        var outcomes = new SchemeOutcome[profiles.Count][];
        var done = 0;
        Parallel.For(0, profiles.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var profile = profiles[i];
            var derived = facts.Compute(profile, asOf);
            var row = new SchemeOutcome[schemes.Count];
            for (var s = 0; s < schemes.Count; s++) row[s] = Evaluate(schemes[s], profile, derived, contexts[s]);
            outcomes[i] = row;
            if (progress is not null && Interlocked.Increment(ref done) % 256 == 0) progress(done);
        });
        return outcomes;
    }

    public static SchemeOutcome Evaluate(CompiledScheme scheme, Profile p, DerivedFacts f, EvaluationContext ctx)
    {
        ulong failed = 0, unknown = 0;
        var criteria = scheme.Criteria;
        for (var i = 0; i < criteria.Count; i++)
        {
            switch (Verdict(criteria[i], p, f, ctx))
            {
                case CriterionVerdict.Fail: failed |= 1UL << i; break;
                case CriterionVerdict.Unknown: unknown |= 1UL << i; break;
            }
        }
        var verdict = failed != 0 ? SchemeVerdict.NotEligible : unknown != 0 ? SchemeVerdict.Undetermined : SchemeVerdict.Eligible;
        return new SchemeOutcome(verdict, failed, unknown);
    }

    private static CriterionVerdict Verdict(CompiledCriterion c, Profile p, DerivedFacts f, EvaluationContext ctx)
    {
        if (c.Kind == CriterionKind.Leaf)
            return Present(c.Requirements, p, f, ctx) ? Decide(c.Logic!, p, f, ctx) : CriterionVerdict.Unknown;

        var all = c.Kind == CriterionKind.All;
        int passes = 0, fails = 0;
        foreach (var child in c.Children)
        {
            var verdict = Verdict(child, p, f, ctx);
            if (verdict == CriterionVerdict.Pass) passes++;
            else if (verdict == CriterionVerdict.Fail) fails++;
        }
        return all
            ? fails > 0 ? CriterionVerdict.Fail : passes == c.Children.Count ? CriterionVerdict.Pass : CriterionVerdict.Unknown
            : passes > 0 ? CriterionVerdict.Pass : fails == c.Children.Count ? CriterionVerdict.Fail : CriterionVerdict.Unknown;
    }

    private static CriterionVerdict Decide(LogicNode node, Profile p, DerivedFacts f, EvaluationContext ctx)
    {
        if (node.Predicate is { } predicate)
        {
            if (!Present(node.Requirements, p, f, ctx)) return CriterionVerdict.Unknown;
            try
            {
                return predicate(p, f, ctx) ? CriterionVerdict.Pass : CriterionVerdict.Fail;
            }
            catch (Exception e) when (e is NullReferenceException or InvalidCastException or ArithmeticException or InvalidOperationException or ArgumentException)
            {
                return CriterionVerdict.Unknown;
            }
        }
        var decisive = node.IsAnd ? CriterionVerdict.Fail : CriterionVerdict.Pass;
        var left = Decide(node.Left!, p, f, ctx);
        if (left == decisive) return left;
        var right = Decide(node.Right!, p, f, ctx);
        if (right == decisive) return right;
        return left == CriterionVerdict.Unknown || right == CriterionVerdict.Unknown ? CriterionVerdict.Unknown : left;
    }

    private static bool Present(IReadOnlyList<Requirement> requirements, Profile p, DerivedFacts f, EvaluationContext ctx)
    {
        for (var i = 0; i < requirements.Count; i++)
            if (!requirements[i].IsPresent(p, f, ctx)) return false;
        return true;
    }
}
