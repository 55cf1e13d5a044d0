using System.Globalization;
using System.Text;

namespace ClusterFinance.Api.Infrastructure;

/// <summary>Reading what a request sends, with the limits and messages the API promises.</summary>
public static class RequestInput
{
    /// <summary>The body's bytes, or null when it is larger than the limit (whatever the server's own limits).</summary>
    public static async Task<byte[]?> ReadBodyAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit) return null;
        if (request.ContentLength is { } length)
        {
            // The usual case: the length is announced, so the body is read straight into an array of its size.
            var body = new byte[length];
            var filled = 0;
            int read;
            while (filled < body.Length && (read = await request.Body.ReadAsync(body.AsMemory(filled), cancellationToken)) > 0) filled += read;
            return filled == body.Length ? body : body[..filled];
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int got;
        while ((got = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + got > limit) return null;
            buffer.Write(chunk, 0, got);
        }
        return buffer.ToArray();
    }

    /// <summary>The body as text, without a byte order mark: what is stored and hashed.</summary>
    public static string Text(byte[] body) =>
        Encoding.UTF8.GetString(body.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? body.AsSpan(Encoding.UTF8.Preamble.Length) : body);

    /// <summary>A YYYY-MM-DD date, or an error message naming the parameter.</summary>
    public static (DateOnly? Date, string? Error) Date(string? text, string name)
    {
        if (string.IsNullOrEmpty(text)) return (null, null);
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return (null, $"{name} '{text}' is not a date: write it as YYYY-MM-DD, for example 2026-11-26.");
        // Look-backs (three years of de minimis aid) and look-aheads (a 24-month roadmap) must stay in the calendar.
        return date.Year is >= 1900 and <= 2199
            ? (date, null)
            : (null, $"{name} '{text}' is outside the years 1900 to 2199 that evaluations and roadmaps can be given for.");
    }
}
