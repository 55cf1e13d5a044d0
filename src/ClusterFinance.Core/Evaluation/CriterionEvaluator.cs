using ClusterFinance.Core.Facts;
using ClusterFinance.Core.Profiles;
using ClusterFinance.Core.Rules;

namespace ClusterFinance.Core.Evaluation;

/// <summary>
/// The hot path: runs a scheme's compiled criteria on a profile. Three-valued throughout (pass, fail, unknown);
/// no LINQ, and lists of missing facts only when something is missing; messages are formatted when read.
/// </summary>
internal static class CriterionEvaluator
{
    public static SchemeResult Evaluate(CompiledScheme compiled, Profile profile, DerivedFacts facts, DateOnly asOf)
    {
        var context = new EvaluationContext { AsOf = asOf, Scheme = compiled.Scheme };
        var criteria = new CriterionResult[compiled.Criteria.Count];
        bool anyFail = false, allPass = true, allFailsClosable = true;
        for (var i = 0; i < criteria.Length; i++)
        {
            var result = criteria[i] = Run(compiled.Criteria[i], profile, facts, context);
            if (result.Verdict == CriterionVerdict.Fail)
            {
                anyFail = true;
                allFailsClosable &= result.Closable;
            }
            allPass &= result.Verdict == CriterionVerdict.Pass;
        }
        var verdict = anyFail ? SchemeVerdict.NotEligible : allPass ? SchemeVerdict.Eligible : SchemeVerdict.Undetermined;
        var nearMiss = anyFail && allFailsClosable;
        return new SchemeResult
        {
            SchemeId = compiled.Scheme.Id,
            Name = compiled.Scheme.Name,
            Level = compiled.Scheme.Level,
            Verdict = verdict,
            NearMiss = nearMiss,
            Verified = compiled.Verified,
            Legacy = compiled.Scheme.Legacy,
            Criteria = criteria,
            // What a person must still check matters only where the cluster could apply.
            ManualChecks = verdict == SchemeVerdict.NotEligible && !nearMiss ? [] : compiled.Scheme.ManualChecks,
        };
    }

    public static CriterionResult Run(CompiledCriterion c, Profile p, DerivedFacts f, EvaluationContext ctx) =>
        c.Kind == CriterionKind.Leaf ? RunLeaf(c, p, f, ctx) : RunComposite(c, p, f, ctx);

    private static CriterionResult RunLeaf(CompiledCriterion c, Profile p, DerivedFacts f, EvaluationContext ctx)
    {
        List<string>? missing = null;
        var verdict = AnyMissing(c.Requirements, p, f, ctx, ref missing) ? CriterionVerdict.Unknown : Decide(c.Logic!, p, f, ctx, ref missing);
        switch (verdict)
        {
            case CriterionVerdict.Unknown:
                var paths = Distinct(missing);
                return new CriterionResult(c, verdict, p, f, ctx, paths) { MissingFacts = paths };
            case CriterionVerdict.Pass:
                return new CriterionResult(c, verdict, p, f, ctx, null);
            default:
                var gap = c.Gap is { } shape ? new Gap(shape.Fact, shape.Actual(p, f, ctx), shape.RequiredText(p, f, ctx)) : null;
                // An ordering threshold is closable unless the author says otherwise; anything else only when the author says so.
                var closable = c.Closable ?? c.Gap?.IsOrdering ?? false;
                return new CriterionResult(c, verdict, p, f, ctx, null) { Gap = gap, Closable = closable };
        }
    }

    /// <summary>A leaf's logic, three-valued: missing facts are reported only where they decide the outcome.</summary>
    private static CriterionVerdict Decide(LogicNode node, Profile p, DerivedFacts f, EvaluationContext ctx, ref List<string>? missing)
    {
        if (node.Predicate is { } predicate)
        {
            if (AnyMissing(node.Requirements, p, f, ctx, ref missing)) return CriterionVerdict.Unknown;
            try
            {
                return predicate(p, f, ctx) ? CriterionVerdict.Pass : CriterionVerdict.Fail;
            }
            catch (Exception e) when (e is NullReferenceException or InvalidCastException or ArithmeticException or InvalidOperationException or ArgumentException)
            {
                // A null inside a list the expression walks: the profile is incomplete there.
                return CriterionVerdict.Unknown;
            }
        }
        List<string>? leftMissing = null, rightMissing = null;
        var decisive = node.IsAnd ? CriterionVerdict.Fail : CriterionVerdict.Pass;
        var left = Decide(node.Left!, p, f, ctx, ref leftMissing);
        if (left == decisive) return left;
        var right = Decide(node.Right!, p, f, ctx, ref rightMissing);
        if (right == decisive) return right;
        if (left != CriterionVerdict.Unknown && right != CriterionVerdict.Unknown) return left;
        if (leftMissing is not null) (missing ??= []).AddRange(leftMissing);
        if (rightMissing is not null) (missing ??= []).AddRange(rightMissing);
        return CriterionVerdict.Unknown;
    }

    private static bool AnyMissing(IReadOnlyList<Requirement> requirements, Profile p, DerivedFacts f, EvaluationContext ctx, ref List<string>? missing)
    {
        var any = false;
        for (var i = 0; i < requirements.Count; i++)
        {
            var requirement = requirements[i];
            if (requirement.IsPresent(p, f, ctx)) continue;
            any = true;
            missing ??= [];
            if (requirement.FactName is { } fact && f.MissingInputs.TryGetValue(fact, out var inputs)) missing.AddRange(inputs);
            else missing.Add(requirement.Path);
        }
        return any;
    }

    private static CriterionResult RunComposite(CompiledCriterion c, Profile p, DerivedFacts f, EvaluationContext ctx)
    {
        var all = c.Kind == CriterionKind.All;
        var children = new CriterionResult[c.Children.Count];
        int passes = 0, fails = 0;
        bool anyFailClosable = false, allFailsClosable = true;
        for (var i = 0; i < children.Length; i++)
        {
            var child = children[i] = Run(c.Children[i], p, f, ctx);
            if (child.Verdict == CriterionVerdict.Pass) passes++;
            else if (child.Verdict == CriterionVerdict.Fail)
            {
                fails++;
                anyFailClosable |= child.Closable;
                allFailsClosable &= child.Closable;
            }
        }
        // An And fails on any failure and an Or passes on any pass; otherwise unknown wins.
        var verdict = all
            ? fails > 0 ? CriterionVerdict.Fail : passes == children.Length ? CriterionVerdict.Pass : CriterionVerdict.Unknown
            : passes > 0 ? CriterionVerdict.Pass : fails == children.Length ? CriterionVerdict.Fail : CriterionVerdict.Unknown;

        IReadOnlyList<string> missing = [];
        if (verdict == CriterionVerdict.Unknown)
        {
            List<string>? gathered = null;
            foreach (var child in children) if (child.MissingFacts.Count > 0) (gathered ??= []).AddRange(child.MissingFacts);
            missing = Distinct(gathered);
        }
        var closable = verdict == CriterionVerdict.Fail && (c.Closable ?? (all ? allFailsClosable : anyFailClosable));
        return new CriterionResult(c, verdict, p, f, ctx, missing) { MissingFacts = missing, Closable = closable, Children = children };
    }

    private static IReadOnlyList<string> Distinct(List<string>? items)
    {
        if (items is null) return [];
        var distinct = new List<string>(items.Count);
        foreach (var item in items) if (!distinct.Contains(item)) distinct.Add(item);
        return distinct;
    }
}
