using System.Collections;
using System.Globalization;
using System.Text;
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
        CriterionVerdict.Pass => c.SuccessTemplate.Fill(p, f, ctx),
        _ => c.ErrorTemplate.Fill(p, f, ctx)
            ?? (children is null
                ? $"Not met: {c.Expression}."
                : string.Join(" ", children.Where(x => x.Verdict == CriterionVerdict.Fail).Select(x => x.Message).OfType<string>())),
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

    /// <summary>A value as a person reads it: 300,000 for money, 2026-03-01 for dates, lists joined.</summary>
    public static string FormatValue(object? value)
    {
        if (value is string text) return text;
        var builder = new StringBuilder();
        AppendValue(builder, value);
        return builder.ToString();
    }

    /// <summary>Appends a value as <see cref="FormatValue"/> writes it, without a string of its own.</summary>
    public static void AppendValue(StringBuilder builder, object? value)
    {
        var invariant = CultureInfo.InvariantCulture;
        switch (value)
        {
            case null: builder.Append("unknown"); break;
            case string s: builder.Append(s); break;
            case bool b: builder.Append(b ? "yes" : "no"); break;
            case DateOnly d: builder.Append(invariant, $"{d:yyyy-MM-dd}"); break;
            case DateTime d: builder.Append(invariant, $"{d:yyyy-MM-dd}"); break;
            // Money and measures are decimals and always grouped; counts and years are integers, grouped when large.
            case decimal m: AppendDecimal(builder, m); break;
            case int i: AppendInteger(builder, i); break;
            case long l: AppendInteger(builder, l); break;
            case double x: AppendDecimal(builder, (decimal)x); break;
            case IEnumerable items:
                var first = true;
                foreach (var item in items)
                {
                    if (!first) builder.Append(", ");
                    AppendValue(builder, item);
                    first = false;
                }
                break;
            default: builder.Append(Convert.ToString(value, invariant)); break;
        }
    }

    private static void AppendInteger(StringBuilder builder, long value)
    {
        if (value is > -10_000 and < 10_000) builder.Append(CultureInfo.InvariantCulture, $"{value}");
        else builder.Append(CultureInfo.InvariantCulture, $"{value:N0}");
    }

    /// <summary>Grouped, with at most four decimals and none when whole (the common case, and the cheap one).</summary>
    private static void AppendDecimal(StringBuilder builder, decimal value)
    {
        if (value == decimal.Truncate(value) && value is >= long.MinValue and <= long.MaxValue)
            builder.Append(CultureInfo.InvariantCulture, $"{(long)value:N0}");
        else
            builder.Append(CultureInfo.InvariantCulture, $"{value:#,0.####}");
    }

    private static string Join(IReadOnlyList<string> items) => items.Count switch
    {
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1],
    };
}
