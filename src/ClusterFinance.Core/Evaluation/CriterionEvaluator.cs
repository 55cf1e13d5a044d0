using ClusterFinance.Core.Facts;
using ClusterFinance.Core.Profiles;
using ClusterFinance.Core.Rules;

namespace ClusterFinance.Core.Evaluation;

/// <summary>
/// One profile against one scheme, explained: the scheme's program decides every criterion (as in bulk), then each
/// result is built from its verdict; missing facts are named only for what is unknown, gaps only for what failed,
/// and messages are formatted when read.
/// </summary>
internal static class CriterionEvaluator
{
    public static SchemeResult Evaluate(CompiledScheme compiled, Profile profile, DerivedFacts facts, DateOnly asOf)
    {
        var context = new EvaluationContext { AsOf = asOf, Scheme = compiled.Scheme };
        var verdicts = new CriterionVerdict[compiled.Slots];
        compiled.Run(profile, facts, context, verdicts);
        var criteria = new CriterionResult[compiled.Criteria.Count];
        bool anyFail = false, allPass = true, allFailsClosable = true;
        for (var i = 0; i < criteria.Length; i++)
        {
            var result = criteria[i] = Result(compiled.Criteria[i], verdicts, profile, facts, context);
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
            Encoded = compiled.Encoded,
        };
    }

    private static CriterionResult Result(CompiledCriterion c, CriterionVerdict[] verdicts, Profile p, DerivedFacts f, EvaluationContext ctx) =>
        c.Kind == CriterionKind.Leaf ? Leaf(c, verdicts, p, f, ctx) : Composite(c, verdicts, p, f, ctx);

    private static CriterionResult Leaf(CompiledCriterion c, CriterionVerdict[] verdicts, Profile p, DerivedFacts f, EvaluationContext ctx)
    {
        var verdict = verdicts[c.Slot];
        switch (verdict)
        {
            case CriterionVerdict.Unknown:
                List<string>? missing = null;
                if (!AnyMissing(c.Requirements, p, f, ctx, ref missing)) Missing(c.Logic!, verdicts, p, f, ctx, ref missing);
                var paths = Distinct(missing);
                return new CriterionResult(c, verdict, p, f, ctx, paths) { MissingFacts = paths };
            case CriterionVerdict.Pass:
                return c.SuccessTemplate.IsFixed ? c.SharedPass ??= CriterionResult.Shared(c, verdict, closable: false) : new CriterionResult(c, verdict, p, f, ctx, null);
            default:
                // An ordering threshold is closable unless the author says otherwise; anything else only when the author says so.
                var closable = c.Closable ?? c.Gap?.IsOrdering ?? false;
                if (c.Gap is null && c.ErrorTemplate.IsFixed) return c.SharedFail ??= CriterionResult.Shared(c, verdict, closable);
                var gap = c.Gap is { } shape ? new Gap(shape.Fact, shape.Actual(p, f, ctx), shape.RequiredText(p, f, ctx)) : null;
                return new CriterionResult(c, verdict, p, f, ctx, null) { Gap = gap, Closable = closable };
        }
    }

    /// <summary>
    /// The facts that left an unknown node of a leaf's logic undecided: only unknown branches are named, since a known
    /// one did not decide the outcome. A node is unknown only when neither branch was decisive, so both ran and wrote
    /// their slots. A condition that is unknown with all its facts present threw on a null inside a list: nothing to name.
    /// </summary>
    private static void Missing(LogicNode node, CriterionVerdict[] verdicts, Profile p, DerivedFacts f, EvaluationContext ctx, ref List<string>? missing)
    {
        if (node.Condition is not null)
        {
            AnyMissing(node.Requirements, p, f, ctx, ref missing);
            return;
        }
        if (verdicts[node.Left!.Slot] == CriterionVerdict.Unknown) Missing(node.Left, verdicts, p, f, ctx, ref missing);
        if (verdicts[node.Right!.Slot] == CriterionVerdict.Unknown) Missing(node.Right, verdicts, p, f, ctx, ref missing);
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

    private static CriterionResult Composite(CompiledCriterion c, CriterionVerdict[] verdicts, Profile p, DerivedFacts f, EvaluationContext ctx)
    {
        var all = c.Kind == CriterionKind.All;
        var children = new CriterionResult[c.Children.Count];
        bool anyFailClosable = false, allFailsClosable = true;
        for (var i = 0; i < children.Length; i++)
        {
            var child = children[i] = Result(c.Children[i], verdicts, p, f, ctx);
            if (child.Verdict == CriterionVerdict.Fail)
            {
                anyFailClosable |= child.Closable;
                allFailsClosable &= child.Closable;
            }
        }
        var verdict = verdicts[c.Slot];

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
