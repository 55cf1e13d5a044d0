using System.Collections;
using System.Globalization;
using ClusterFinance.Core.Facts;
using ClusterFinance.Core.Profiles;
using ClusterFinance.Core.Rules;

namespace ClusterFinance.Core.Evaluation;

/// <summary>The words of a verdict: messages with their placeholders filled, and values as people read them.</summary>
internal static class Explanations
{
    public static string? Message(CompiledCriterion c, CriterionVerdict verdict, Profile p, DerivedFacts f, EvaluationContext ctx,
        IReadOnlyList<string>? missing, IReadOnlyList<CriterionResult>? children) => verdict switch
    {
        CriterionVerdict.Unknown => Undecided(missing ?? []),
        CriterionVerdict.Pass => Format(c.SuccessMessage, c.SuccessPlaceholders, p, f, ctx),
        _ => Format(c.ErrorMessage, c.ErrorPlaceholders, p, f, ctx)
            ?? (children is null
                ? $"Not met: {c.Expression}."
                : string.Join(" ", children.Where(x => x.Verdict == CriterionVerdict.Fail).Select(x => x.Message).OfType<string>())),
    };

    /// <summary>Whether the message of a leaf criterion with this verdict is the same for every profile (no placeholders).</summary>
    public static bool IsFixed(CompiledCriterion c, CriterionVerdict verdict) => verdict switch
    {
        CriterionVerdict.Pass => c.SuccessPlaceholders.Count == 0,
        CriterionVerdict.Fail => c.ErrorPlaceholders.Count == 0,
        _ => false,
    };

    /// <summary>Why a criterion is unknown: facts the profile lacks, or values the catalogue lacks.</summary>
    public static string Undecided(IReadOnlyList<string> paths)
    {
        static bool FromCatalogue(string p) => p.StartsWith("context.", StringComparison.Ordinal) || p.StartsWith("lookups.", StringComparison.Ordinal);
        var catalogue = paths.Where(FromCatalogue).Select(p => p.StartsWith("context.", StringComparison.Ordinal) ? p["context.".Length..] : p).ToList();
        var profile = paths.Where(p => !FromCatalogue(p)).ToList();
        var parts = new List<string>();
        if (profile.Count > 0) parts.Add($"the profile does not give {Join(profile)}");
        if (catalogue.Count > 0) parts.Add($"the catalogue does not give {Join(catalogue)} yet (a gap for the catalogue's maintainers to fill)");
        return parts.Count > 0 ? $"Not decided: {string.Join("; ", parts)}." : "Not decided: a value this criterion reads inside a list is missing from the profile.";
    }

    private static string? Format(string? template, IReadOnlyList<Placeholder> placeholders, Profile p, DerivedFacts f, EvaluationContext ctx)
    {
        if (string.IsNullOrEmpty(template)) return null;
        var text = template;
        foreach (var placeholder in placeholders)
            text = text.Replace(placeholder.Text, FormatValue(placeholder.Value(p, f, ctx)), StringComparison.Ordinal);
        return text;
    }

    /// <summary>A value as a person reads it: 300,000 for money, 2026-03-01 for dates, lists joined.</summary>
    public static string FormatValue(object? value) => value switch
    {
        null => "unknown",
        string s => s,
        bool b => b ? "yes" : "no",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        // Money and measures are decimals and always grouped; counts and years are integers, grouped when large.
        decimal m => m.ToString("#,0.####", CultureInfo.InvariantCulture),
        int i => i is > -10_000 and < 10_000 ? i.ToString(CultureInfo.InvariantCulture) : i.ToString("#,0", CultureInfo.InvariantCulture),
        long l => l is > -10_000 and < 10_000 ? l.ToString(CultureInfo.InvariantCulture) : l.ToString("#,0", CultureInfo.InvariantCulture),
        double x => ((decimal)x).ToString("#,0.####", CultureInfo.InvariantCulture),
        IEnumerable items => string.Join(", ", items.Cast<object?>().Select(FormatValue)),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static string Join(IReadOnlyList<string> items) => items.Count switch
    {
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1],
    };
}
