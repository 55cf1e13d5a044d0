using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Text.Json;
using ClusterFinance.Core.Evaluation;
using ClusterFinance.Core.Facts;
using ClusterFinance.Core.Profiles;

namespace ClusterFinance.Core.Rules;

internal delegate T RuleFunc<out T>(Profile profile, DerivedFacts facts, EvaluationContext context);

internal enum CriterionKind { Leaf, All, Any }

/// <summary>
/// A profile member or derived fact a leaf criterion reads. Its presence test is inlined into the scheme's program
/// (<see cref="SchemeProgram"/>); compiled apart only to name what is missing, on first use, and shared by every
/// criterion of the catalogue that reads the same member.
/// </summary>
internal sealed class Requirement(string path, string? factName, string key, Expression presence)
{
    private static readonly ConcurrentDictionary<string, RuleFunc<bool>> Shared = new(StringComparer.Ordinal);
    private RuleFunc<bool>? test;

    public string Path { get; } = path;
    public string? FactName { get; } = factName;
    /// <summary>The test as an expression over (profile, facts, context), true when the member is there.</summary>
    public Expression Presence { get; } = presence;

    public bool IsPresent(Profile p, DerivedFacts f, EvaluationContext ctx) =>
        (test ??= Shared.GetOrAdd(key, static (_, e) => CriterionCompiler.CompileLambda<bool>(e), Presence))(p, f, ctx);
}

/// <summary>
/// A leaf expression split at its top-level <c>&amp;&amp;</c> and <c>||</c>, so that it is decided in three-valued logic: a
/// false branch whose facts are known fails an <c>&amp;&amp;</c> even when the other branch's facts are missing.
/// </summary>
internal sealed class LogicNode
{
    /// <summary>Where the scheme's program writes this node's verdict.</summary>
    public required int Slot { get; init; }
    public bool IsAnd { get; init; }
    public LogicNode? Left { get; init; }
    public LogicNode? Right { get; init; }
    /// <summary>The condition of a leaf node, run only when its requirements are present.</summary>
    public Expression? Condition { get; init; }
    public IReadOnlyList<Requirement> Requirements { get; init; } = [];
}

/// <summary>
/// The fact side and the threshold side of a criterion of the form <c>fact op threshold</c>. Only a failed criterion
/// shows its gap, so each side is compiled on first use.
/// </summary>
internal sealed class GapShape(string fact, string op, Expression actual, Expression required, bool isOrdering)
{
    // A reference, so that threads sharing the compiled criterion never see half an update.
    private sealed record Formatted(DateOnly AsOf, string Text);
    private Formatted? last;
    private RuleFunc<object?>? actualValue, requiredValue;

    public string Fact { get; } = fact;
    public string Operator { get; } = op;
    public bool IsOrdering { get; } = isOrdering;

    public object? Actual(Profile p, DerivedFacts f, EvaluationContext ctx) =>
        (actualValue ??= CriterionCompiler.CompileLambda<object?>(actual))(p, f, ctx);

    /// <summary>"&gt;= 15": the threshold reads only constants and the context, so it is formatted once per date.</summary>
    public string RequiredText(Profile p, DerivedFacts f, EvaluationContext ctx)
    {
        if (last is { } cached && cached.AsOf == ctx.AsOf) return cached.Text;
        var value = (requiredValue ??= CriterionCompiler.CompileLambda<object?>(required))(p, f, ctx);
        var text = $"{Operator} {Evaluation.Explanations.FormatValue(value)}";
        last = new Formatted(ctx.AsOf, text);
        return text;
    }
}

/// <summary>A <c>$(expression)</c> in a message, compiled when a message first shows it.</summary>
internal sealed class Placeholder(Expression value)
{
    private RuleFunc<object?>? compiled;

    /// <summary>
    /// The value, or null (shown as "unknown") when the profile lacks what it reads: a count over a list the profile
    /// does not give throws, and a message is written while the document is already being sent.
    /// </summary>
    public object? Value(Profile p, DerivedFacts f, EvaluationContext ctx)
    {
        try
        {
            return (compiled ??= CriterionCompiler.CompileLambda<object?>(value))(p, f, ctx);
        }
        catch (Exception e) when (e is NullReferenceException or ArgumentException or InvalidOperationException or InvalidCastException or ArithmeticException)
        {
            return null;
        }
    }
}

/// <summary>
/// A message split once at its <c>$(expression)</c> placeholders, so that filling it in is one pass over its parts
/// rather than a search and a new string for each placeholder. Its text around the placeholders is also kept as a
/// verdict document writes it (UTF-8, escaped as JSON), so that a document copies it rather than encoding it again.
/// </summary>
internal sealed class MessageTemplate
{
    public static readonly MessageTemplate None = new(null, [], []);

    [ThreadStatic] private static System.Text.StringBuilder? builder;

    private readonly string? text;
    private readonly string[] literals;
    private readonly Placeholder[] placeholders;
    /// <summary>The whole message when it has no placeholders, else each literal part, as a document writes them.</summary>
    private readonly JsonEncodedText encoded;
    private readonly byte[][] encodedLiterals;

    /// <param name="text">The message as written.</param>
    /// <param name="literals">The text around the placeholders: one more part than there are placeholders.</param>
    /// <param name="placeholders">The placeholders, in the order they appear.</param>
    public MessageTemplate(string? text, string[] literals, Placeholder[] placeholders)
    {
        this.text = text;
        this.literals = literals;
        this.placeholders = placeholders;
        if (string.IsNullOrEmpty(text)) encodedLiterals = [];
        else if (placeholders.Length == 0)
        {
            encoded = Evaluation.VerdictWriting.Encode(text);
            encodedLiterals = [];
        }
        else encodedLiterals = [.. literals.Select(l => Evaluation.VerdictWriting.Encode(l).EncodedUtf8Bytes.ToArray())];
    }

    /// <summary>Whether the message reads the same for every profile.</summary>
    public bool IsFixed => placeholders.Length == 0;

    /// <summary>The message with every placeholder replaced by its value as people read it; null when there is none.</summary>
    public string? Fill(Profile p, DerivedFacts f, EvaluationContext ctx)
    {
        if (string.IsNullOrEmpty(text) || placeholders.Length == 0) return string.IsNullOrEmpty(text) ? null : text;
        var message = builder ??= new System.Text.StringBuilder(1024);
        message.Clear().Append(literals[0]);
        for (var i = 0; i < placeholders.Length; i++)
        {
            Evaluation.Explanations.AppendValue(message, placeholders[i].Value(p, f, ctx));
            message.Append(literals[i + 1]);
        }
        return message.ToString();
    }

    /// <summary>Whether there is a message to write.</summary>
    public bool HasText => !string.IsNullOrEmpty(text);

    /// <summary>
    /// Writes the filled-in message as a property, the text around the placeholders copied as it was encoded once and
    /// only the values encoded here; false when there is no message. The text is the one <see cref="Fill"/> gives.
    /// </summary>
    public bool TryWrite(Utf8JsonWriter writer, JsonEncodedText name, Profile p, DerivedFacts f, EvaluationContext ctx)
    {
        if (!HasText) return false;
        if (placeholders.Length == 0)
        {
            writer.WriteString(name, encoded);
            return true;
        }
        var json = JsonText.Start();
        Append(ref json, p, f, ctx);
        writer.WritePropertyName(name);
        writer.WriteRawValue(json.Written, skipInputValidation: true);
        return true;
    }

    /// <summary>The filled-in message as a JSON string, quotes included; only when <see cref="HasText"/>.</summary>
    public void Append(ref JsonText json, Profile p, DerivedFacts f, EvaluationContext ctx)
    {
        json.Append((byte)'"');
        if (placeholders.Length == 0) json.Append(encoded.EncodedUtf8Bytes);
        else
        {
            var value = builder ??= new System.Text.StringBuilder(1024);
            json.Append(encodedLiterals[0]);
            for (var i = 0; i < placeholders.Length; i++)
            {
                value.Clear();
                Evaluation.Explanations.AppendValue(value, placeholders[i].Value(p, f, ctx));
                json.AppendEscaped(value);
                json.Append(encodedLiterals[i + 1]);
            }
        }
        json.Append((byte)'"');
    }
}

/// <summary>A criterion of a scheme: what its program decides, and what explains the verdict.</summary>
internal sealed record CompiledCriterion
{
    public required string Id { get; init; }
    /// <summary>Where the scheme's program writes this criterion's verdict.</summary>
    public required int Slot { get; init; }
    public required CriterionKind Kind { get; init; }
    public required string? Expression { get; init; }
    public LogicNode? Logic { get; init; }
    /// <summary>Paths the author declared in Properties.requires, checked before anything runs.</summary>
    public IReadOnlyList<Requirement> Requirements { get; init; } = [];
    public GapShape? Gap { get; init; }
    public IReadOnlyList<CompiledCriterion> Children { get; init; } = [];
    public string? ErrorMessage { get; init; }
    public MessageTemplate ErrorTemplate { get; init; } = MessageTemplate.None;
    public string? SuccessMessage { get; init; }
    public MessageTemplate SuccessTemplate { get; init; } = MessageTemplate.None;
    public required string? Citation { get; init; }
    public required DateOnly? FactsAsOf { get; init; }
    public required bool Verified { get; init; }
    /// <summary>Whether a cluster can close the gap when this criterion fails; null when the author did not say.</summary>
    public required bool? Closable { get; init; }
    /// <summary>Its result when met, shared by every evaluation when that reads the same for every profile.</summary>
    internal CriterionResult? SharedPass { get; set; }
    /// <summary>Its result when failed, shared likewise.</summary>
    internal CriterionResult? SharedFail { get; set; }
    /// <summary>Its id, citation and date as verdict documents write them, encoded on first use.</summary>
    internal VerdictWriting.EncodedCriterion? Encoded { get; set; }
}
