using System.Xml;
using System.Xml.Linq;

namespace ClusterFinance.Core.Tests.Roadmaps;

public sealed class HtmlTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var file in Directory.EnumerateFiles(Repository.Path("examples", "profiles"), "*.json").Order(StringComparer.Ordinal))
            foreach (var template in new[] { "roadmap", "summary" })
                foreach (var lang in new[] { "en", "ro" })
                    data.Add(Path.GetFileNameWithoutExtension(file), template, lang);
        return data;
    }

    /// <summary>Parses the HTML as XML: every element closed, every entity known, nothing malformed.</summary>
    public static XDocument Parse(string html)
    {
        using var reader = XmlReader.Create(new StringReader(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        return XDocument.Load(reader);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Html_ExampleProfile_IsWellFormedAndCarriesTheTimeline(string profile, string template, string lang)
    {
        var model = Roadmaps.Model(Roadmaps.Example(profile), Roadmaps.GoldenDate, lang);

        var result = Roadmaps.Render(model, template, "html", lang);

        Assert.Empty(result.Errors);
        var document = Parse(result.Output!);
        Assert.Equal("html", document.Root!.Name.LocalName);
        Assert.Equal(lang, document.Root.Attribute("lang")?.Value);
        Assert.NotNull(document.Descendants("style").SingleOrDefault());
        Assert.DoesNotContain(document.Descendants(), e => e.Name.LocalName is "script" or "link" or "img");
        var svg = Assert.Single(document.Descendants(Svg + "svg"));
        // One row per planned scheme, each labelled and drawn in its domain's colour.
        var rows = svg.Elements(Svg + "g").ToList();
        Assert.Equal(model.Plan.Count, rows.Count);
        foreach (var (row, planned) in rows.Zip(model.Plan))
        {
            Assert.Contains(planned.Order + ". ", row.Element(Svg + "text")!.Value, StringComparison.Ordinal);
            Assert.Contains(row.Elements(Svg + "rect"), r => (r.Attribute("fill")?.Value ?? r.Attribute("stroke")?.Value) == planned.Domain.Colour
                || r.Attribute("stroke")?.Value == planned.Domain.Colour);
        }
        Assert.Equal(model.Chart.Months.Count, svg.Elements(Svg + "text").Count(t => t.Attribute("font-size")?.Value == "8" && t.Attribute("text-anchor")?.Value == "middle"));
    }

    [Fact]
    public void Html_DatedCall_HasADeadlineMarkerOnItsRow()
    {
        var model = Roadmaps.Model(Roadmaps.Example("bg-plovdiv-mechatronics-cluster"), new DateOnly(2026, 1, 1));

        var svg = Assert.Single(Parse(Roadmaps.Render(model, "roadmap", "html").Output!).Descendants(Svg + "svg"));

        var dated = model.Plan.Count(p => p.Timing == "deadline");
        Assert.True(dated >= 3);
        Assert.Equal(dated, svg.Elements(Svg + "g").Count(g => g.Element(Svg + "polygon") is not null));
        Assert.Contains("20 January 2026", svg.Elements(Svg + "g").First().Element(Svg + "title")!.Value, StringComparison.Ordinal);
    }
}
