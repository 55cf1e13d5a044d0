using System.Text;
using System.Text.Json;
using ClusterFinance.Core.Json;

namespace ClusterFinance.Core.Rules;

/// <summary>One problem in a rule, catalogue or test file, printed as <c>file:criterion: message</c>.</summary>
public sealed record RuleProblem(string File, string? Criterion, string Message)
{
    public override string ToString() => Criterion is null ? $"{File}: {Message}" : $"{File}:{Criterion}: {Message}";
}

public sealed record ScopedParamDefinition(string Name, string Expression);

/// <summary>A rule of a RulesEngine workflow, as written in the file.</summary>
public sealed record RuleDefinition
{
    public string? Name { get; init; }
    public string? Expression { get; init; }
    public string? Operator { get; init; }
    public string? ErrorMessage { get; init; }
    public string? SuccessEvent { get; init; }
    public bool Enabled { get; init; } = true;
    public string? RuleExpressionType { get; init; }
    public IReadOnlyList<string> WorkflowsToInject { get; init; } = [];
    public IReadOnlyList<ScopedParamDefinition> LocalParams { get; init; } = [];
    public IReadOnlyList<RuleDefinition> Rules { get; init; } = [];
    public IReadOnlyDictionary<string, JsonElement> Properties { get; init; } = new Dictionary<string, JsonElement>();

    public bool IsComposite => Operator is not null || Rules.Count > 0;

    public string? Property(string name) =>
        Properties.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public bool? BoolProperty(string name) =>
        Properties.TryGetValue(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;
}

/// <summary>
/// A rule file: one Microsoft RulesEngine workflow, read the way RulesEngine tools write it (a top-level object
/// or an array, property names in any case, explicit nulls, a byte-order mark, numeric or named
/// <c>RuleExpressionType</c>, members we do not use such as <c>ErrorType</c> or <c>Actions</c> ignored).
/// </summary>
public sealed record RuleFile
{
    public required string Path { get; init; }
    public required string WorkflowName { get; init; }
    public IReadOnlyList<ScopedParamDefinition> GlobalParams { get; init; } = [];
    public IReadOnlyList<RuleDefinition> Rules { get; init; } = [];
    public IReadOnlyList<string> WorkflowsToInject { get; init; } = [];
    public string? RuleExpressionType { get; init; }
    /// <summary>SHA-256 of the file's bytes: the version of the rules a verdict was given under.</summary>
    public required string Hash { get; init; }

    /// <summary>The scheme id a rule file must carry: its file name without <c>.json</c>.</summary>
    public static string SchemeIdOf(string path) => System.IO.Path.GetFileNameWithoutExtension(path);

    public static (RuleFile? File, IReadOnlyList<RuleProblem> Problems) Read(string path) =>
        Parse(path, File.ReadAllBytes(path));

    public static (RuleFile? File, IReadOnlyList<RuleProblem> Problems) Parse(string path, byte[] bytes)
    {
        var hash = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        ReadOnlySpan<byte> span = bytes;
        if (span.StartsWith(Encoding.UTF8.Preamble)) span = span[3..];
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(span.ToArray(), JsonDefaults.Document);
        }
        catch (JsonException e)
        {
            return (null, [new RuleProblem(path, null, $"invalid JSON at line {e.LineNumber + 1}, column {e.BytePositionInLine + 1}: {e.Message.Split(" Path:")[0].Split(" LineNumber:")[0]}")]);
        }

        using (document)
        {
            var problems = new List<RuleProblem>();
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                var count = root.GetArrayLength();
                if (count != 1)
                    return (null, [new RuleProblem(path, null, $"a rule file holds exactly one workflow; this array holds {count}")]);
                root = root[0];
            }
            if (root.ValueKind != JsonValueKind.Object)
                return (null, [new RuleProblem(path, null, "the top level must be a workflow object or an array holding one")]);

            var name = String(root, "WorkflowName") ?? String(root, "WorkflowRulesName");
            if (string.IsNullOrWhiteSpace(name))
                return (null, [new RuleProblem(path, null, "the workflow has no WorkflowName")]);

            var file = new RuleFile
            {
                Path = path,
                WorkflowName = name,
                GlobalParams = ScopedParams(root, "GlobalParams", path, null, problems),
                Rules = RuleList(root, path, null, problems),
                WorkflowsToInject = Strings(root, "WorkflowsToInject"),
                RuleExpressionType = EnumText(root),
                Hash = hash,
            };
            return (problems.Count == 0 ? file : null, problems);
        }
    }

    private static IReadOnlyList<RuleDefinition> RuleList(JsonElement owner, string path, string? parent, List<RuleProblem> problems)
    {
        if (Member(owner, "Rules") is not { ValueKind: JsonValueKind.Array } rules) return [];
        var list = new List<RuleDefinition>();
        var index = 0;
        foreach (var rule in rules.EnumerateArray())
        {
            index++;
            if (rule.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new(path, parent, $"rule {index} is not an object"));
                continue;
            }
            var ruleName = String(rule, "RuleName");
            var properties = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
            if (Member(rule, "Properties") is { ValueKind: JsonValueKind.Object } props)
                foreach (var p in props.EnumerateObject()) properties[p.Name] = p.Value.Clone();
            list.Add(new RuleDefinition
            {
                Name = ruleName,
                Expression = String(rule, "Expression"),
                Operator = String(rule, "Operator"),
                ErrorMessage = String(rule, "ErrorMessage"),
                SuccessEvent = String(rule, "SuccessEvent"),
                Enabled = Member(rule, "Enabled") is not { ValueKind: JsonValueKind.False },
                RuleExpressionType = EnumText(rule),
                WorkflowsToInject = Strings(rule, "WorkflowsToInject"),
                LocalParams = ScopedParams(rule, "LocalParams", path, ruleName ?? parent, problems),
                Rules = RuleList(rule, path, ruleName ?? parent, problems),
                Properties = properties,
            });
        }
        return list;
    }

    private static IReadOnlyList<ScopedParamDefinition> ScopedParams(JsonElement owner, string member, string path, string? criterion, List<RuleProblem> problems)
    {
        if (Member(owner, member) is not { ValueKind: JsonValueKind.Array } items) return [];
        var list = new List<ScopedParamDefinition>();
        foreach (var item in items.EnumerateArray())
        {
            var name = item.ValueKind == JsonValueKind.Object ? String(item, "Name") : null;
            var expression = item.ValueKind == JsonValueKind.Object ? String(item, "Expression") : null;
            if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(expression))
                problems.Add(new(path, criterion, $"every entry of {member} needs a Name and an Expression"));
            else
                list.Add(new ScopedParamDefinition(name, expression));
        }
        return list;
    }

    private static JsonElement? Member(JsonElement obj, string name)
    {
        foreach (var property in obj.EnumerateObject())
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                return property.Value.ValueKind == JsonValueKind.Null ? null : property.Value;
        return null;
    }

    private static string? String(JsonElement obj, string name) =>
        Member(obj, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static IReadOnlyList<string> Strings(JsonElement obj, string name) =>
        Member(obj, name) is { ValueKind: JsonValueKind.Array } items
            ? [.. items.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.String).Select(i => i.GetString()!)]
            : [];

    /// <summary>RuleExpressionType as text: "LambdaExpression" for 0 or the name.</summary>
    private static string? EnumText(JsonElement obj) => Member(obj, "RuleExpressionType") switch
    {
        { ValueKind: JsonValueKind.Number } n => n.TryGetInt32(out var v) && v == 0 ? "LambdaExpression" : n.GetRawText(),
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        _ => null,
    };
}
