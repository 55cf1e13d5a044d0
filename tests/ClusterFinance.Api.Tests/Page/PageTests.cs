using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ClusterFinance.Api.Tests.Page;

/// <summary>The eligibility checker page at /, driven in headless Chromium against the real API.</summary>
public class PageTests(PageHost host) : IClassFixture<PageHost>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    // The form's fields in the order a person fills them (a country before its region), and the lists with their columns.
    private static readonly string[] Scalars =
    [
        "organisation.name", "organisation.country", "organisation.nuts2", "organisation.legalForm", "organisation.hasLegalPersonality",
        "organisation.forProfit", "organisation.registrationDate", "organisation.ownership.publicPct",
        "size.fiscalYear", "size.staffHeadcountAwu", "size.turnoverEur", "size.balanceSheetEur",
        "cluster.isClusterOrganisation", "cluster.managementStaffFte", "cluster.managingSince", "cluster.members.total", "cluster.members.micro",
        "cluster.members.small", "cluster.members.medium", "cluster.members.large", "cluster.members.researchOrganisations",
        "cluster.members.universities", "cluster.members.vetProviders", "cluster.members.publicBodies", "cluster.members.other",
        "cluster.members.anyMemberWithMajorityInfluence", "cluster.eccp.profiled", "cluster.eccp.validated", "cluster.excellenceLabel.level",
        "cluster.excellenceLabel.validUntil", "cluster.excellenceLabel.issuer",
        "application.schemeId", "application.callId", "application.role", "application.submissionDate", "application.requestedAidEur",
        "application.eligibleCostsEur", "application.durationMonths", "application.trlStart", "application.trlTarget",
    ];

    private static readonly (string List, string[] Keys)[] Lists =
    [
        ("size.relationships", ["entityId", "direction", "sharePct", "staffHeadcountAwu", "turnoverEur", "balanceSheetEur"]),
        ("fundingHistory", ["schemeId", "beneficiaryEntityId", "grantingCountry", "regime", "amountEur", "legalRightDate"]),
        ("application.consortium", ["name", "country", "nuts2", "entityType", "isSme", "budgetSharePct"]),
    ];

    [Fact]
    public async Task FilledForm_ShowsTheApisVerdicts_AndSavesWhatWasTyped()
    {
        var page = await host.OpenAsync();
        var example = JsonNode.Parse(ApiHost.Example("ro-nord-est-ict-cluster"))!.AsObject();

        var typed = await FillFromAsync(page, example);
        await page.ClickAsync("#tab-organisation");
        await PageHost.ScreenshotAsync(page, "form-filled");
        var saved = await SaveAsync(page);
        await EvaluateAsync(page, 1);
        await PageHost.ScreenshotAsync(page, "results");
        await PageHost.ScreenshotAsync(page, "results-screen", fullPage: false);

        // Save gives exactly what was typed: nothing the form left empty appears, not even as 0 or false.
        Assert.True(JsonNode.DeepEquals(typed, saved), $"saved {saved.ToJsonString()}\ntyped {typed.ToJsonString()}");
        var api = await ApiReportAsync(typed.ToJsonString());
        var expected = Groups(api);
        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), (await PageGroupsAsync(page)).OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Contains("eligible", expected.Values);
        foreach (var group in new[] { "eligible", "near-miss", "undetermined", "not-eligible" })
            Assert.Equal(expected.Values.Count(g => g == group).ToString(System.Globalization.CultureInfo.InvariantCulture),
                await page.TextContentAsync($"#summary [data-count='{group}']"));

        // Each scheme says whether its call is open on the evaluation date, as the catalogue does.
        var asOf = api.GetProperty("asOf").GetString();
        var calls = (await host.Api.Client().GetFromJsonAsync<JsonElement>($"/schemes?pageSize=200&on={asOf}", Cancel)).GetProperty("items").EnumerateArray()
            .ToDictionary(s => s.GetProperty("id").GetString()!, s => "call " + s.GetProperty("status").GetString()!.Replace(' ', '-'));
        var shownCalls = (await page.EvalOnSelectorAllAsync<string[][]>("li.scheme", "items => items.map(i => [i.dataset.scheme, i.querySelector('.call').className])"))
            .ToDictionary(p => p[0], p => p[1]);
        Assert.Equal(calls.Where(c => expected.ContainsKey(c.Key)).OrderBy(c => c.Key, StringComparer.Ordinal), shownCalls.OrderBy(c => c.Key, StringComparer.Ordinal));

        // Every failed criterion of a near miss is shown with its message, its gap and its source.
        var nearMiss = api.GetProperty("results").EnumerateArray().First(r => r.GetProperty("nearMiss").GetBoolean());
        var scheme = page.Locator($"li.scheme[data-scheme='{nearMiss.GetProperty("schemeId").GetString()}']");
        foreach (var criterion in nearMiss.GetProperty("criteria").EnumerateArray().Where(c => c.GetProperty("verdict").GetString() == "fail"))
        {
            var shown = scheme.Locator("li.criterion.fail", new LocatorLocatorOptions { HasText = criterion.GetProperty("id").GetString() }).First;
            Assert.Contains(criterion.GetProperty("message").GetString()!, await shown.TextContentAsync());
            Assert.Equal(1, await shown.Locator(".citation").CountAsync());
            if (criterion.TryGetProperty("gap", out var gap))
                Assert.Contains(gap.GetProperty("required").GetString()!, await shown.Locator(".gap").TextContentAsync());
        }
    }

    [Theory]
    [InlineData("ro-nord-est-ict-cluster")]
    [InlineData("ro-sme-member")]
    [InlineData("cross-border-consortium")]
    [InlineData("rs-vojvodina-agrifood-cluster")]
    public async Task LoadedProfile_IsKeptWhole_AndGetsTheApisVerdicts(string name)
    {
        var page = await host.OpenAsync();
        var json = ApiHost.Example(name);

        await page.SetInputFilesAsync("#load-file", Path.Combine(ApiHost.Root, "examples", "profiles", name + ".json"));
        await page.WaitForSelectorAsync("#file-status:has-text('" + name + "')");
        var saved = await SaveAsync(page);
        await EvaluateAsync(page, 1);

        // What the form does not show (member lists, projects, NACE codes…) goes to the API and back to the file unchanged.
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), saved), saved.ToJsonString());
        var api = await ApiReportAsync(json);
        Assert.Equal(Groups(api).OrderBy(p => p.Key, StringComparer.Ordinal), (await PageGroupsAsync(page)).OrderBy(p => p.Key, StringComparer.Ordinal));

        // The next questions are the missing facts of the undetermined schemes, the most needed first, each with its count.
        var needed = api.GetProperty("results").EnumerateArray().Where(r => r.GetProperty("verdict").GetString() == "undetermined")
            .SelectMany(r => r.GetProperty("criteria").EnumerateArray().SelectMany(c => c.GetProperty("missingFacts").EnumerateArray()
                .Select(f => f.GetString()!)).Distinct())
            .CountBy(f => f).ToDictionary();
        var questions = await page.EvalOnSelectorAllAsync<string[][]>("#next-list li", "items => items.map(i => [i.dataset.fact, i.dataset.count])");
        Assert.Equal(Math.Min(8, needed.Count), questions.Length);
        foreach (var question in questions) Assert.Equal(needed[question[0]].ToString(System.Globalization.CultureInfo.InvariantCulture), question[1]);
        if (needed.Count > 0) Assert.Equal(needed.Values.Max().ToString(System.Globalization.CultureInfo.InvariantCulture), questions[0][1]);
    }

    [Fact]
    public async Task BadValues_ShowTheApisErrorsNextToTheirFields()
    {
        var page = await host.OpenAsync();

        await SetAsync(page, "organisation.country", JsonValue.Create("RO"));
        await SetAsync(page, "size.staffHeadcountAwu", JsonValue.Create(-3));
        await SetAsync(page, "cluster.members.total", JsonValue.Create(5));
        await SetAsync(page, "cluster.members.micro", JsonValue.Create(10));
        var consortium = page.Locator("select[data-path='application.consortium']");
        await ShowStepOfAsync(page, consortium);
        await consortium.SelectOptionAsync("rows");
        await page.ClickAsync("[data-list='application.consortium'] > button");
        await SetAsync(page, "application.consortium[0].budgetSharePct", JsonValue.Create(150));

        // Values the schema refuses come first: each one's message stands under its field, a list row's under the row's field.
        var errors = await ShowsTheApisErrorsAsync(page);
        Assert.Equal(["$.application.consortium[0].budgetSharePct", "$.size.staffHeadcountAwu"], errors.Order(StringComparer.Ordinal));
        // The step holding the first problem is shown, each step says how many problems it holds, and nothing was evaluated.
        Assert.True(await page.IsVisibleAsync("#f-size-staffHeadcountAwu"));
        Assert.Contains("1", await page.TextContentAsync("[data-step-errors='size']"));
        Assert.Contains("1", await page.TextContentAsync("[data-step-errors='application']"));
        Assert.Empty(await page.TextContentAsync("[data-step-errors='cluster']") ?? "");
        Assert.True(await page.IsHiddenAsync("#results"));
        await PageHost.ScreenshotAsync(page, "errors");

        // Once those are put right, the counts by type that exceed the total are named at the total, and the old errors are gone.
        await SetAsync(page, "size.staffHeadcountAwu", JsonValue.Create(4));
        await SetAsync(page, "application.consortium[0].budgetSharePct", JsonValue.Create(40));
        Assert.Equal(["$.cluster.members.total"], await ShowsTheApisErrorsAsync(page));
        Assert.True(await page.IsHiddenAsync("#f-size-staffHeadcountAwu-error"));
        Assert.Null(await page.GetAttributeAsync("#f-size-staffHeadcountAwu", "aria-invalid"));
        Assert.True(await page.IsVisibleAsync("#f-cluster-members-total"));
    }

    /// <summary>Checks eligibility, expects the API to refuse the profile, and checks each of its errors is shown at its field.</summary>
    private async Task<List<string>> ShowsTheApisErrorsAsync(IPage page)
    {
        var sent = await SaveAsync(page);
        await page.ClickAsync("#evaluate");
        await page.WaitForSelectorAsync("#error-summary:not([hidden])");
        var response = await host.Api.Client().PostAsync("/evaluations", ApiHost.Json(sent.ToJsonString()), Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors");
        foreach (var error in errors.EnumerateObject())
        {
            var field = page.Locator($"#steps [data-path='{error.Name[2..]}']:is(input, select)");
            var id = await field.GetAttributeAsync("id");
            Assert.Equal("true", await field.GetAttributeAsync("aria-invalid"));
            Assert.Equal(string.Join(" ", error.Value.EnumerateArray().Select(m => m.GetString())), await page.TextContentAsync($"#{id}-error"));
            Assert.Contains($"{id}-error", await field.GetAttributeAsync("aria-describedby"));
            Assert.Equal(1, await page.Locator($"#error-summary a[href='#{id}']").CountAsync());
        }
        return [.. errors.EnumerateObject().Select(e => e.Name)];
    }

    [Fact]
    public async Task Filters_ByDomainAndLevel_ShowOnlyThoseSchemes_AndNextQuestionsLeadToTheirField()
    {
        var page = await host.OpenAsync();
        await page.SetInputFilesAsync("#load-file", Path.Combine(ApiHost.Root, "examples", "profiles", "ro-sme-member.json"));
        await page.WaitForSelectorAsync("#file-status:not(:empty)");
        await EvaluateAsync(page, 1);
        var all = await PageGroupsAsync(page);
        var catalogue = await host.Api.Client().GetFromJsonAsync<JsonElement>("/schemes?pageSize=200", Cancel);
        var schemes = catalogue.GetProperty("items").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!, s => s);

        await page.SelectOptionAsync("#filter-domain", "internationalisation");
        var international = await PageGroupsAsync(page);
        Assert.Equal(all.Keys.Where(id => schemes[id].GetProperty("domains").EnumerateArray().Any(d => d.GetString() == "internationalisation")).Order(StringComparer.Ordinal),
            international.Keys.Order(StringComparer.Ordinal));

        await page.SelectOptionAsync("#filter-level", "eu");
        var european = await PageGroupsAsync(page);
        Assert.NotEmpty(european);
        Assert.All(european.Keys, id => Assert.Equal("eu", schemes[id].GetProperty("level").GetString()));
        Assert.True(european.Count < international.Count);
        Assert.Equal(european.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (await page.EvalOnSelectorAllAsync<string[]>("#summary [data-count]", "all => all.map(n => n.textContent)")).Sum(int.Parse).ToString(System.Globalization.CultureInfo.InvariantCulture));

        // Back to every scheme; a next question on the form takes the user to its field.
        await page.SelectOptionAsync("#filter-domain", "");
        await page.SelectOptionAsync("#filter-level", "");
        Assert.Equal(all.Count, (await PageGroupsAsync(page)).Count);
        var question = page.Locator("#next-list li:has(button)").First;
        var fact = await question.GetAttributeAsync("data-fact");
        await question.Locator("button").ClickAsync();
        Assert.Equal(fact, await page.EvaluateAsync<string>("() => document.activeElement.dataset.path"));
    }

    [Theory]
    [InlineData("html", "en")]
    [InlineData("md", "ro")]
    [InlineData("pdf", "en")]
    public async Task RoadmapLink_DownloadsTheRoadmapOfTheProfile(string format, string lang)
    {
        var page = await host.OpenAsync();
        if (lang != "en") await page.ClickAsync($"button[data-lang='{lang}']");
        await page.SetInputFilesAsync("#load-file", Path.Combine(ApiHost.Root, "examples", "profiles", "ro-nord-est-ict-cluster.json"));
        await page.WaitForSelectorAsync("#file-status:not(:empty)");
        await EvaluateAsync(page, 1);

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync($"[data-roadmap='{format}']"));
        var saved = Path.Combine(PageHost.Artefacts, download.SuggestedFilename);
        await download.SaveAsAsync(saved);
        TestContext.Current.TestOutputHelper?.WriteLine($"Roadmap: {saved}");

        Assert.Equal($"roadmap-ro-nord-est-ict-cluster-2026-12-10.{format}", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync(saved, Cancel);
        if (format == "pdf")
        {
            Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);
            return;
        }
        // The page asks for the roadmap of the profile it evaluated, in its own language: the same document the API renders.
        var response = await host.Api.Client().PostAsync($"/roadmaps?format={format}&lang={lang}", ApiHost.Json(ApiHost.Example("ro-nord-est-ict-cluster")), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(await response.Content.ReadAsStringAsync(Cancel), System.Text.Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public async Task Draft_SurvivesAReload_UntilCleared()
    {
        var page = await host.OpenAsync();
        await SetAsync(page, "organisation.name", JsonValue.Create("Cluster Banat IT"));
        await SetAsync(page, "organisation.country", JsonValue.Create("RO"));
        await SetAsync(page, "organisation.nuts2", JsonValue.Create("RO42"));

        await page.ReloadAsync();
        await page.WaitForSelectorAsync("body[data-ready=true]");
        Assert.Equal("Cluster Banat IT", await page.InputValueAsync("#f-organisation-name"));
        Assert.Equal("RO42", await page.InputValueAsync("#f-organisation-nuts2"));

        await page.ClickAsync("#clear-profile");
        Assert.Equal("", await page.InputValueAsync("#f-organisation-name"));
        Assert.True(JsonNode.DeepEquals(new JsonObject(), await SaveAsync(page)));
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("body[data-ready=true]");
        Assert.Equal("", await page.InputValueAsync("#f-organisation-country"));
    }

    [Fact]
    public async Task Lists_NoneIsAnEmptyList_BlankRowsStayUnknown()
    {
        var page = await host.OpenAsync();
        var funding = page.Locator("select[data-path='fundingHistory']");
        await ShowStepOfAsync(page, funding);

        // Answering "yes" opens a first row to fill in; left blank, it says nothing, so the list stays unknown.
        await funding.SelectOptionAsync("rows");
        Assert.Equal("fundingHistory[0].schemeId", await page.EvaluateAsync<string>("() => document.activeElement.dataset.path"));
        Assert.False((await SaveAsync(page)).AsObject().ContainsKey("fundingHistory"));

        await SetAsync(page, "fundingHistory[0].amountEur", JsonValue.Create(25000));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{ "fundingHistory": [ { "amountEur": 25000 } ] }"""), await SaveAsync(page)));

        await funding.SelectOptionAsync("none");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{ "fundingHistory": [] }"""), await SaveAsync(page)));
        await funding.SelectOptionAsync("");
        Assert.True(JsonNode.DeepEquals(new JsonObject(), await SaveAsync(page)));
    }

    [Fact]
    public async Task LanguageSwitch_ChangesTheText()
    {
        var page = await host.OpenAsync();
        var en = Strings("en");
        var ro = Strings("ro");
        Assert.Equal(en["title"], await page.TextContentAsync("h1"));

        await page.ClickAsync("button[data-lang='ro']");
        await page.WaitForSelectorAsync("html[lang='ro']");
        await page.SetInputFilesAsync("#load-file", Path.Combine(ApiHost.Root, "examples", "profiles", "cross-border-consortium.json"));
        await page.WaitForSelectorAsync("#file-status:not(:empty)");
        await EvaluateAsync(page, 1);

        // No text of the page's own, in any step, list row or result heading, is a string-table key left untranslated
        // (the schemes' names, criteria and sources come from the catalogue and are left out).
        var text = await page.EvaluateAsync<string>(
            "() => { const copy = document.body.cloneNode(true); copy.querySelectorAll('.scheme-body, .scheme-name').forEach(n => n.remove()); return copy.textContent; }");
        var keys = ro.Keys.Where(key => key.Contains('.', StringComparison.Ordinal) && text.Contains(key, StringComparison.Ordinal)).ToList();
        Assert.Empty(keys);
        Assert.DoesNotMatch(@"(field|hint|enum|step|stepLead|listNone|listAdd|rowLegend|rowRemove|group|groupLead|verdict|criterion|call)\.[a-z]", text);

        Assert.Equal(ro["title"], await page.TextContentAsync("h1"));
        Assert.Equal(ro["evaluate"], await page.TextContentAsync("#evaluate"));
        Assert.Equal(ro["field.organisation.country"], await page.TextContentAsync("label[for='f-organisation-country']"));
        Assert.StartsWith(ro["group.eligible"], await page.TextContentAsync("#group-eligible-heading"));
        Assert.Equal("true", await page.GetAttributeAsync("button[data-lang='ro']", "aria-pressed"));
        Assert.NotEqual(en["title"], ro["title"]);
        await PageHost.ScreenshotAsync(page, "results-ro", fullPage: false);

        // The choice is kept for the next visit, and switching back restores the English text.
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("body[data-ready=true]");
        Assert.Equal(ro["title"], await page.TextContentAsync("h1"));
        await page.ClickAsync("button[data-lang='en']");
        await page.WaitForSelectorAsync("html[lang='en']");
        Assert.Equal(en["evaluate"], await page.TextContentAsync("#evaluate"));
    }

    [Fact]
    public async Task Keyboard_ReachesTheControls_AndChecksEligibility()
    {
        var page = await host.OpenAsync();
        var reached = new List<string>();
        for (var i = 0; i < 60 && !reached.Contains("evaluate"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached.Add(await page.EvaluateAsync<string>("() => document.activeElement.id || document.activeElement.dataset.lang || document.activeElement.tagName"));
        }
        foreach (var control in new[] { "en", "ro", "load-file", "save-profile", "tab-organisation", "tab-application", "f-organisation-name",
                     "f-organisation-country", "f-organisation-registrationDate", "step-next", "evaluate" })
            Assert.Contains(control, reached);

        // A step is chosen with Enter, a select answered with the arrow keys, and Enter on the button checks eligibility.
        await page.FocusAsync("#tab-cluster");
        await page.Keyboard.PressAsync("Enter");
        Assert.True(await page.IsVisibleAsync("#f-cluster-isClusterOrganisation"));
        await page.FocusAsync("#f-cluster-isClusterOrganisation");
        await page.Keyboard.PressAsync("ArrowDown");
        Assert.Equal("true", await page.InputValueAsync("#f-cluster-isClusterOrganisation"));
        await page.FocusAsync("#evaluate");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("body[data-evaluations='1']");
        Assert.Equal("results-heading", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement.closest('#results') !== null && document.activeElement.matches('button, select')"),
            "Tab from the results heading reaches the results' controls");
    }

    [Fact]
    public async Task PhoneSizedScreen_HasNoHorizontalScroll()
    {
        var page = await host.OpenAsync(width: 375, height: 812);
        await page.SetInputFilesAsync("#load-file", Path.Combine(ApiHost.Root, "examples", "profiles", "cross-border-consortium.json"));
        await page.WaitForSelectorAsync("#file-status:not(:empty)");

        foreach (var step in new[] { "organisation", "size", "cluster", "funding", "application" })
        {
            await page.ClickAsync($"#tab-{step}");
            Assert.True(await FitsAsync(page), $"step {step} scrolls sideways");
        }
        await PageHost.ScreenshotAsync(page, "phone-form");
        await EvaluateAsync(page, 1);
        await page.EvalOnSelectorAllAsync("details", "all => all.forEach(d => d.open = true)");
        Assert.True(await FitsAsync(page), "the results scroll sideways");
        await page.EvalOnSelectorAllAsync("details", "all => all.forEach(d => d.open = false)");
        await PageHost.ScreenshotAsync(page, "phone-results");
    }

    [Fact]
    public async Task Page_HasNoAccessibilityViolations()
    {
        var page = await host.OpenAsync();
        await page.SetInputFilesAsync("#load-file", Path.Combine(ApiHost.Root, "examples", "profiles", "ro-nord-est-ict-cluster.json"));
        await page.WaitForSelectorAsync("#file-status:not(:empty)");

        var form = await page.RunAxe();
        await EvaluateAsync(page, 1);
        await page.EvalOnSelectorAllAsync("details", "all => all.forEach(d => d.open = true)");
        var results = await page.RunAxe();

        Assert.Empty(form.Violations.Select(v => $"{v.Id} ({v.Impact}): {string.Join(", ", v.Nodes.Select(n => n.Target))}"));
        Assert.Empty(results.Violations.Select(v => $"{v.Id} ({v.Impact}): {string.Join(", ", v.Nodes.Select(n => n.Target))}"));
    }

    // ---------- helpers ----------

    private static async Task<bool> FitsAsync(IPage page) =>
        await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");

    private static async Task EvaluateAsync(IPage page, int count)
    {
        await page.ClickAsync("#evaluate");
        await page.WaitForSelectorAsync($"body[data-evaluations='{count}']");
    }

    private static async Task<JsonNode> SaveAsync(IPage page)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#save-profile"));
        return JsonNode.Parse(await File.ReadAllTextAsync(await download.PathAsync(), Cancel))!;
    }

    private async Task<JsonElement> ApiReportAsync(string profile)
    {
        var response = await host.Api.Client().PostAsync("/evaluations", ApiHost.Json(profile), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
    }

    private static Dictionary<string, string> Groups(JsonElement report) =>
        report.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("schemeId").GetString()!, r =>
            (r.GetProperty("verdict").GetString(), r.GetProperty("nearMiss").GetBoolean()) switch
            {
                ("not-eligible", true) => "near-miss",
                (var verdict, _) => verdict!,
            });

    private static async Task<Dictionary<string, string>> PageGroupsAsync(IPage page) =>
        (await page.EvalOnSelectorAllAsync<string[][]>("li.scheme", "items => items.map(i => [i.dataset.scheme, i.dataset.group])"))
            .ToDictionary(p => p[0], p => p[1]);

    private static Dictionary<string, string> Strings(string lang) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(
            File.ReadAllText(Path.Combine(ApiHost.Root, "src", "ClusterFinance.Api", "wwwroot", "i18n", lang + ".json")))!;

    /// <summary>Types the example's answers into the form, step by step; returns the profile those answers make.</summary>
    private static async Task<JsonObject> FillFromAsync(IPage page, JsonObject example)
    {
        var typed = new JsonObject();
        foreach (var path in Scalars)
        {
            if (Get(example, path) is not { } value) continue;
            await SetAsync(page, path, value);
            Set(typed, path, value.DeepClone());
        }
        foreach (var (list, keys) in Lists)
        {
            if (Get(example, list) is not JsonArray items) continue;
            await ShowStepOfAsync(page, page.Locator($"select[data-path='{list}']"));
            if (items.Count == 0)
            {
                await page.Locator($"select[data-path='{list}']").SelectOptionAsync("none");
                Set(typed, list, new JsonArray());
                continue;
            }
            var rows = new JsonArray();
            for (var i = 0; i < items.Count; i++)
            {
                await page.ClickAsync($"[data-list='{list}'] > button");
                var row = new JsonObject();
                foreach (var key in keys)
                {
                    if (items[i]![key] is not { } value) continue;
                    await SetAsync(page, $"{list}[{i}].{key}", value);
                    row[key] = value.DeepClone();
                }
                rows.Add(row);
            }
            Set(typed, list, rows);
        }
        return typed;
    }

    private static async Task SetAsync(IPage page, string path, JsonNode value)
    {
        var field = page.Locator($"#steps [data-path='{path}']:is(input, select)");
        await ShowStepOfAsync(page, field);
        var text = value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => value.ToJsonString(),
        };
        if (await field.EvaluateAsync<string>("e => e.tagName") == "SELECT") await field.SelectOptionAsync(text);
        else await field.FillAsync(text);
    }

    private static async Task ShowStepOfAsync(IPage page, ILocator field)
    {
        if (await field.IsVisibleAsync()) return;
        var step = await field.EvaluateAsync<string>("e => e.closest('fieldset.step').id");
        await page.ClickAsync($"#tab-{step["step-".Length..]}");
    }

    private static JsonNode? Get(JsonObject root, string path)
    {
        JsonNode? node = root;
        foreach (var part in path.Split('.')) node = node is JsonObject o ? o[part] : null;
        return node;
    }

    private static void Set(JsonObject root, string path, JsonNode value)
    {
        var parts = path.Split('.');
        var node = root;
        foreach (var part in parts[..^1])
        {
            if (node[part] is not JsonObject child) node[part] = child = new JsonObject();
            node = child;
        }
        node[parts[^1]] = value;
    }
}
