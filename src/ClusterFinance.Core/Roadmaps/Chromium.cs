using System.ComponentModel;
using System.Diagnostics;

namespace ClusterFinance.Core.Roadmaps;

/// <summary>What headless Chromium gave: the file's bytes, or why not.</summary>
public sealed record ChromiumResult(byte[]? Bytes, string? Error)
{
    public bool Succeeded => Bytes is not null;
}

/// <summary>
/// Prints an HTML report to PDF, or takes a PNG screenshot of it, with headless Chromium (the path configured,
/// else CLUSTERFINANCE_CHROMIUM, else Debian's <c>chromium</c> or one on PATH); a clear message when there is none.
/// </summary>
public static class Chromium
{
    public const string MissingMessage = "Chromium is not available (not installed, or its path is not an executable), so no PDF can be printed; install it (sudo apt-get install chromium) or set CLUSTERFINANCE_CHROMIUM to its path, or ask for the HTML and print it from a browser.";

    /// <summary>The browser's path: <paramref name="configured"/> when given, else CLUSTERFINANCE_CHROMIUM, else the one installed; null when none is found.</summary>
    public static string? Locate(string? configured = null)
    {
        if (string.IsNullOrEmpty(configured)) configured = Environment.GetEnvironmentVariable("CLUSTERFINANCE_CHROMIUM");
        if (!string.IsNullOrEmpty(configured)) return File.Exists(configured) ? configured : null;
        if (File.Exists("/usr/bin/chromium")) return "/usr/bin/chromium";
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            foreach (var name in new[] { "chromium", "chromium-browser" })
                if (File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        return null;
    }

    public static Task<ChromiumResult> PrintToPdfAsync(string html, TimeSpan timeLimit, string? browser = null, CancellationToken cancellationToken = default) =>
        RunAsync(html, "report.pdf", output => ["--no-pdf-header-footer", $"--print-to-pdf={output}"], timeLimit, browser, cancellationToken);

    public static Task<ChromiumResult> ScreenshotAsync(string html, int width, int height, TimeSpan timeLimit, CancellationToken cancellationToken = default) =>
        RunAsync(html, "report.png", output => [$"--window-size={width},{height}", "--hide-scrollbars", $"--screenshot={output}"], timeLimit, null, cancellationToken);

    /// <summary>Runs the browser until it exits, the time limit passes (an error) or <paramref name="cancellationToken"/> is cancelled (thrown); the browser's whole process tree is killed when it is stopped.</summary>
    private static async Task<ChromiumResult> RunAsync(string html, string outputName, Func<string, string[]> arguments, TimeSpan timeLimit,
        string? configured, CancellationToken cancellationToken)
    {
        if (Locate(configured) is not { } browser) return new ChromiumResult(null, MissingMessage);
        var work = Directory.CreateTempSubdirectory("clusterfinance-chromium-");
        try
        {
            var input = Path.Combine(work.FullName, "report.html");
            var output = Path.Combine(work.FullName, outputName);
            await File.WriteAllTextAsync(input, html, cancellationToken);
            var start = new ProcessStartInfo(browser)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                         $"--user-data-dir={Path.Combine(work.FullName, "profile")}" })
                start.ArgumentList.Add(a);
            foreach (var a in arguments(output)) start.ArgumentList.Add(a);
            start.ArgumentList.Add(new Uri(input).AbsoluteUri);
            Process? started;
            try
            {
                started = Process.Start(start);
            }
            catch (Win32Exception)
            {
                // The path exists but cannot be run (not executable, or not a program).
                return new ChromiumResult(null, MissingMessage);
            }
            if (started is null) return new ChromiumResult(null, MissingMessage);
            using var process = started;
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeLimit);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                cancellationToken.ThrowIfCancellationRequested();
                return new ChromiumResult(null, $"Chromium did not finish within {timeLimit.TotalSeconds:0} s");
            }
            if (!File.Exists(output) || new FileInfo(output).Length == 0)
                return new ChromiumResult(null, $"Chromium exited with code {process.ExitCode} and wrote nothing: {Last(await stderr)}");
            return new ChromiumResult(await File.ReadAllBytesAsync(output, CancellationToken.None), null);
        }
        finally
        {
            try { work.Delete(recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* the browser may still hold or have locked a file; the temp folder is cleaned later */ }
        }
    }

    private static string Last(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "no message" : lines[^1];
    }
}
