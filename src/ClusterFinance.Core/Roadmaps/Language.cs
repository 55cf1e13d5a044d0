using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClusterFinance.Core.Roadmaps;

/// <summary>
/// A language of the reports: its string table (templates/strings/&lt;code&gt;.json) and its ways of writing numbers,
/// money and dates. The formats are carried in the table because the product runs with invariant globalization,
/// where CultureInfo("ro-RO") knows neither Romanian separators nor month names.
/// </summary>
public sealed class Language
{
    private readonly JsonObject strings;
    private readonly string decimalSeparator;
    private readonly string groupSeparator;
    private readonly string[] months;
    private readonly string moneyPattern;
    private readonly string percentPattern;
    private readonly string datePattern;
    private readonly string monthPattern;

    private Language(string code, JsonObject strings)
    {
        Code = code;
        this.strings = strings;
        var format = strings["format"] as JsonObject ?? throw new RoadmapException($"{code}.json", "has no 'format' section");
        decimalSeparator = Text(format, "decimalSeparator");
        groupSeparator = Text(format, "groupSeparator");
        moneyPattern = Text(format, "money");
        percentPattern = Text(format, "percent");
        datePattern = Text(format, "date");
        monthPattern = Text(format, "month");
        months = format["months"] is JsonArray m && m.Count == 12
            ? [.. m.Select(x => x?.GetValue<string>() ?? "")]
            : throw new RoadmapException($"{code}.json", "format.months must list the twelve month names");
    }

    public string Code { get; }

    /// <summary>The string table as read, for templates.</summary>
    public JsonObject Strings => strings;

    public static IReadOnlyList<string> Codes(string templatesDirectory) =>
        [.. Directory.EnumerateFiles(Path.Combine(templatesDirectory, "strings"), "*.json")
            .Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal)];

    public static Language Load(string templatesDirectory, string code)
    {
        var path = Path.Combine(templatesDirectory, "strings", code + ".json");
        if (code.Length == 0 || code.Any(c => !char.IsAsciiLetterLower(c)) || !File.Exists(path))
            throw new RoadmapException(code, $"no string table for the language '{code}'; available: {string.Join(", ", Codes(templatesDirectory))}");
        try
        {
            var node = JsonNode.Parse(File.ReadAllText(path, Encoding.UTF8), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            return new Language(code, node as JsonObject ?? throw new RoadmapException(path, "is not a JSON object"));
        }
        catch (JsonException e)
        {
            throw new RoadmapException(path, $"invalid JSON at line {e.LineNumber + 1}: {e.Message}");
        }
    }

    /// <summary>A string of the table by its dotted key ("nearMiss.partnersOne"); a missing key is a bug of the table.</summary>
    public string this[string key]
    {
        get => Find(key) ?? throw new RoadmapException($"{Code}.json", $"has no string '{key}'");
    }

    /// <summary>A string of the table, or null when the table does not have it.</summary>
    public string? Find(string key) => Lookup(key) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>A string of the table with {0}, {1}… filled in.</summary>
    public string Format(string key, params object?[] args)
    {
        var text = this[key];
        for (var i = 0; i < args.Length; i++)
            text = text.Replace("{" + i.ToString(CultureInfo.InvariantCulture) + "}", args[i] as string ?? Number(args[i]), StringComparison.Ordinal);
        return text;
    }

    /// <summary>The plural form of a counted phrase: the table gives "one", "few" (Romanian 2-19) and "other".</summary>
    public string Plural(string key, decimal count)
    {
        var table = Lookup(key) as JsonObject ?? throw new RoadmapException($"{Code}.json", $"has no plural '{key}'");
        var form = PluralForm(count);
        var pattern = (table[form] ?? table["other"])?.GetValue<string>() ?? throw new RoadmapException($"{Code}.json", $"plural '{key}' has no 'other' form");
        return pattern.Replace("{0}", Number(count), StringComparison.Ordinal);
    }

    private string PluralForm(decimal n)
    {
        if (n == 1) return "one";
        // Romanian (CLDR): "few" for 0, 2-19 and numbers ending in 01-19; "other" (with "de") from 20.
        if (Code == "ro" && decimal.Truncate(n) == n && (n == 0 || n % 100 is >= 1 and <= 19)) return "few";
        return "other";
    }

    private JsonNode? Lookup(string key)
    {
        JsonNode? node = strings;
        foreach (var part in key.Split('.')) node = (node as JsonObject)?[part];
        return node;
    }

    /// <summary>A number grouped by thousands, with at most <paramref name="decimals"/> decimals (trailing zeros dropped).</summary>
    public string Number(object? value, int decimals = 2)
    {
        if (value is null) return "";
        var d = value switch
        {
            decimal x => x,
            int x => x,
            long x => x,
            double x => (decimal)x,
            float x => (decimal)x,
            string s when decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out var x) => x,
            _ => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
        };
        var text = Math.Round(d, decimals, MidpointRounding.AwayFromZero).ToString("#,0.##########", CultureInfo.InvariantCulture);
        return text.Replace(",", "\u0001", StringComparison.Ordinal).Replace(".", decimalSeparator, StringComparison.Ordinal)
            .Replace("\u0001", groupSeparator, StringComparison.Ordinal);
    }

    /// <summary>An amount in euro, whole euros.</summary>
    public string Money(object? value) => value is null ? "" : moneyPattern.Replace("{0}", Number(value, 0), StringComparison.Ordinal);

    public string Percent(object? value) => value is null ? "" : percentPattern.Replace("{0}", Number(value, 1), StringComparison.Ordinal);

    /// <summary>A date written out: "17 December 2026", "17 decembrie 2026".</summary>
    public string Date(DateOnly date) => datePattern
        .Replace("{d}", date.Day.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{month}", months[date.Month - 1], StringComparison.Ordinal)
        .Replace("{yyyy}", date.Year.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>A month and year: "December 2026".</summary>
    public string Month(DateOnly date) => monthPattern
        .Replace("{month}", months[date.Month - 1], StringComparison.Ordinal)
        .Replace("{yyyy}", date.Year.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>The month's name shortened to three letters, for the chart's axis.</summary>
    public string MonthShort(int month) => months[month - 1][..Math.Min(3, months[month - 1].Length)];

    private static string Text(JsonObject o, string key) =>
        o[key]?.GetValue<string>() ?? throw new RoadmapException("format", $"has no '{key}'");
}

/// <summary>A problem with the templates or string tables that the user can act on.</summary>
public sealed class RoadmapException(string source, string message) : Exception($"{source}: {message}");
