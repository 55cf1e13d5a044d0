using System.Globalization;

namespace ClusterFinance.Core.Roadmaps;

/// <summary>
/// The geometry of the Gantt-style chart of the plan: one column per month of the horizon, one row per planned
/// scheme, a bar from the call's opening (or today) to its deadline, coloured by the scheme's first domain.
/// </summary>
public static class TimelineChart
{
    private const int Width = 760;
    private const int LabelWidth = 230;
    private const int Top = 34;
    private const int RowHeight = 22;

    public static Chart Build(IReadOnlyList<PlannedScheme> plan, DateOnly asOf, Language lang)
    {
        var months = RoadmapBuilder.HorizonMonths;
        var start = new DateOnly(asOf.Year, asOf.Month, 1);
        var end = start.AddMonths(months);
        var column = (decimal)(Width - LabelWidth) / months;
        decimal X(DateOnly d)
        {
            if (d <= start) return LabelWidth;
            if (d >= end) return Width;
            var monthIndex = (d.Year - start.Year) * 12 + d.Month - start.Month;
            var first = new DateOnly(d.Year, d.Month, 1);
            var fraction = (decimal)(d.DayNumber - first.DayNumber) / DateTime.DaysInMonth(d.Year, d.Month);
            return Math.Round(LabelWidth + (monthIndex + fraction) * column, 1);
        }

        var axis = Enumerable.Range(0, months).Select(i =>
        {
            var m = start.AddMonths(i);
            return new ChartMonth(Math.Round(LabelWidth + i * column, 1), Math.Round(column, 1), lang.MonthShort(m.Month),
                i == 0 || m.Month == 1 ? m.Year.ToString(CultureInfo.InvariantCulture) : null);
        }).ToList();

        var rows = plan.Select((p, i) =>
        {
            var y = Top + i * RowHeight;
            var opens = p.Opens is { } o ? DateOnly.Parse(o, CultureInfo.InvariantCulture) : asOf;
            var from = X(opens < asOf ? asOf : opens);
            var (barX, barWidth, marker) = p.Timing switch
            {
                "deadline" when p.Deadline is { } d => (from, Math.Max(X(DateOnly.Parse(d, CultureInfo.InvariantCulture)) - from, 3m), X(DateOnly.Parse(d, CultureInfo.InvariantCulture))),
                "continuous" => (X(asOf), Width - X(asOf), (decimal?)null),
                _ => ((decimal)LabelWidth, (decimal)(Width - LabelWidth), (decimal?)null),
            };
            return new ChartRow
            {
                Y = y,
                Label = $"{p.Order}. {Shorten(p.Name, 34)}",
                SchemeId = p.SchemeId,
                Colour = p.Domain.Colour,
                Kind = p.Timing,
                BarX = barX,
                BarWidth = barWidth,
                MarkerX = marker,
                MarkerLabel = p.Deadline is { } dl ? lang.Date(DateOnly.Parse(dl, CultureInfo.InvariantCulture)) : null,
            };
        }).ToList();

        return new Chart
        {
            Width = Width,
            Height = Top + Math.Max(rows.Count, 1) * RowHeight + 40,
            LabelWidth = LabelWidth,
            Top = Top,
            RowHeight = RowHeight,
            TodayX = X(asOf),
            Months = axis,
            Rows = rows,
            Legend = [.. RoadmapBuilder.DomainColours.Select(d => RoadmapBuilder.Domain(d.Key, lang))],
        };
    }

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)].TrimEnd() + "…";
}
