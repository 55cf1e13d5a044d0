using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClusterFinance.Core.Json;

/// <summary>The one set of JSON conventions for profiles, catalogue files and verdict documents.</summary>
public static class JsonDefaults
{
    /// <summary>Reading our own documents: camelCase, no unknown members, comments and trailing commas tolerated.</summary>
    public static readonly JsonSerializerOptions Read = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>Writing documents for people and scripts: camelCase, indented, nulls left out.</summary>
    public static readonly JsonSerializerOptions Write = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static readonly JsonDocumentOptions Document = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>"$.cluster.members.total" from the JSON Pointer "/cluster/members/total".</summary>
    public static string PathFromPointer(string jsonPointer)
    {
        if (jsonPointer.Length == 0 || jsonPointer == "/") return "$";
        var path = new System.Text.StringBuilder("$");
        foreach (var raw in jsonPointer.TrimStart('/').Split('/'))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (int.TryParse(segment, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
                path.Append('[').Append(segment).Append(']');
            else
                path.Append('.').Append(segment);
        }
        return path.ToString();
    }
}
