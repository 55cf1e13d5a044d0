using System.Linq.Expressions;
using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Facts;
using ClusterFinance.Core.Profiles;

namespace ClusterFinance.Core.Rules;

/// <summary>Runs a scheme's criteria on one profile and writes the verdict of every criterion and condition to its slot.</summary>
internal delegate void SchemeRun(Profile profile, DerivedFacts facts, EvaluationContext context, CriterionVerdict[] verdicts);

/// <summary>
/// All the criteria of a scheme as one program, in the shape a programmer would write by hand: presence tests inline
/// before each condition, three-valued <c>&amp;&amp;</c>/<c>||</c> and Operator rules, a verdict per slot. The bulk
/// and the single-profile paths both run it, so they cannot disagree; explanations read the slots afterwards.
/// <para>
/// Turning a program into machine code costs the JIT about 15 ms per scheme, several times more than parsing and checking the
/// rule file, so a loaded program starts interpreted (about twenty times cheaper to build) and is compiled once, in the
/// background, when it has run <see cref="CallsBeforeCompiling"/> times; bulk runs compile it before they start.
/// </para>
/// </summary>
internal sealed class SchemeProgram
{
    public const int CallsBeforeCompiling = 64;

    private Expression<SchemeRun>? pending;
    private SchemeRun run;
    private int calls;
    private int compiling;

    private SchemeProgram(Expression<SchemeRun> program)
    {
        pending = program;
        run = program.Compile(preferInterpretation: true);
    }

    /// <summary>Whether the program runs as machine code yet.</summary>
    public bool IsCompiled => pending is null;

    public void Run(Profile profile, DerivedFacts facts, EvaluationContext context, CriterionVerdict[] verdicts)
    {
        run(profile, facts, context, verdicts);
        // A plain increment: racing threads may lose counts, but at least one of them sees the threshold (Compile runs once).
        if (pending is not null && ++calls == CallsBeforeCompiling)
            ThreadPool.QueueUserWorkItem(static program => program.Compile(), this, preferLocal: false);
    }

    /// <summary>Compiles the program to machine code, once; the interpreted one serves until it is done.</summary>
    public void Compile()
    {
        if (pending is not { } program || Interlocked.Exchange(ref compiling, 1) == 1) return;
        try
        {
            run = CriterionCompiler.CompileScheme(program);
            pending = null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or NotSupportedException or InsufficientExecutionStackException)
        {
            // Machine code is only an acceleration: the interpreted program gives the same verdicts and keeps serving.
        }
    }

    private static readonly Expression Pass = Expression.Constant(CriterionVerdict.Pass);
    private static readonly Expression Fail = Expression.Constant(CriterionVerdict.Fail);
    private static readonly Expression Unknown = Expression.Constant(CriterionVerdict.Unknown);

    // What a condition may throw on an incomplete profile (a null inside a list it walks): the criterion is unknown.
    private static readonly Type[] Undecidable =
        [typeof(NullReferenceException), typeof(InvalidCastException), typeof(ArithmeticException), typeof(InvalidOperationException), typeof(ArgumentException)];

    public static SchemeProgram Build(IReadOnlyList<CompiledCriterion> criteria)
    {
        var verdicts = Expression.Parameter(typeof(CriterionVerdict[]), "verdicts");
        var body = Expression.Block(typeof(void), criteria.Select(c => Criterion(c, verdicts)));
        return new SchemeProgram(CriterionCompiler.SchemeLambda(body, verdicts));
    }

    /// <summary>The criterion's verdict, stored in its slot.</summary>
    private static Expression Criterion(CompiledCriterion c, ParameterExpression verdicts)
    {
        Expression value;
        if (c.Kind == CriterionKind.Leaf)
            value = Expression.Condition(Present(c.Requirements), Decide(c.Logic!, verdicts), Unknown);
        else
        {
            // Every child runs, so that each has its verdict to show; an And fails on any failure, an Or passes on any pass.
            var children = c.Children.Select((_, i) => Expression.Variable(typeof(CriterionVerdict), $"child{i}")).ToArray();
            var (decisive, other) = c.Kind == CriterionKind.All ? (Fail, Pass) : (Pass, Fail);
            var anyDecisive = children.Select(v => (Expression)Expression.Equal(v, decisive)).Aggregate(Expression.OrElse);
            var allOther = children.Select(v => (Expression)Expression.Equal(v, other)).Aggregate(Expression.AndAlso);
            value = Expression.Block(typeof(CriterionVerdict), children,
                c.Children.Select((child, i) => (Expression)Expression.Assign(children[i], Criterion(child, verdicts)))
                    .Append(Expression.Condition(anyDecisive, decisive, Expression.Condition(allOther, other, Unknown))));
        }
        return Expression.Assign(Expression.ArrayAccess(verdicts, Expression.Constant(c.Slot)), value);
    }

    /// <summary>A leaf's logic in three values: a decisive branch decides even when the other's facts are missing.</summary>
    private static Expression Decide(LogicNode node, ParameterExpression verdicts)
    {
        Expression value;
        if (node.Condition is { } condition)
        {
            var run = Expression.Condition(condition, Pass, Fail);
            value = Expression.Condition(Present(node.Requirements),
                Expression.TryCatch(run, [.. Undecidable.Select(type => Expression.Catch(type, Unknown))]),
                Unknown);
        }
        else
        {
            var decisive = node.IsAnd ? Fail : Pass;
            var left = Expression.Variable(typeof(CriterionVerdict), "left");
            var right = Expression.Variable(typeof(CriterionVerdict), "right");
            value = Expression.Block(typeof(CriterionVerdict), [left, right],
                Expression.Assign(left, Decide(node.Left!, verdicts)),
                Expression.Condition(Expression.Equal(left, decisive), left,
                    Expression.Block(typeof(CriterionVerdict),
                        Expression.Assign(right, Decide(node.Right!, verdicts)),
                        Expression.Condition(Expression.Equal(right, decisive), right,
                            Expression.Condition(Expression.OrElse(Expression.Equal(left, Unknown), Expression.Equal(right, Unknown)), Unknown, left)))));
        }
        return Expression.Assign(Expression.ArrayAccess(verdicts, Expression.Constant(node.Slot)), value);
    }

    private static Expression Present(IReadOnlyList<Requirement> requirements) =>
        requirements.Count == 0 ? Expression.Constant(true) : requirements.Select(r => r.Presence).Aggregate(Expression.AndAlso);
}
