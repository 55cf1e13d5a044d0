using ClusterFinance.Core.Roadmaps;

namespace ClusterFinance.Core.Tests.Roadmaps;

/// <summary>The HTML roadmap as headless Chromium draws it. Without Chromium the test skips, or fails where CI requires it.</summary>
public sealed class BrowserTests
{
    private static void RequireChromium()
    {
        if (Chromium.Locate() is not null) return;
        const string message = "Chromium is not installed: the roadmap's browser test draws the HTML with it. Install it with `sudo apt-get install chromium`.";
        if (Environment.GetEnvironmentVariable("CLUSTERFINANCE_BROWSER_TESTS") == "required") Assert.Fail(message);
        Assert.Skip(message);
    }

    [Fact]
    public async Task HtmlRoadmap_DrawnByChromium_IsNotBlankAndShowsTheTimelineColours()
    {
        RequireChromium();
        var model = Roadmaps.Model(Roadmaps.Example("bg-plovdiv-mechatronics-cluster"), new DateOnly(2026, 1, 1));
        var html = Roadmaps.Render(model, "roadmap", "html").Output!;

        var shot = await Chromium.ScreenshotAsync(html, 900, 1400, TimeSpan.FromSeconds(90), TestContext.Current.CancellationToken);

        Assert.True(shot.Succeeded, shot.Error);
        var png = Png.Decode(shot.Bytes!);
        Assert.Equal((900, 1400), (png.Width, png.Height));
        var white = png.Pixels.Count(p => p == 0xFFFFFF);
        Assert.InRange(white, png.Pixels.Length / 4, png.Pixels.Length * 99L / 100); // text and chart on a white page
        Assert.True(png.Pixels.Distinct().Count() > 50, "many distinct colours: text, lines, bars");
        // The bars of the planned domains are drawn in their colours (innovation blue, cluster financing pink).
        foreach (var colour in model.Plan.Where(p => p.Timing == "deadline").Select(p => p.Domain.Colour).Distinct())
        {
            var rgb = Convert.ToInt32(colour[1..], 16);
            Assert.True(png.Pixels.Count(p => p == rgb) > 100, $"the timeline shows {colour}");
        }
    }

    [Theory]
    [MemberData(nameof(GoldenTests.Cases), MemberType = typeof(GoldenTests))]
    public async Task SummaryPdf_ExampleProfile_PrintsOnOneA4Page(string profile, string lang)
    {
        RequireChromium();
        var model = Roadmaps.Model(Roadmaps.Example(profile), Roadmaps.GoldenDate, lang);

        var pdf = await Chromium.PrintToPdfAsync(Roadmaps.Render(model, "summary", "html", lang).Output!, TimeSpan.FromSeconds(90), cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(pdf.Succeeded, pdf.Error);
        var text = System.Text.Encoding.Latin1.GetString(pdf.Bytes!);
        Assert.StartsWith("%PDF-", text, StringComparison.Ordinal);
        // Page objects are "/Type /Page"; the page tree is "/Type /Pages".
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, @"/Type\s*/Page(?!s)"));
    }

    [Fact]
    public async Task Pdf_BrowserPathNotExecutable_SaysChromiumIsNotAvailable()
    {
        var notAProgram = Path.Combine(Directory.CreateTempSubdirectory("clusterfinance-browser-").FullName, "chromium");
        await File.WriteAllTextAsync(notAProgram, "not a program", TestContext.Current.CancellationToken);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(notAProgram, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var pdf = await Chromium.PrintToPdfAsync("<p>roadmap</p>", TimeSpan.FromSeconds(30), notAProgram, TestContext.Current.CancellationToken);

        Assert.False(pdf.Succeeded);
        Assert.Equal(Chromium.MissingMessage, pdf.Error);
    }
}
