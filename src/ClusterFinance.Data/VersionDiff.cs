using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClusterFinance.Data;

/// <summary>One change between two versions: a metadata field, or a criterion added, removed or changed.</summary>
public sealed record Change(string Part, string Path, string Kind, string? Before, string? After);

/// <summary>What changed between two versions of a scheme, criterion by criterion and field by field.</summary>
public static class VersionDiff
{
    private static readonly JsonSerializerOptions Plain = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IReadOnlyList<Change> Between(SchemeVersion from, SchemeVersion to)
    {
        var changes = new List<Change>();
        changes.AddRange(Fields("metadata", Flatten(JsonNode.Parse(from.MetadataJson)), Flatten(JsonNode.Parse(to.MetadataJson))));
        var before = Criteria(from.RulesJson);
        var after = Criteria(to.RulesJson);
        foreach (var id in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            var old = before.GetValueOrDefault(id);
            var @new = after.GetValueOrDefault(id);
            if (@new is null) changes.Add(new Change("rules", id, "removed", old!.ToJsonString(Plain), null));
            else if (old is null) changes.Add(new Change("rules", id, "added", null, @new.ToJsonString(Plain)));
            else changes.AddRange(Fields("rules", Flatten(old, id), Flatten(@new, id)));
        }
        if (from.TestsJson != to.TestsJson) changes.Add(new Change("tests", "cases", "changed", null, null));
        if (from.EffectiveFrom != to.EffectiveFrom)
            changes.Add(new Change("version", "effectiveFrom", "changed", from.EffectiveFrom.ToString("yyyy-MM-dd", null), to.EffectiveFrom.ToString("yyyy-MM-dd", null)));
        return changes;
    }

    private static IEnumerable<Change> Fields(string part, Dictionary<string, string> before, Dictionary<string, string> after)
    {
        foreach (var path in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            before.TryGetValue(path, out var a);
            after.TryGetValue(path, out var b);
            if (a == b) continue;
            yield return new Change(part, path, a is null ? "added" : b is null ? "removed" : "changed", a, b);
        }
    }

    /// <summary>Top-level rules by name, read in any property case, from an object or one-workflow array.</summary>
    private static Dictionary<string, JsonNode> Criteria(string rulesJson)
    {
        var root = JsonNode.Parse(rulesJson.TrimStart('\uFEFF'), documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        if (root is JsonArray array) root = array.FirstOrDefault();
        var rules = Member(root as JsonObject, "Rules") as JsonArray ?? [];
        var byName = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var rule in rules.OfType<JsonObject>())
            if (Member(rule, "RuleName")?.GetValue<string>() is { } name) byName[name] = rule;
        return byName;
    }

    private static JsonNode? Member(JsonObject? obj, string name) =>
        obj?.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static Dictionary<string, string> Flatten(JsonNode? node, string prefix = "")
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        void Walk(JsonNode? n, string path)
        {
            switch (n)
            {
                case JsonObject o:
                    foreach (var (key, value) in o) Walk(value, path.Length == 0 ? key : $"{path}.{key}");
                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++) Walk(a[i], $"{path}[{i}]");
                    break;
                default:
                    values[path] = n?.ToJsonString(Plain) ?? "null";
                    break;
            }
        }
        Walk(node, prefix);
        return values;
    }
}
