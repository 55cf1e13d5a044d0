using System.Linq.Expressions;
using System.Text.Json;
using ClusterFinance.Core.Facts;

namespace ClusterFinance.Core.Rules;

/// <summary>
/// Finds what a leaf criterion reads: every chain of members from <c>profile</c>, <c>facts</c> or <c>context</c>
/// (<c>profile.Cluster.Members.Total</c>), and every call of a fact method with constant arguments
/// (<c>facts.ConsortiumCountriesIn("eurostars-countries")</c>). Each becomes a requirement with a compiled
/// presence test, so a criterion whose facts are missing is reported unknown and its expression never runs. A
/// chain compared with null is the author testing presence themselves: only its owner is required.
/// </summary>
internal sealed class RequirementCollector : ExpressionVisitor
{
    private readonly List<Expression> reads = [];
    private readonly List<Requirement> special = [];

    /// <summary>The members and facts an expression reads.</summary>
    public static IReadOnlyList<Requirement> Collect(Expression body)
    {
        var collector = new RequirementCollector();
        collector.Visit(body);
        var requirements = new Dictionary<string, Requirement>(StringComparer.Ordinal);
        foreach (var read in collector.reads)
        {
            var path = Path(read, includeContext: true)!;
            requirements.TryAdd(path, new Requirement(path, FactName(read), path, Presence(read)));
        }
        foreach (var requirement in collector.special) requirements.TryAdd(requirement.Path + "#" + requirements.Count, requirement);
        return [.. requirements.Values];
    }

    /// <summary>The paths an author lists in <c>Properties.requires</c>, for facts the expression cannot show.</summary>
    public static IReadOnlyList<Requirement> Declared(RuleDefinition rule, Action<string?, string> problem, string id)
    {
        if (!rule.Properties.TryGetValue("requires", out var extra) || extra.ValueKind != JsonValueKind.Array) return [];
        var requirements = new List<Requirement>();
        foreach (var item in extra.EnumerateArray())
        {
            var text = item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText();
            var expression = ParseRequiredPath(text);
            if (expression is null) problem(id, $"Properties.requires: '{text}' is not a member path of the profile or facts");
            else
            {
                var path = Path(expression, includeContext: false)!;
                requirements.Add(new Requirement(path, FactName(expression), path, Presence(expression)));
            }
        }
        return requirements;
    }

    /// <summary>"cluster.members.total" for profile.Cluster.Members.Total; "facts.ageYears" for facts.AgeYears.</summary>
    public static string? ChainPath(Expression expression) => Path(expression, includeContext: false);

    /// <summary>Whether the expression reads the profile or the facts anywhere.</summary>
    public static bool ReadsInputs(Expression expression)
    {
        var finder = new RootFinder();
        finder.Visit(expression);
        return finder.Found;
    }

    private static string? Path(Expression expression, bool includeContext)
    {
        var names = new List<string>();
        var node = CriterionCompiler.Strip(expression);
        if (node is MethodCallExpression call && IsFactMethod(call))
            return $"facts.{Camel(call.Method.Name)}({string.Join(", ", call.Arguments.Select(a => JsonSerializer.Serialize(((ConstantExpression)a).Value)))})";
        while (node is MemberExpression member)
        {
            // x.Value of a nullable names x itself.
            if (!IsNullableValue(member)) names.Add(Camel(member.Member.Name));
            node = member.Expression is null ? null! : CriterionCompiler.Strip(member.Expression);
        }
        if (node is not ParameterExpression root || names.Count == 0) return null;
        if (!CriterionCompiler.IsRoot(root) && !(includeContext && CriterionCompiler.IsContext(root))) return null;
        names.Reverse();
        var prefix = CriterionCompiler.IsFacts(root) ? "facts." : CriterionCompiler.IsContext(root) ? "context." : "";
        return prefix + string.Join('.', names);
    }

    /// <summary>A derived-fact method called with constants only: facts.ConsortiumCountriesIn("…").</summary>
    private static bool IsFactMethod(MethodCallExpression call) =>
        call.Object is ParameterExpression p && CriterionCompiler.IsFacts(p) && call.Arguments.All(a => a is ConstantExpression);

    protected override Expression VisitBinary(BinaryExpression node)
    {
        if (node.NodeType is ExpressionType.Equal or ExpressionType.NotEqual)
        {
            var tested = IsNull(node.Right) ? node.Left : IsNull(node.Left) ? node.Right : null;
            if (tested is not null && CriterionCompiler.Strip(tested) is MemberExpression { Expression: { } owner } && Path(tested, includeContext: true) is not null)
            {
                // Only the owner must exist; the member itself may be null.
                if (Path(owner, includeContext: true) is not null) reads.Add(CriterionCompiler.Strip(owner));
                return node;
            }
        }
        return base.VisitBinary(node);
    }

    protected override Expression VisitMember(MemberExpression node)
    {
        if (Path(node, includeContext: true) is not null)
        {
            reads.Add(node);
            return node;
        }
        return base.VisitMember(node);
    }

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        if (IsFactMethod(node))
        {
            reads.Add(node);
            return node;
        }
        // list.Sum(p => p.budgetSharePct.Value): every element must have the value, or the criterion is unknown
        // (and named as such) rather than an exception.
        if (node.Method.DeclaringType == typeof(Enumerable) && node.Arguments.Count == 2
            && RootList(node.Arguments[0]) is { } list && Path(list, includeContext: false) is { } listPath
            && CriterionCompiler.Strip(node.Arguments[1]) is LambdaExpression { Parameters.Count: 1 } lambda
            && lambda.Parameters[0].Type == ElementType(list.Type))
        {
            foreach (var owner in NullableValuesOf(lambda))
                special.Add(EveryElementHas(list, listPath, lambda.Parameters[0], owner));
        }

        // facts.programmeAreas.Contains("id"): without a NUTS 3 code, a programme drawn by NUTS 3 cannot say.
        if (node.Method.DeclaringType == typeof(Enumerable) && node.Method.Name == "Contains" && node.Arguments.Count == 2
            && Path(node.Arguments[0], includeContext: false) == "facts.programmeAreas"
            && CriterionCompiler.Strip(node.Arguments[1]) is ConstantExpression { Value: string programme })
        {
            var undecided = Expression.Property(CriterionCompiler.FactsRoot, nameof(DerivedFacts.UndecidedProgrammeAreas));
            var test = Expression.Not(Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(string)], undecided, Expression.Constant(programme)));
            special.Add(new Requirement("organisation.nuts3", null, $"organisation.nuts3 for {programme}", test));
        }
        return base.VisitMethodCall(node);
    }

    /// <summary>The list a chain of Where, OrderBy… starts from (the elements stay of one type), or null.</summary>
    private static Expression? RootList(Expression source)
    {
        var node = CriterionCompiler.Strip(source);
        while (node is MethodCallExpression { Method.DeclaringType: var type, Arguments.Count: > 0 } call && type == typeof(Enumerable)
               && ElementType(call.Arguments[0].Type) == ElementType(call.Type))
            node = CriterionCompiler.Strip(call.Arguments[0]);
        return node is MemberExpression ? node : null;
    }

    private static Type? ElementType(Type type) =>
        type.IsGenericType && type.GetGenericArguments() is [var element] ? element
        : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    /// <summary>The nullable members read with <c>.Value</c> on a lambda's own parameter: <c>p.budgetSharePct</c> in <c>p.budgetSharePct.Value</c>.</summary>
    private static List<MemberExpression> NullableValuesOf(LambdaExpression lambda)
    {
        var found = new List<MemberExpression>();
        var finder = new ValueFinder(lambda.Parameters[0], found);
        finder.Visit(lambda.Body);
        return found;
    }

    /// <summary><c>list == null || list.All(x =&gt; x.member != null)</c>, named <c>list[*].member</c>.</summary>
    private static Requirement EveryElementHas(Expression list, string listPath, ParameterExpression element, MemberExpression member)
    {
        var names = new List<string>();
        for (Expression? node = member; node is MemberExpression m; node = m.Expression) names.Insert(0, Camel(m.Member.Name));
        var item = Expression.Parameter(element.Type, "item");
        var memberOfItem = new Swap(element, item).Visit(member);
        var all = Expression.Call(typeof(Enumerable), nameof(Enumerable.All), [element.Type], list,
            Expression.Lambda(IsNotNull(memberOfItem), item));
        // Where the list itself is missing, its own requirement speaks; this one only looks inside it.
        var test = Expression.OrElse(Expression.Not(Presence(list)), all);
        var path = $"{listPath}[*].{string.Join('.', names)}";
        return new Requirement(path, null, path, test);
    }

    private sealed class ValueFinder(ParameterExpression element, List<MemberExpression> found) : ExpressionVisitor
    {
        protected override Expression VisitMember(MemberExpression node)
        {
            if (IsNullableValue(node) && CriterionCompiler.Strip(node.Expression!) is MemberExpression owner && RootOf(owner) == element)
                found.Add(owner);
            return base.VisitMember(node);
        }

        private static Expression? RootOf(MemberExpression member)
        {
            Expression? node = member;
            while (node is MemberExpression m) node = m.Expression is null ? null : CriterionCompiler.Strip(m.Expression);
            return node;
        }
    }

    private sealed class Swap(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }

    private static bool IsNullableValue(MemberExpression member) =>
        member.Member.Name == "Value" && member.Expression is { } owner && Nullable.GetUnderlyingType(owner.Type) is not null;

    private static bool IsNull(Expression e) => CriterionCompiler.Strip(e) is ConstantExpression { Value: null };

    private static string? FactName(Expression read)
    {
        var node = CriterionCompiler.Strip(read);
        if (node is MethodCallExpression call) return Camel(call.Method.Name);
        var member = (MemberExpression)node;
        while (member.Expression is MemberExpression parent) member = parent;
        return member.Expression is ParameterExpression p && CriterionCompiler.IsFacts(p) ? Camel(member.Member.Name) : null;
    }

    /// <summary><c>a != null &amp;&amp; a.b != null &amp;&amp; a.b.c != null</c> for the chain a.b.c, or <c>call != null</c>.</summary>
    private static Expression Presence(Expression read)
    {
        var links = new List<Expression>();
        Expression? node = CriterionCompiler.Strip(read);
        while (node is MemberExpression or MethodCallExpression)
        {
            links.Add(node);
            node = node is MemberExpression { Expression: { } owner } ? CriterionCompiler.Strip(owner) : null;
        }
        links.Reverse();
        Expression test = Expression.Constant(true);
        foreach (var link in links)
        {
            if (link.Type.IsValueType && Nullable.GetUnderlyingType(link.Type) is null) continue;
            test = Expression.AndAlso(test, IsNotNull(link));
        }
        return test;
    }

    /// <summary>A null test that compares references: a record's own != would call its Equals for every test.</summary>
    private static Expression IsNotNull(Expression value) => value.Type.IsValueType
        ? Expression.NotEqual(value, Expression.Constant(null, value.Type))
        : Expression.ReferenceNotEqual(value, Expression.Constant(null, value.Type));

    private static MemberExpression? ParseRequiredPath(string path)
    {
        var parts = path.Split('.');
        Expression node = parts[0] == "facts" ? CriterionCompiler.FactsRoot : CriterionCompiler.ProfileRoot;
        var members = parts[0] is "facts" or "profile" ? parts.Skip(1) : parts;
        foreach (var name in members)
        {
            var property = node.Type.GetProperty(name, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase);
            if (property is null) return null;
            node = Expression.Property(node, property);
        }
        return node as MemberExpression;
    }

    internal static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private sealed class RootFinder : ExpressionVisitor
    {
        public bool Found { get; private set; }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            if (CriterionCompiler.IsRoot(node)) Found = true;
            return node;
        }
    }
}
