using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ClusterFinance.Api.Tests.Page;

/// <summary>
/// The API on a real loopback socket (a browser cannot reach an in-memory test server), with its own SQLite file, and
/// Debian's Chromium driven headless by Playwright. Playwright's own browser download is never used.
/// </summary>
public sealed class PageHost : IAsyncLifetime
{
    private IPlaywright? playwright;
    private IBrowser? browser;

    public ApiHost Api { get; } = new();

    public string BaseUrl { get; private set; } = "";

    /// <summary>Screenshots and downloads the tests keep, under the test output directory.</summary>
    public static string Artefacts { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artefacts", "page")).FullName;

    public async ValueTask InitializeAsync()
    {
        Api.UseKestrel(0);
        Api.StartServer();
        var address = Api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = address.TrimEnd('/') + "/";

        var chromium = Chromium.Find();
        if (chromium is null) return;
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A fresh browser context (no stored draft or language) with the page loaded and ready.</summary>
    public async Task<IPage> OpenAsync(int width = 1280, int height = 900)
    {
        Chromium.Require();
        var context = await browser!.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-GB",
            AcceptDownloads = true,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(BaseUrl);
        await page.WaitForSelectorAsync("body[data-ready=true]");
        return page;
    }

    public static async Task<string> ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        var path = Path.Combine(Artefacts, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        TestContext.Current.TestOutputHelper?.WriteLine($"Screenshot: {path}");
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null) await browser.DisposeAsync();
        playwright?.Dispose();
        await Api.DisposeAsync();
    }
}

/// <summary>Finds Debian's Chromium; without it a browser test skips, or fails where CI requires the browser tests.</summary>
internal static class Chromium
{
    public static string? Find()
    {
        if (File.Exists("/usr/bin/chromium")) return "/usr/bin/chromium";
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "chromium"))
            .FirstOrDefault(File.Exists);
    }

    public static void Require()
    {
        if (Find() is not null) return;
        const string message = "Chromium is not installed: the web page tests drive it headless. Install it with `sudo apt-get install chromium`.";
        if (Environment.GetEnvironmentVariable("CLUSTERFINANCE_BROWSER_TESTS") == "required") Assert.Fail(message);
        Assert.Skip(message);
    }
}
