using System.Globalization;
using System.Linq.Dynamic.Core;
using System.Linq.Dynamic.Core.Exceptions;
using System.Linq.Expressions;
using System.Text.RegularExpressions;
using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Facts;
using ClusterFinance.Core.Profiles;

namespace ClusterFinance.Core.Rules;

/// <summary>
/// Compiles the criteria of a rule file into delegates over (profile, facts, context), once, at load. Global and
/// local parameters are inlined; the members each expression reads become its requirements (a missing one
/// makes the criterion unknown without running it); a comparison with a threshold keeps both sides for the gap.
/// </summary>
internal static partial class CriterionCompiler
{
    private static readonly ParameterExpression ProfileParameter = Expression.Parameter(typeof(Profile), "profile");
    private static readonly ParameterExpression FactsParameter = Expression.Parameter(typeof(DerivedFacts), "facts");
    private static readonly ParameterExpression ContextParameter = Expression.Parameter(typeof(EvaluationContext), "context");

    private static readonly ParsingConfig Config = new()
    {
        IsCaseSensitive = false,
        AllowNewToEvaluateAnyType = false,
        AllowEqualsAndToStringMethodsOnObject = false,
        ResolveTypesBySimpleName = false,
        LoadAdditionalAssembliesFromCurrentDomainBaseDirectory = false,
        NumberParseCulture = CultureInfo.InvariantCulture,
    };

    private static readonly string[] Operators = ["And", "AndAlso", "Or", "OrElse"];

    [GeneratedRegex(@"\$\(((?:[^()]|\((?:[^()]|\([^()]*\))*\))*)\)")]
    private static partial Regex PlaceholderPattern();

    /// <summary>The criteria of a scheme and the one delegate that decides them all.</summary>
    public sealed record Compiled(IReadOnlyList<CompiledCriterion> Criteria, SchemeProgram Program, int Slots);

    /// <summary>Numbers the criteria and conditions of one scheme: each has a slot for its verdict.</summary>
    private sealed class Slots
    {
        public int Count { get; private set; }
        public int Next() => Count++;
    }

    public static (Compiled? Rules, IReadOnlyList<RuleProblem> Problems) Compile(RuleFile file)
    {
        var problems = new List<RuleProblem>();
        void Problem(string? criterion, string message) => problems.Add(new RuleProblem(file.Path, criterion, message));

        var schemeId = RuleFile.SchemeIdOf(file.Path);
        if (file.WorkflowName != schemeId)
            Problem(null, $"WorkflowName '{file.WorkflowName}' differs from the scheme id '{schemeId}' given by the file name");
        if (file.WorkflowsToInject.Count > 0)
            Problem(null, "WorkflowsToInject is not supported (RulesEngine 6.0.1 grows and corrupts injected workflows); write the criteria in this file");
        if (file.RuleExpressionType is not null and not "LambdaExpression")
            Problem(null, $"RuleExpressionType '{file.RuleExpressionType}' is unknown; only LambdaExpression exists");
        if (file.Rules.Count == 0)
            Problem(null, "the workflow has no rules");
        if (file.Rules.Count(r => r.Enabled) > 64)
            Problem(null, "a scheme has at most 64 criteria; combine some with Operator rules");

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in AllRules(file.Rules).Select(r => r.Name).OfType<string>())
            if (!names.Add(name))
                Problem(name, "the criterion id is used more than once in this file");

        var scope = new Dictionary<string, Expression>(StringComparer.OrdinalIgnoreCase);
        foreach (var global in file.GlobalParams)
        {
            var parsed = Parse(global.Expression, scope, null, out var error);
            if (parsed is null) Problem(null, $"GlobalParams '{global.Name}': {error}");
            else if (!scope.TryAdd(global.Name, parsed)) Problem(null, $"GlobalParams '{global.Name}' is defined twice");
        }

        var criteria = new List<CompiledCriterion>();
        var slots = new Slots();
        foreach (var rule in file.Rules.Where(r => r.Enabled))
        {
            if (string.IsNullOrWhiteSpace(rule.Name)) { Problem(null, "a rule has no RuleName"); continue; }
            if (!KebabCase().IsMatch(rule.Name)) Problem(rule.Name, "the criterion id must be kebab-case (lower-case words joined by '-')");
            var citation = rule.Property("citation");
            if (string.IsNullOrWhiteSpace(citation)) Problem(rule.Name, "Properties.citation is missing: give the source URL and the article or section");
            var factsAsOfText = rule.Property("factsAsOf");
            DateOnly? factsAsOf = null;
            if (string.IsNullOrWhiteSpace(factsAsOfText)) Problem(rule.Name, "Properties.factsAsOf is missing: give the date of the facts this criterion encodes (YYYY-MM-DD)");
            else if (DateOnly.TryParseExact(factsAsOfText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) factsAsOf = d;
            else Problem(rule.Name, $"Properties.factsAsOf '{factsAsOfText}' is not a date (YYYY-MM-DD)");

            var compiled = CompileRule(rule, scope, citation, factsAsOf, rule.BoolProperty("verified") ?? true, rule.Name, slots, Problem);
            if (compiled is not null) criteria.Add(compiled);
        }
        return problems.Count == 0 ? (new Compiled(criteria, SchemeProgram.Build(criteria), slots.Count), problems) : (null, problems);
    }

    private static CompiledCriterion? CompileRule(RuleDefinition rule, Dictionary<string, Expression> parentScope,
        string? citation, DateOnly? factsAsOf, bool verified, string topName, Slots slots, Action<string?, string> problem)
    {
        var id = rule.Name ?? topName;
        if (rule.RuleExpressionType is not null and not "LambdaExpression")
            problem(id, $"RuleExpressionType '{rule.RuleExpressionType}' is unknown; only LambdaExpression exists");
        if (rule.WorkflowsToInject.Count > 0)
            problem(id, "WorkflowsToInject on a rule is ignored by RulesEngine; remove it");

        var scope = new Dictionary<string, Expression>(parentScope, StringComparer.OrdinalIgnoreCase);
        foreach (var local in rule.LocalParams)
        {
            var parsed = Parse(local.Expression, scope, null, out var error);
            if (parsed is null) problem(id, $"LocalParams '{local.Name}': {error}");
            else if (!scope.TryAdd(local.Name, parsed) && !parentScope.ContainsKey(local.Name)) problem(id, $"LocalParams '{local.Name}' is defined twice");
            else scope[local.Name] = parsed;
        }

        var verifiedHere = rule.BoolProperty("verified") ?? verified;
        var common = new CompiledCriterion
        {
            Id = id,
            Slot = slots.Next(),
            Kind = CriterionKind.Leaf,
            Expression = null,
            ErrorMessage = rule.ErrorMessage,
            ErrorTemplate = Template(rule.ErrorMessage, scope, id, problem),
            SuccessMessage = rule.SuccessEvent,
            SuccessTemplate = Template(rule.SuccessEvent, scope, id, problem),
            Citation = citation,
            FactsAsOf = factsAsOf,
            Verified = verifiedHere,
            Closable = rule.BoolProperty("closable"),
        };

        if (rule.IsComposite)
        {
            if (rule.Operator is null) { problem(id, "child Rules need an Operator (And, AndAlso, Or, OrElse)"); return null; }
            if (!Operators.Contains(rule.Operator))
            {
                var fix = Operators.FirstOrDefault(o => string.Equals(o, rule.Operator, StringComparison.OrdinalIgnoreCase));
                problem(id, fix is not null
                    ? $"Operator '{rule.Operator}' must be written '{fix}': RulesEngine compares it case-sensitively and would fail the rule silently"
                    : $"Operator '{rule.Operator}' is unknown; use And, AndAlso, Or or OrElse");
                return null;
            }
            if (rule.Expression is not null)
                problem(id, "a rule with an Operator must not have an Expression: RulesEngine ignores it when there are child rules");
            var enabledChildren = rule.Rules.Where(r => r.Enabled).ToList();
            if (enabledChildren.Count == 0) { problem(id, $"Operator '{rule.Operator}' has no enabled child Rules"); return null; }
            var children = new List<CompiledCriterion>();
            foreach (var child in enabledChildren)
            {
                if (string.IsNullOrWhiteSpace(child.Name)) { problem(id, "a child rule has no RuleName"); continue; }
                var compiledChild = CompileRule(child, scope, child.Property("citation") ?? citation, factsAsOf, verifiedHere, child.Name, slots, problem);
                if (compiledChild is not null) children.Add(compiledChild);
            }
            return common with
            {
                Kind = rule.Operator.StartsWith("And", StringComparison.Ordinal) ? CriterionKind.All : CriterionKind.Any,
                Children = children,
            };
        }

        if (string.IsNullOrWhiteSpace(rule.Expression)) { problem(id, "the rule has neither an Expression nor an Operator with child Rules"); return null; }
        var body = Parse(rule.Expression, scope, typeof(bool), out var parseError);
        if (body is null) { problem(id, parseError!); return null; }

        return common with
        {
            Expression = rule.Expression,
            Logic = Logic(body, slots),
            Requirements = RequirementCollector.Declared(rule, problem, id),
            Gap = GapOf(body),
        };
    }

    private static LogicNode Logic(Expression body, Slots slots) => body switch
    {
        BinaryExpression { NodeType: ExpressionType.AndAlso or ExpressionType.OrElse } b when b.Method is null =>
            new LogicNode { Slot = slots.Next(), IsAnd = b.NodeType == ExpressionType.AndAlso, Left = Logic(b.Left, slots), Right = Logic(b.Right, slots) },
        _ => new LogicNode { Slot = slots.Next(), Condition = body, Requirements = RequirementCollector.Collect(body) },
    };

    /// <summary>Parses an expression over profile, facts, context and the named parameters in scope (inlined).</summary>
    private static Expression? Parse(string text, IReadOnlyDictionary<string, Expression> scope, Type? resultType, out string? error)
    {
        error = ExpressionSafety.CheckText(text);
        if (error is not null) return null;

        var names = scope.Keys.ToList();
        var scoped = names.Select(n => Expression.Parameter(scope[n].Type, n)).ToList();
        ParameterExpression[] parameters = [ProfileParameter, FactsParameter, ContextParameter, .. scoped];
        Expression body;
        try
        {
            body = DynamicExpressionParser.ParseLambda(Config, parameters, null, text).Body;
        }
        catch (ParseException e)
        {
            error = $"{e.Message} (at character {e.Position + 1} of \"{text}\")";
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or NotSupportedException)
        {
            error = $"{e.Message} (in \"{text}\")";
            return null;
        }

        body = new Inliner(scoped.Select((p, i) => (p, scope[names[i]])).ToDictionary(x => x.p, x => x.Item2)).Visit(body);
        error = ExpressionSafety.CheckTree(body);
        if (error is not null) return null;

        if (resultType == typeof(bool))
        {
            if (body.Type == typeof(bool?)) body = Expression.Equal(body, Expression.Constant(true, typeof(bool?)));
            else if (body.Type != typeof(bool))
            {
                error = $"the expression gives a {Friendly(body.Type)}, not true or false (in \"{text}\")";
                return null;
            }
        }
        return body;
    }

    private static MessageTemplate Template(string? message, IReadOnlyDictionary<string, Expression> scope, string id, Action<string?, string> problem)
    {
        if (string.IsNullOrEmpty(message)) return MessageTemplate.None;
        List<string> literals = [];
        List<Placeholder> placeholders = [];
        var end = 0;
        foreach (Match match in PlaceholderPattern().Matches(message))
        {
            var text = match.Groups[1].Value;
            var body = Parse(text, scope, null, out var error);
            if (body is null) { problem(id, $"ErrorMessage placeholder $({text}): {error}"); continue; }
            literals.Add(message[end..match.Index]);
            placeholders.Add(new Placeholder(NullSafe(body)));
            end = match.Index + match.Length;
        }
        literals.Add(message[end..]);
        return new MessageTemplate(message, [.. literals], [.. placeholders]);
    }

    /// <summary>Reads the shape <c>fact op threshold</c> where the threshold side reads neither profile nor facts.</summary>
    private static GapShape? GapOf(Expression body)
    {
        if (Strip(body) is not BinaryExpression binary) return null;
        var op = binary.NodeType switch
        {
            ExpressionType.GreaterThanOrEqual => ">=",
            ExpressionType.GreaterThan => ">",
            ExpressionType.LessThanOrEqual => "<=",
            ExpressionType.LessThan => "<",
            ExpressionType.Equal => "==",
            ExpressionType.NotEqual => "!=",
            _ => null,
        };
        if (op is null) return null;
        var left = Strip(binary.Left);
        var right = Strip(binary.Right);
        var leftChain = RequirementCollector.ChainPath(left);
        var rightChain = RequirementCollector.ChainPath(right);
        Expression fact, threshold;
        string path;
        if (leftChain is not null && !RequirementCollector.ReadsInputs(right)) (fact, threshold, path) = (left, right, leftChain);
        else if (rightChain is not null && !RequirementCollector.ReadsInputs(left)) (fact, threshold, path, op) = (right, left, rightChain, Flip(op));
        else return null;
        return new GapShape(path, op, Box(fact), Box(NullSafe(threshold)), op is ">=" or ">" or "<=" or "<");
    }

    private static string Flip(string op) => op switch { ">=" => "<=", ">" => "<", "<=" => ">=", "<" => ">", _ => op };

    internal static Expression Strip(Expression e)
    {
        while (e is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } u) e = u.Operand;
        return e;
    }

    private static Expression Box(Expression e) => e.Type.IsValueType ? Expression.Convert(e, typeof(object)) : e;

    /// <summary>Wraps an expression so a null inside it gives null instead of an exception.</summary>
    private static Expression NullSafe(Expression e)
    {
        var boxed = e.Type == typeof(object) ? e : Expression.Convert(e, typeof(object));
        return Expression.TryCatch(boxed, Expression.Catch(typeof(NullReferenceException), Expression.Constant(null, typeof(object))));
    }

    internal static RuleFunc<T> CompileLambda<T>(Expression body)
    {
        if (body.Type != typeof(T)) body = Expression.Convert(body, typeof(T));
        body = new LambdaHoister().Visit(body);
        return Expression.Lambda<RuleFunc<T>>(body, ProfileParameter, FactsParameter, ContextParameter).Compile();
    }

    internal static Expression<SchemeRun> SchemeLambda(Expression body, ParameterExpression verdicts) =>
        Expression.Lambda<SchemeRun>(body, ProfileParameter, FactsParameter, ContextParameter, verdicts);

    /// <summary>A scheme's program as machine code, its inner lambdas compiled once each.</summary>
    internal static SchemeRun CompileScheme(Expression<SchemeRun> program) =>
        Expression.Lambda<SchemeRun>(new LambdaHoister().Visit(program.Body), program.Parameters).Compile();

    /// <summary>
    /// Compiles each inner lambda that uses only its own parameters (<c>p => p.country == "RO"</c>) once, as a
    /// constant delegate. Left inside the tree, it would be turned into a delegate on every call, which for
    /// compiled expression trees goes through reflection and costs about a microsecond.
    /// </summary>
    private sealed class LambdaHoister : ExpressionVisitor
    {
        protected override Expression VisitLambda<TDelegate>(Expression<TDelegate> node)
        {
            var visited = (Expression<TDelegate>)base.VisitLambda(node);
            var free = FreeParameters.Of(visited);
            if (free.Count == 0) return Expression.Constant(visited.Compile(), typeof(TDelegate));

            // p => p.country != profile.organisation.country: compiled once over (profile, facts, context, p), then
            // bound to the inputs of each call by ordinary C#, which is cheap.
            if (visited.Parameters.Count == 1 && free.All(p => p == ProfileParameter || p == FactsParameter || p == ContextParameter)
                && typeof(TDelegate).IsGenericType && typeof(TDelegate).GetGenericTypeDefinition() == typeof(Func<,>))
            {
                var (argument, result) = (visited.Parameters[0].Type, visited.ReturnType);
                var innerType = typeof(Func<,,,,>).MakeGenericType(typeof(Profile), typeof(DerivedFacts), typeof(EvaluationContext), argument, result);
                var inner = Expression.Lambda(innerType, visited.Body, ProfileParameter, FactsParameter, ContextParameter, visited.Parameters[0]).Compile();
                var bound = typeof(BoundLambda<,>).MakeGenericType(argument, result);
                return Expression.Property(
                    Expression.New(bound.GetConstructors()[0], Expression.Constant(inner, innerType), ProfileParameter, FactsParameter, ContextParameter),
                    nameof(BoundLambda<object, object>.Func));
            }
            return visited;
        }
    }

    /// <summary>An inner lambda that reads the rule's inputs, bound to them for one call.</summary>
    internal sealed class BoundLambda<T, TResult>(Func<Profile, DerivedFacts, EvaluationContext, T, TResult> inner, Profile profile, DerivedFacts facts, EvaluationContext context)
    {
        public Func<T, TResult> Func => x => inner(profile, facts, context, x);
    }

    private sealed class FreeParameters : ExpressionVisitor
    {
        private readonly HashSet<ParameterExpression> bound = [];
        private readonly HashSet<ParameterExpression> free = [];

        public static HashSet<ParameterExpression> Of(LambdaExpression lambda)
        {
            var finder = new FreeParameters();
            finder.Visit(lambda);
            return finder.free;
        }

        protected override Expression VisitLambda<TDelegate>(Expression<TDelegate> node)
        {
            foreach (var p in node.Parameters) bound.Add(p);
            return base.VisitLambda(node);
        }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            if (!bound.Contains(node)) free.Add(node);
            return node;
        }
    }

    internal static ParameterExpression ProfileRoot => ProfileParameter;
    internal static ParameterExpression FactsRoot => FactsParameter;
    internal static bool IsRoot(ParameterExpression p) => p == ProfileParameter || p == FactsParameter;
    internal static bool IsContext(ParameterExpression p) => p == ContextParameter;
    internal static bool IsFacts(ParameterExpression p) => p == FactsParameter;

    private static IEnumerable<RuleDefinition> AllRules(IEnumerable<RuleDefinition> rules) =>
        rules.SelectMany(r => AllRules(r.Rules).Prepend(r));

    private static string Friendly(Type type) => Nullable.GetUnderlyingType(type) is { } inner ? Friendly(inner) : type.Name switch
    {
        "Int32" => "number",
        "Decimal" or "Double" => "number",
        "String" => "text",
        _ => type.Name,
    };

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabCase();

    private sealed class Inliner(Dictionary<ParameterExpression, Expression> map) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) =>
            map.TryGetValue(node, out var replacement) ? replacement : node;
    }
}
