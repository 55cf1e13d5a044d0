using ClusterFinance.Core.Catalogue;

namespace ClusterFinance.Core.Evaluation;

/// <summary>The third parameter of every rule: the evaluation date and the scheme's own metadata.</summary>
public sealed class EvaluationContext
{
    public required DateOnly AsOf { get; init; }
    public required Scheme Scheme { get; init; }
}
