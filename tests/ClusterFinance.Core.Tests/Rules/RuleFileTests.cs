using System.Text;
using ClusterFinance.Core.Rules;

namespace ClusterFinance.Core.Tests.Rules;

/// <summary>The loader reads RulesEngine workflows the way RulesEngine tools write them.</summary>
public class RuleFileTests
{
    private static RuleFile Read(string json, bool bom = false)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        if (bom) bytes = [.. Encoding.UTF8.Preamble, .. bytes];
        var (file, problems) = RuleFile.Parse("rules/scheme-a.json", bytes);
        Assert.Empty(problems);
        return file!;
    }

    [Fact]
    public void Parse_TopLevelArrayWithOneWorkflow()
    {
        var file = Read("""[ { "WorkflowName": "scheme-a", "Rules": [ { "RuleName": "r", "Expression": "true" } ] } ]""");

        Assert.Equal("scheme-a", file.WorkflowName);
        Assert.Single(file.Rules);
    }

    [Fact]
    public void Parse_PropertyNamesInAnyCase_ByteOrderMark_ExplicitNulls()
    {
        // As Newtonsoft-based tools and RulesEngine's own rules4.json and rules11.json write them.
        var file = Read("""
            { "workflowName": "scheme-a", "workflowsToInject": null, "ruleExpressionType": 0, "globalParams": null,
              "rules": [ { "ruleName": "r", "expression": "true", "operator": null, "errorMessage": null, "successEvent": null,
                           "enabled": null, "localParams": [ { "name": "x", "expression": "1" } ], "rules": null,
                           "actions": null, "properties": null, "ErrorType": "Error", "RuleExpressionType": "LambdaExpression" } ] }
            """, bom: true);

        var rule = Assert.Single(file.Rules);
        Assert.True(rule.Enabled);
        Assert.Equal("LambdaExpression", file.RuleExpressionType);
        Assert.Equal("x", Assert.Single(rule.LocalParams).Name);
    }

    [Fact]
    public void Parse_NestedOperatorRulesAndDisabledRules()
    {
        var file = Read("""
            { "WorkflowName": "scheme-a", "GlobalParams": [ { "Name": "g", "Expression": "2" } ],
              "Rules": [ { "RuleName": "any", "Operator": "OrElse", "Rules": [
                           { "RuleName": "a", "Expression": "g > 1" }, { "RuleName": "b", "Expression": "false", "Enabled": false } ] } ] }
            """);

        var composite = Assert.Single(file.Rules);
        Assert.True(composite.IsComposite);
        Assert.False(composite.Rules[1].Enabled);
        Assert.Equal("g", Assert.Single(file.GlobalParams).Name);
    }

    [Fact]
    public void Parse_Hash_ChangesWithTheBytes()
    {
        var a = RuleFile.Parse("rules/scheme-a.json", Encoding.UTF8.GetBytes("""{ "WorkflowName": "scheme-a", "Rules": [] }""")).File!;
        var b = RuleFile.Parse("rules/scheme-a.json", Encoding.UTF8.GetBytes("""{ "WorkflowName": "scheme-a", "Rules": [ ] }""")).File!;

        Assert.StartsWith("sha256:", a.Hash, StringComparison.Ordinal);
        Assert.NotEqual(a.Hash, b.Hash);
    }

    [Theory]
    [InlineData("""{ "WorkflowName": "scheme-a", "Rules": [ { "RuleName": "r", "Expression": "true" }, ] ,}x""", "invalid JSON at line 1")]
    [InlineData("""[ { "WorkflowName": "scheme-a" }, { "WorkflowName": "scheme-b" } ]""", "exactly one workflow")]
    [InlineData("""{ "Rules": [] }""", "no WorkflowName")]
    public void Parse_UnreadableFile_SaysWhy(string json, string expected)
    {
        var (file, problems) = RuleFile.Parse("rules/scheme-a.json", Encoding.UTF8.GetBytes(json));

        Assert.Null(file);
        Assert.Contains(expected, Assert.Single(problems).Message, StringComparison.Ordinal);
    }
}
