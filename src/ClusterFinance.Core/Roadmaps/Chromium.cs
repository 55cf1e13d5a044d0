using System.Diagnostics;

namespace ClusterFinance.Core.Roadmaps;

/// <summary>What headless Chromium gave: the file's bytes, or why not.</summary>
public sealed record ChromiumResult(byte[]? Bytes, string? Error)
{
    public bool Succeeded => Bytes is not null;
}

/// <summary>
/// Prints an HTML report to PDF, or takes a PNG screenshot of it, with headless Chromium
/// (Debian's <c>chromium</c>, or CLUSTERFINANCE_CHROMIUM); a clear message when it is not installed.
/// </summary>
public static class Chromium
{
    public const string MissingMessage = "Chromium is not installed, so no PDF can be printed; install it (sudo apt-get install chromium) or set CLUSTERFINANCE_CHROMIUM to its path, or ask for the HTML and print it from a browser.";

    /// <summary>The browser's path, or null when none is installed.</summary>
    public static string? Locate()
    {
        var configured = Environment.GetEnvironmentVariable("CLUSTERFINANCE_CHROMIUM");
        if (!string.IsNullOrEmpty(configured)) return File.Exists(configured) ? configured : null;
        if (File.Exists("/usr/bin/chromium")) return "/usr/bin/chromium";
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            foreach (var name in new[] { "chromium", "chromium-browser" })
                if (File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        return null;
    }

    public static ChromiumResult PrintToPdf(string html, TimeSpan timeLimit, CancellationToken cancellationToken = default) =>
        Run(html, "report.pdf", output => ["--no-pdf-header-footer", $"--print-to-pdf={output}"], timeLimit, cancellationToken);

    public static ChromiumResult Screenshot(string html, int width, int height, TimeSpan timeLimit, CancellationToken cancellationToken = default) =>
        Run(html, "report.png", output => [$"--window-size={width},{height}", "--hide-scrollbars", $"--screenshot={output}"], timeLimit, cancellationToken);

    private static ChromiumResult Run(string html, string outputName, Func<string, string[]> arguments, TimeSpan timeLimit, CancellationToken cancellationToken)
    {
        if (Locate() is not { } browser) return new ChromiumResult(null, MissingMessage);
        var work = Directory.CreateTempSubdirectory("clusterfinance-chromium-");
        try
        {
            var input = Path.Combine(work.FullName, "report.html");
            var output = Path.Combine(work.FullName, outputName);
            File.WriteAllText(input, html);
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
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
            if (!process.WaitForExit(timeLimit))
            {
                process.Kill(entireProcessTree: true);
                return new ChromiumResult(null, $"Chromium did not finish within {timeLimit.TotalSeconds:0} s");
            }
            if (!File.Exists(output) || new FileInfo(output).Length == 0)
                return new ChromiumResult(null, $"Chromium exited with code {process.ExitCode} and wrote nothing: {Last(stderr.Result)}");
            return new ChromiumResult(File.ReadAllBytes(output), null);
        }
        finally
        {
            try { work.Delete(recursive: true); } catch (IOException) { /* the browser may still hold a file; the temp folder is cleaned later */ }
        }
    }

    private static string Last(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "no message" : lines[^1];
    }
}
