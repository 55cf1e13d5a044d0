using ClusterFinance.Api.Infrastructure;
using ClusterFinance.Core.Roadmaps;

namespace ClusterFinance.Api.Roadmaps;

/// <summary>
/// Prints roadmaps to PDF with the configured Chromium, at most <see cref="ApiSettings.PdfPrinters"/> at a time:
/// each print starts a browser, so a request beyond the limit is told to come back rather than queued.
/// </summary>
public sealed class PdfPrinter(ApiSettings settings) : IDisposable
{
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(60);

    /// <summary>Seconds a client is asked to wait when every printer is busy.</summary>
    public const int RetryAfterSeconds = 10;

    private readonly SemaphoreSlim printers = new(Math.Max(settings.PdfPrinters, 0));

    public bool Available => Chromium.Locate(settings.Chromium) is not null;

    /// <summary>The PDF, or null when every printer is busy; stops the browser when the request is cancelled.</summary>
    public async Task<ChromiumResult?> PrintAsync(string html, CancellationToken cancellationToken)
    {
        if (!await printers.WaitAsync(TimeSpan.Zero, cancellationToken)) return null;
        try
        {
            return await Chromium.PrintToPdfAsync(html, TimeLimit, settings.Chromium, cancellationToken);
        }
        finally
        {
            printers.Release();
        }
    }

    public void Dispose() => printers.Dispose();
}
