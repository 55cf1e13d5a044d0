using System.Text.Json.Nodes;

namespace ClusterFinance.Core.Tests.Roadmaps;

public sealed class LanguageTests
{
    [Theory]
    // Invariant globalization knows no Romanian: separators, money and month names come from the string table.
    [InlineData("en", "EUR 1,234,568", "1,234.5", "85%", "17 December 2026")]
    [InlineData("ro", "1.234.568 EUR", "1.234,5", "85 %", "17 decembrie 2026")]
    public void Language_FormatsNumbersMoneyAndDatesItsOwnWay(string code, string money, string number, string percent, string date)
    {
        var lang = Roadmaps.Language(code);

        Assert.Equal(money, lang.Money(1_234_567.5m));
        Assert.Equal(number, lang.Number(1_234.5m));
        Assert.Equal(percent, lang.Percent(85m));
        Assert.Equal(date, lang.Date(new DateOnly(2026, 12, 17)));
    }

    [Theory]
    [InlineData("en", 1, "1 scheme")]
    [InlineData("en", 3, "3 schemes")]
    [InlineData("ro", 1, "1 schemă")]
    [InlineData("ro", 3, "3 scheme")]
    // Romanian counts from 20 take "de".
    [InlineData("ro", 20, "20 de scheme")]
    [InlineData("ro", 101, "101 scheme")]
    public void Language_PluralForms(string code, int count, string expected)
    {
        Assert.Equal(expected, Roadmaps.Language(code).Plural("counts.schemes", count));
    }

    [Fact]
    public void StringTables_EveryKeyInEveryLanguage()
    {
        static IEnumerable<string> Keys(JsonObject o, string prefix = "") => o.SelectMany(kv => kv.Value is JsonObject child
            ? Keys(child, prefix + kv.Key + ".")
            : [prefix + kv.Key]);
        // Plural forms differ by language (Romanian has a "few" form); everything else must match.
        static HashSet<string> Of(string code) => [.. Keys(Roadmaps.Language(code).Strings).Where(k => !k.EndsWith(".few", StringComparison.Ordinal))];

        Assert.Equal(Of("en").Order(StringComparer.Ordinal), Of("ro").Order(StringComparer.Ordinal));
    }
}
