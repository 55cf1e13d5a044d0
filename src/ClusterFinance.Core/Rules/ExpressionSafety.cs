using System.Linq.Expressions;
using System.Text.RegularExpressions;

namespace ClusterFinance.Core.Rules;

/// <summary>
/// Rule expressions are code written by agencies and run on our server. Only members of the profile, facts and
/// context types and a short list of pure helpers may be used; everything else is refused when the file is
/// validated, never discovered when it runs.
/// </summary>
internal static partial class ExpressionSafety
{
    private static readonly HashSet<Type> MethodTypes =
    [
        typeof(string), typeof(Math), typeof(Enumerable), typeof(DateOnly), typeof(DateTime), typeof(TimeSpan),
        typeof(decimal), typeof(int), typeof(long), typeof(double), typeof(bool), typeof(char), typeof(Convert),
        typeof(Nullable<>), typeof(StringComparer),
    ];

    private static readonly HashSet<string> ForbiddenEnumerableMethods = ["Range", "Repeat"];

    private static readonly HashSet<Type> MemberTypes =
    [
        typeof(string), typeof(DateOnly), typeof(DateTime), typeof(TimeSpan), typeof(Nullable<>),
        typeof(IReadOnlyCollection<>), typeof(ICollection<>), typeof(List<>), typeof(Array), typeof(StringComparison),
    ];

    private static readonly HashSet<string> ForbiddenMembers = ["Now", "UtcNow", "Today"];

    private static readonly HashSet<Type> ConstructibleTypes = [typeof(DateOnly), typeof(DateTime), typeof(TimeSpan), typeof(decimal)];

    /// <summary>Words that have no business in an eligibility rule, refused before parsing for a clear message.</summary>
    [GeneratedRegex(@"\b(GetType|typeof|Assembly|Reflection|Activator|AppDomain|Environment|Process|File|Directory|Stream|Http\w*|Socket|Thread|Task|Marshal|Unsafe|Emit|Console|Random|NewGuid|Invoke|DynamicInvoke)\b")]
    private static partial Regex ForbiddenWord();

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'")]
    private static partial Regex StringLiteral();

    /// <summary>A message when the text names something forbidden, else null.</summary>
    public static string? CheckText(string expression)
    {
        var code = StringLiteral().Replace(expression, "\"\"");
        var match = ForbiddenWord().Match(code);
        return match.Success ? $"uses '{match.Value}', which rules may not call (only the profile, facts, context and the allowed helpers)" : null;
    }

    /// <summary>A message for the first node outside the allow-list, else null.</summary>
    public static string? CheckTree(Expression expression)
    {
        var walker = new Walker();
        walker.Visit(expression);
        return walker.Problem;
    }

    private static bool IsOurs(Type? type) =>
        type?.Namespace?.StartsWith("ClusterFinance.Core", StringComparison.Ordinal) == true;

    private static Type Open(Type type) => type.IsGenericType ? type.GetGenericTypeDefinition() : type;

    private sealed class Walker : ExpressionVisitor
    {
        public string? Problem { get; private set; }

        public override Expression? Visit(Expression? node) => Problem is null ? base.Visit(node) : node;

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            var type = node.Method.DeclaringType!;
            var allowed = (MethodTypes.Contains(Open(type)) || IsOurs(type))
                && !(type == typeof(Enumerable) && ForbiddenEnumerableMethods.Contains(node.Method.Name));
            if (!allowed)
                Problem ??= $"calls {type.Name}.{node.Method.Name}, which rules may not use";
            return base.VisitMethodCall(node);
        }

        protected override Expression VisitMember(MemberExpression node)
        {
            var type = node.Member.DeclaringType!;
            if (ForbiddenMembers.Contains(node.Member.Name) && type == typeof(DateTime))
                Problem ??= $"reads DateTime.{node.Member.Name}; use context.asOf, the evaluation date";
            else if (!IsOurs(type) && !MemberTypes.Contains(Open(type)) && !type.IsPrimitive)
                Problem ??= $"reads {type.Name}.{node.Member.Name}, which rules may not use";
            return base.VisitMember(node);
        }

        protected override Expression VisitNew(NewExpression node)
        {
            if (!ConstructibleTypes.Contains(node.Type))
                Problem ??= $"creates a {node.Type.Name}; rules may only create dates, times and decimals";
            return base.VisitNew(node);
        }

        protected override Expression VisitInvocation(InvocationExpression node)
        {
            Problem ??= "invokes a delegate, which rules may not do";
            return base.VisitInvocation(node);
        }

        protected override Expression VisitConstant(ConstantExpression node)
        {
            if (node.Value is Type or System.Reflection.MemberInfo or System.Reflection.Assembly)
                Problem ??= "refers to a .NET type, which rules may not do";
            return base.VisitConstant(node);
        }
    }
}
