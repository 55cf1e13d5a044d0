namespace ClusterFinance.Cli.Tests;

public class RoadmapCommandTests
{
    [Fact]
    public void Roadmap_ExampleProfile_PrintsTheMarkdownRoadmap()
    {
        var (code, output, error) = Cli.Run("roadmap", Cli.Example("ro-nord-est-ict-cluster"), "--as-of", "2026-11-26");

        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.StartsWith("# Funding roadmap: Asociația Clusterul TIC Nord-Est", output, StringComparison.Ordinal);
        Assert.Contains("## State aid: de minimis ledger", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Roadmap_RomanianSummaryToAFile_WritesTheFile()
    {
        var file = Path.Combine(Path.GetTempPath(), $"roadmap-{Guid.NewGuid():N}.md");
        try
        {
            var (code, output, _) = Cli.Run("roadmap", Cli.Example("ro-sme-member"), "--template", "summary", "--lang", "ro", "--as-of", "2026-11-26", "-o", file);

            Assert.Equal(0, code);
            Assert.Equal("", output);
            Assert.Contains("Rezumatul foii de parcurs pentru finanțare", File.ReadAllText(file), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Roadmap_UnknownLanguage_IsAUsageError()
    {
        var (code, _, error) = Cli.Run("roadmap", Cli.Example("ro-sme-member"), "--lang", "de");

        Assert.Equal(2, code);
        Assert.Contains("no string table for the language 'de'; available: en, ro", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Roadmap_PdfWithoutOutputFile_IsAUsageError()
    {
        var (code, _, error) = Cli.Run("roadmap", Cli.Example("ro-sme-member"), "--format", "pdf");

        Assert.Equal(2, code);
        Assert.Contains("a PDF needs a file: add -o FILE.pdf", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Roadmap_AdvisersTemplateWithErrors_RefusedWithEveryErrorLocated()
    {
        var template = Path.Combine(Path.GetTempPath(), $"adviser-{Guid.NewGuid():N}.sbn");
        File.WriteAllText(template, "# {{ client.name }}\n{{ for p in plan }}\n{{ p.name }\n{{ if }}\n");
        try
        {
            var (code, output, error) = Cli.Run("roadmap", Cli.Example("ro-sme-member"), "--template", template, "--as-of", "2026-11-26");

            Assert.Equal(1, code);
            Assert.Equal("", output);
            Assert.Contains($"error: the template '{template}' was refused:", error, StringComparison.Ordinal);
            Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(template)}:3:\d+: ", error);
            Assert.True(error.Split('\n').Count(l => l.StartsWith($"  {template}:", StringComparison.Ordinal)) >= 2, error);
        }
        finally
        {
            File.Delete(template);
        }
    }

    [Fact]
    public void Roadmap_DateWhoseHorizonPassesTheCalendar_IsAUsageError()
    {
        var (code, output, error) = Cli.Run("roadmap", Cli.Example("ro-sme-member"), "--as-of", "9999-06-01");

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("The evaluation date 9999-06-01 is too late for a roadmap: its 24-month horizon would pass 9999-12-31; use a date up to 9997-12-31.", error, StringComparison.Ordinal);
    }
}
