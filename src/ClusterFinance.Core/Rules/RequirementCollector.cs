using System.Linq.Expressions;

namespace ClusterFinance.Core.Rules;

/// <summary>
/// Finds what a leaf criterion reads: every chain of members from <c>profile</c> or <c>facts</c>
/// (<c>profile.Cluster.Members.Total</c>). Each becomes a requirement with a compiled presence test, so a
/// criterion whose facts are missing is reported unknown and its expression never runs. A chain compared with
/// null is the author testing presence themselves: only its owner is required.
/// </summary>
internal sealed class RequirementCollector : ExpressionVisitor
{
    private readonly List<MemberExpression> chains = [];

    /// <summary>The members and facts an expression reads.</summary>
    public static IReadOnlyList<Requirement> Collect(Expression body)
    {
        var collector = new RequirementCollector();
        collector.Visit(body);
        var requirements = new Dictionary<string, Requirement>(StringComparer.Ordinal);
        foreach (var chain in collector.chains)
        {
            var path = ChainPath(chain, includeContext: true)!;
            requirements.TryAdd(path, new Requirement(path, FactName(chain), PresenceTest(chain)));
        }
        return [.. requirements.Values];
    }

    /// <summary>The paths an author lists in <c>Properties.requires</c>, for facts the expression cannot show.</summary>
    public static IReadOnlyList<Requirement> Declared(RuleDefinition rule, Action<string?, string> problem, string id)
    {
        if (!rule.Properties.TryGetValue("requires", out var extra) || extra.ValueKind != System.Text.Json.JsonValueKind.Array) return [];
        var requirements = new List<Requirement>();
        foreach (var item in extra.EnumerateArray())
        {
            var text = item.ValueKind == System.Text.Json.JsonValueKind.String ? item.GetString()! : item.GetRawText();
            var expression = ParseRequiredPath(text);
            if (expression is null) problem(id, $"Properties.requires: '{text}' is not a member path of the profile or facts");
            else requirements.Add(new Requirement(ChainPath(expression)!, FactName(expression), PresenceTest(expression)));
        }
        return requirements;
    }

    /// <summary>"cluster.members.total" for profile.Cluster.Members.Total; "facts.ageYears" for facts.AgeYears.</summary>
    public static string? ChainPath(Expression expression) => ChainPath(expression, includeContext: false);

    /// <summary>As <see cref="ChainPath(Expression)"/>; with <paramref name="includeContext"/>, context.scheme… chains too.</summary>
    private static string? ChainPath(Expression expression, bool includeContext)
    {
        var names = new List<string>();
        var node = CriterionCompiler.Strip(expression);
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

    /// <summary>Whether the expression reads the profile or the facts anywhere.</summary>
    public static bool ReadsInputs(Expression expression)
    {
        var finder = new RootFinder();
        finder.Visit(expression);
        return finder.Found;
    }

    protected override Expression VisitBinary(BinaryExpression node)
    {
        if (node.NodeType is ExpressionType.Equal or ExpressionType.NotEqual)
        {
            var (tested, other) = IsNull(node.Right) ? (node.Left, node.Right) : IsNull(node.Left) ? (node.Right, node.Left) : (null, null);
            if (tested is not null && CriterionCompiler.Strip(tested) is MemberExpression { Expression: { } owner } && ChainPath(tested, includeContext: true) is not null)
            {
                // Only the owner must exist; the member itself may be null.
                if (ChainPath(owner, includeContext: true) is not null) chains.Add((MemberExpression)CriterionCompiler.Strip(owner));
                return node;
            }
        }
        return base.VisitBinary(node);
    }

    protected override Expression VisitMember(MemberExpression node)
    {
        if (ChainPath(node, includeContext: true) is not null)
        {
            chains.Add(node);
            return node;
        }
        return base.VisitMember(node);
    }

    private static bool IsNullableValue(MemberExpression member) =>
        member.Member.Name == "Value" && member.Expression is { } owner && Nullable.GetUnderlyingType(owner.Type) is not null;

    private static bool IsNull(Expression e) => CriterionCompiler.Strip(e) is ConstantExpression { Value: null };

    private static string? FactName(MemberExpression chain)
    {
        var node = chain;
        while (node.Expression is MemberExpression parent) node = parent;
        return node.Expression is ParameterExpression p && CriterionCompiler.IsFacts(p) ? Camel(node.Member.Name) : null;
    }

    /// <summary>Compiles <c>a != null &amp;&amp; a.b != null &amp;&amp; a.b.c != null</c> for the chain a.b.c.</summary>
    private static RuleFunc<bool> PresenceTest(MemberExpression chain)
    {
        var links = new List<Expression>();
        Expression? node = chain;
        while (node is MemberExpression member)
        {
            links.Add(member);
            node = member.Expression is null ? null : CriterionCompiler.Strip(member.Expression);
        }
        links.Reverse();
        Expression test = Expression.Constant(true);
        foreach (var link in links)
        {
            if (link.Type.IsValueType && Nullable.GetUnderlyingType(link.Type) is null) continue;
            test = Expression.AndAlso(test, Expression.NotEqual(link, Expression.Constant(null, link.Type)));
        }
        return CriterionCompiler.CompileLambda<bool>(test);
    }

    private static MemberExpression? ParseRequiredPath(string path)
    {
        var parts = path.Split('.');
        Expression node = parts[0] == "facts" ? FactsRoot : ProfileRoot;
        var members = parts[0] is "facts" or "profile" ? parts.Skip(1) : parts;
        foreach (var name in members)
        {
            var property = node.Type.GetProperty(name, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase);
            if (property is null) return null;
            node = Expression.Property(node, property);
        }
        return node as MemberExpression;
    }

    private static readonly ParameterExpression ProfileRoot = CriterionCompiler.ProfileRoot;
    private static readonly ParameterExpression FactsRoot = CriterionCompiler.FactsRoot;

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
