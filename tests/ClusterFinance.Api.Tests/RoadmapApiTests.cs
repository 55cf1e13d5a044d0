using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace ClusterFinance.Api.Tests;

public class RoadmapApiTests(ApiHost api) : IClassFixture<ApiHost>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Roadmap_ProfileSent_IsMarkdownByDefault()
    {
        var response = await api.Client().PostAsync("/roadmaps?asOf=2026-11-26", ApiHost.Json(ApiHost.Example("ro-nord-est-ict-cluster")), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.StartsWith("# Funding roadmap: Asociația Clusterul TIC Nord-Est", text, StringComparison.Ordinal);
        Assert.Contains("## State aid: de minimis ledger", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Roadmap_HtmlInRomanian_AsTheWebPageAsksForIt()
    {
        var response = await api.Client().PostAsync("/roadmaps?format=html&lang=ro&asOf=2026-11-26", ApiHost.Json(ApiHost.Example("ro-sme-member")), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("roadmap-ro-sme-member-2026-11-26.html", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var html = await response.Content.ReadAsStringAsync(Cancel);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"ro\">", html, StringComparison.Ordinal);
        Assert.Contains("Foaie de parcurs pentru finanțare", html, StringComparison.Ordinal);
        Assert.Contains("<svg xmlns=\"http://www.w3.org/2000/svg\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Roadmap_AcceptHeader_ChoosesTheFormat()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/roadmaps?template=summary&asOf=2026-11-26") { Content = ApiHost.Json(ApiHost.Example("ro-sme-member")) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/markdown", 0.5));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));

        var response = await api.Client().SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Funding roadmap summary", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Roadmap_InvalidProfile_Is400WithEveryJsonPath()
    {
        var response = await api.Client().PostAsync("/roadmaps", ApiHost.Json("""{ "organisation": { "country": "RO", "colour": "red" } }"""), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Equal(["$.organisation.colour"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("format=docx", "format 'docx' is not known: use md, html or pdf.")]
    [InlineData("lang=de", "lang 'de' is not known: use en or ro.")]
    [InlineData("template=letter", "template 'letter' is not known: use roadmap or summary.")]
    [InlineData("asOf=26.11.2026", "asOf '26.11.2026' is not a date: write it as YYYY-MM-DD, for example 2026-11-26.")]
    public async Task Roadmap_BadQuery_Is400SayingWhatToWrite(string query, string detail)
    {
        var response = await api.Client().PostAsync($"/roadmaps?{query}", ApiHost.Json(ApiHost.Example("ro-sme-member")), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(detail, (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Roadmap_StoredProfile_RenderedForAReader()
    {
        var client = await api.KeyAsync("client");
        var stored = await api.Client(client).PutAsync("/profiles/roadmap-hu-debrecen", ApiHost.Json(ApiHost.Example("hu-debrecen-health-cluster")), Cancel);
        Assert.True(stored.IsSuccessStatusCode);
        var reader = await api.KeyAsync("reader");

        var response = await api.Client(reader).GetAsync("/profiles/roadmap-hu-debrecen/roadmap?format=md&asOf=2026-11-26", Cancel);
        var anonymous = await api.Client().GetAsync("/profiles/roadmap-hu-debrecen/roadmap", Cancel);
        var missing = await api.Client(reader).GetAsync("/profiles/no-such-profile/roadmap", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("# Funding roadmap:", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Roadmap_Pdf_PrintedByChromium_Or503WhenItIsMissing()
    {
        // Without a browser the answer says what to do. Only this host's setting points nowhere: other tests print meanwhile.
        await using (var withoutBrowser = new ApiHost { Settings = new Dictionary<string, string> { ["ClusterFinance:Chromium"] = "/nonexistent/chromium" } })
        {
            var unavailable = await withoutBrowser.Client().PostAsync("/roadmaps?format=pdf", ApiHost.Json(ApiHost.Example("ro-sme-member")), Cancel);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
            Assert.Contains("sudo apt-get install chromium", (await unavailable.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Page.Chromium.Require();
        var response = await api.Client().PostAsync("/roadmaps?format=pdf&asOf=2026-11-26", ApiHost.Json(ApiHost.Example("ro-sme-member")), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var pdf = await response.Content.ReadAsByteArrayAsync(Cancel);
        Assert.Equal("%PDF-"u8.ToArray(), pdf[..5]);
        Assert.True(pdf.Length > 10_000, $"a {pdf.Length}-byte PDF is too small to hold the roadmap");
    }

    [Fact]
    public async Task Roadmap_PdfWhileThePrinterIsBusy_Is503WithRetryAfter_AndACancelledPrintFreesIt()
    {
        // A stand-in browser that says it has started and then prints nothing until it is stopped.
        var folder = Directory.CreateTempSubdirectory("clusterfinance-printer-").FullName;
        var started = Path.Combine(folder, "started");
        var browser = Path.Combine(folder, "chromium");
        await File.WriteAllTextAsync(browser, $"#!/bin/sh\necho $$ > '{started}'\nexec sleep 300\n", Cancel);
        Assert.SkipWhen(OperatingSystem.IsWindows(), "the stand-in browser is a shell script");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(browser, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await using var host = new ApiHost
        {
            Settings = new Dictionary<string, string> { ["ClusterFinance:Chromium"] = browser, ["ClusterFinance:PdfPrinters"] = "1" },
        };
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        // Waiting for the stand-in browser fails the test rather than hanging it when something goes wrong.
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        patience.CancelAfter(TimeSpan.FromMinutes(2));
        var printing = host.Client().PostAsync("/roadmaps?format=pdf", ApiHost.Json(ApiHost.Example("ro-sme-member")), abort.Token);
        while (!File.Exists(started) || (await File.ReadAllTextAsync(started, Cancel)).Trim().Length == 0)
        {
            Assert.False(printing.IsCompleted, "the first print ended before its browser started");
            await Task.Delay(20, patience.Token);
        }

        var busy = await host.Client().PostAsync("/roadmaps?format=pdf", ApiHost.Json(ApiHost.Example("ro-sme-member")), Cancel);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(10), busy.Headers.RetryAfter?.Delta);
        Assert.Contains("printer is busy", (await busy.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The client gives up: its browser is stopped and the printer is free again.
        var pid = int.Parse((await File.ReadAllTextAsync(started, Cancel)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await abort.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => printing);
        while (Exists(pid)) await Task.Delay(20, patience.Token);
        File.Delete(started);
        using var second = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var next = host.Client().PostAsync("/roadmaps?format=pdf", ApiHost.Json(ApiHost.Example("ro-sme-member")), second.Token);
        while (!File.Exists(started))
        {
            Assert.False(next.IsCompleted, "the print after the cancelled one did not start");
            await Task.Delay(20, patience.Token);
        }
        await second.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
    }

    private static bool Exists(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [Fact]
    public async Task Roadmap_DateWhoseHorizonPassesTheCalendar_Is400()
    {
        // asOf itself is held to the years 1900 to 2199; without it, the date is the application's, which may be any.
        var response = await api.Client().PostAsync("/roadmaps", ApiHost.Json("""{ "application": { "submissionDate": "9999-06-01" } }"""), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("The evaluation date 9999-06-01 is too late for a roadmap: its 24-month horizon would pass 9999-12-31; use a date up to 9997-12-31.",
            (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString());
    }
}
