using ClusterFinance.Core.Profiles;

namespace ClusterFinance.Core.Facts;

/// <summary>
/// The SME test of Commission Recommendation 2003/361/EC. Partner enterprises (a 25-50 % holding, in either
/// direction) are added in proportion to the share (Annex Art. 6(3)); linked enterprises (more than 50 %, or
/// control by other means) are added in full (Art. 6(4)). The headcount ceiling must be met together with
/// the turnover or the balance-sheet ceiling (Art. 2). Public bodies holding 25 % or more make the
/// enterprise not an SME (Art. 3(4)); that test runs only when the public share is given.
/// </summary>
public static class SmeTest
{
    public sealed record Result(string? SizeClass, decimal? StaffAwu, decimal? TurnoverEur, decimal? BalanceSheetEur, IReadOnlyList<string> MissingInputs);

    private static readonly (string Class, decimal Staff, decimal Turnover, decimal BalanceSheet)[] Ceilings =
    [
        ("micro", 10m, 2_000_000m, 2_000_000m),
        ("small", 50m, 10_000_000m, 10_000_000m),
        ("medium", 250m, 50_000_000m, 43_000_000m),
    ];

    public static Result Classify(SizeData? size, Ownership? ownership)
    {
        var missing = new List<string>();
        if (size?.StaffHeadcountAwu is null) missing.Add("size.staffHeadcountAwu");
        if (size?.TurnoverEur is null && size?.BalanceSheetEur is null) missing.Add("size.turnoverEur");
        if (size?.Relationships is null) missing.Add("size.relationships");

        decimal? staff = size?.StaffHeadcountAwu, turnover = size?.TurnoverEur, balance = size?.BalanceSheetEur;
        var relationships = size?.Relationships ?? [];
        for (var i = 0; i < relationships.Count; i++)
        {
            var r = relationships[i];
            var linked = FactsCalculator.IsLinked(r);
            if (!linked && r.SharePct is null) { missing.Add($"size.relationships[{i}].sharePct"); continue; }
            if (!linked && r.SharePct < 25) continue;
            var factor = linked ? 1m : r.SharePct!.Value / 100m;
            if (r.StaffHeadcountAwu is null) missing.Add($"size.relationships[{i}].staffHeadcountAwu");
            staff += factor * r.StaffHeadcountAwu;
            turnover += factor * r.TurnoverEur;
            balance += factor * r.BalanceSheetEur;
            if (r.TurnoverEur is null && r.BalanceSheetEur is null) missing.Add($"size.relationships[{i}].turnoverEur");
        }
        if (missing.Count > 0) return new(null, null, null, null, missing);

        if (ownership?.PublicPct >= 25)
            return new("large", staff, turnover, balance, []);

        foreach (var (cls, staffCeiling, turnoverCeiling, balanceCeiling) in Ceilings)
        {
            if (staff >= staffCeiling) continue;
            // Either financial ceiling is enough; an unknown figure decides nothing.
            var withinTurnover = turnover <= turnoverCeiling;
            var withinBalance = balance <= balanceCeiling;
            if (withinTurnover || withinBalance) return new(cls, staff, turnover, balance, []);
            var bothKnown = turnover is not null && balance is not null;
            if (!bothKnown)
            {
                var needs = turnover is null ? "size.turnoverEur" : "size.balanceSheetEur";
                return new(null, null, null, null, [needs]);
            }
        }
        return new("large", staff, turnover, balance, []);
    }
}
