namespace ClusterFinance.Core.Catalogue;

public enum CallStatus { Open, Forthcoming, Expected, Closed, Unknown }

/// <summary>Where a scheme's calls stand on a date. Status is always derived from dates, never stored.</summary>
public static class CallSchedule
{
    public static CallStatus StatusOn(Scheme scheme, DateOnly on)
    {
        if (scheme.Calls.Count == 0) return CallStatus.Unknown;
        // The most hopeful status of any call: open, then forthcoming, then expected, then closed.
        return scheme.Calls.Select(c => StatusOf(c, on)).Min();
    }

    public static CallStatus StatusOf(Call call, DateOnly on) =>
        IsOpen(call, on) ? CallStatus.Open
        : call.Opens > on || call.Deadlines.Any(d => d >= on) ? CallStatus.Forthcoming
        : call.Expected is not null && call.Deadlines.Count == 0 && call.Opens is null ? CallStatus.Expected
        : CallStatus.Closed;

    /// <summary>
    /// Open on the date: opened (or no opening date given) and a deadline not yet passed; a continuous call with no
    /// cut-off stays open from its opening date.
    /// </summary>
    public static bool IsOpen(Call call, DateOnly on) =>
        (call.Opens is null || call.Opens <= on)
        && (call.Deadlines.Any(d => d >= on) || (call.Continuous && call.Opens is not null && call.Deadlines.Count == 0));

    /// <summary>The first deadline or cut-off on or after the date, with its call.</summary>
    public static (Call Call, DateOnly Deadline)? NextDeadline(Scheme scheme, DateOnly on) =>
        scheme.Calls
            .SelectMany(c => c.Deadlines.Where(d => d >= on).Select(d => (Call: c, Deadline: d)))
            .OrderBy(x => x.Deadline)
            .Cast<(Call, DateOnly)?>()
            .FirstOrDefault();

    public static string Text(CallStatus status) => status switch
    {
        CallStatus.Open => "open",
        CallStatus.Forthcoming => "forthcoming",
        CallStatus.Expected => "expected",
        CallStatus.Closed => "closed",
        _ => "no calls",
    };
}
