using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Facts;
using ClusterFinance.Core.Profiles;

namespace ClusterFinance.Core.Rules;

internal delegate T RuleFunc<out T>(Profile profile, DerivedFacts facts, EvaluationContext context);

internal enum CriterionKind { Leaf, All, Any }

/// <summary>A profile member or derived fact a leaf criterion reads, with a compiled test that it is present.</summary>
internal sealed record Requirement(string Path, string? FactName, RuleFunc<bool> IsPresent);

/// <summary>
/// A leaf expression split at its top-level <c>&amp;&amp;</c> and <c>||</c>, so that it is decided in three-valued logic: a
/// false branch whose facts are known fails an <c>&amp;&amp;</c> even when the other branch's facts are missing.
/// </summary>
internal sealed class LogicNode
{
    public bool IsAnd { get; init; }
    public LogicNode? Left { get; init; }
    public LogicNode? Right { get; init; }
    public RuleFunc<bool>? Predicate { get; init; }
    public IReadOnlyList<Requirement> Requirements { get; init; } = [];
}

/// <summary>The fact side and the threshold side of a criterion of the form <c>fact op threshold</c>.</summary>
internal sealed record GapShape(string Fact, string Operator, RuleFunc<object?> Actual, RuleFunc<object?> Required, bool IsOrdering)
{
    // A reference, so that threads sharing the compiled criterion never see half an update.
    private sealed record Formatted(DateOnly AsOf, string Text);
    private Formatted? last;

    /// <summary>"&gt;= 15": the threshold reads only constants and the context, so it is formatted once per date.</summary>
    public string RequiredText(Profile p, DerivedFacts f, EvaluationContext ctx)
    {
        if (last is { } cached && cached.AsOf == ctx.AsOf) return cached.Text;
        var text = $"{Operator} {Evaluation.Explanations.FormatValue(Required(p, f, ctx))}";
        last = new Formatted(ctx.AsOf, text);
        return text;
    }
}

/// <summary>A <c>$(expression)</c> in a message, compiled once, evaluated only when the message is shown.</summary>
internal sealed record Placeholder(string Text, RuleFunc<object?> Value);

/// <summary>A criterion compiled to delegates: no parsing, reflection or RulesEngine machinery when it runs.</summary>
internal sealed record CompiledCriterion
{
    public required string Id { get; init; }
    public required CriterionKind Kind { get; init; }
    public required string? Expression { get; init; }
    public LogicNode? Logic { get; init; }
    /// <summary>Paths the author declared in Properties.requires, checked before anything runs.</summary>
    public IReadOnlyList<Requirement> Requirements { get; init; } = [];
    public GapShape? Gap { get; init; }
    public IReadOnlyList<CompiledCriterion> Children { get; init; } = [];
    public string? ErrorMessage { get; init; }
    public IReadOnlyList<Placeholder> ErrorPlaceholders { get; init; } = [];
    public string? SuccessMessage { get; init; }
    public IReadOnlyList<Placeholder> SuccessPlaceholders { get; init; } = [];
    public required string? Citation { get; init; }
    public required DateOnly? FactsAsOf { get; init; }
    public required bool Verified { get; init; }
    /// <summary>Whether a cluster can close the gap when this criterion fails; null when the author did not say.</summary>
    public required bool? Closable { get; init; }
}
