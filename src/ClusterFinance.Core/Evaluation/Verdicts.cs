using System.Text.Json.Serialization;
using ClusterFinance.Core.Catalogue;
using ClusterFinance.Core.Facts;
using ClusterFinance.Core.Profiles;
using ClusterFinance.Core.Rules;

namespace ClusterFinance.Core.Evaluation;

[JsonConverter(typeof(JsonStringEnumConverter<CriterionVerdict>))]
public enum CriterionVerdict
{
    [JsonStringEnumMemberName("pass")] Pass,
    [JsonStringEnumMemberName("fail")] Fail,
    [JsonStringEnumMemberName("unknown")] Unknown,
}

[JsonConverter(typeof(JsonStringEnumConverter<SchemeVerdict>))]
public enum SchemeVerdict
{
    [JsonStringEnumMemberName("eligible")] Eligible,
    [JsonStringEnumMemberName("not-eligible")] NotEligible,
    [JsonStringEnumMemberName("undetermined")] Undetermined,
}

/// <summary>The document `clusterfinance evaluate --format json` prints and the API returns.</summary>
[JsonConverter(typeof(VerdictWriting.ReportConverter))]
public sealed record EvaluationReport
{
    public required DateOnly AsOf { get; init; }
    public required Receipt Receipt { get; init; }
    public required IReadOnlyList<SchemeResult> Results { get; init; }
}

/// <summary>What a verdict was given under, so that it can be reproduced.</summary>
public sealed record Receipt
{
    public required string Catalogue { get; init; }
    public required string Engine { get; init; }
    /// <summary>Scheme id to the hash of the rule file in force.</summary>
    public required IReadOnlyDictionary<string, string> Rules { get; init; }
    /// <summary>Scheme id to the published version number in force, when evaluated against a store of versions.</summary>
    public IReadOnlyDictionary<string, int>? Versions { get; init; }
}

[JsonConverter(typeof(VerdictWriting.SchemeResultConverter))]
public sealed record SchemeResult
{
    public required string SchemeId { get; init; }
    public required string Name { get; init; }
    public required string Level { get; init; }
    public required SchemeVerdict Verdict { get; init; }
    public required bool NearMiss { get; init; }
    /// <summary>False when a decisive criterion rests on facts from a secondary source.</summary>
    public required bool Verified { get; init; }
    /// <summary>A closed scheme kept as a template: its verdict says how a past call would have judged the profile.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Legacy { get; init; }
    public required IReadOnlyList<CriterionResult> Criteria { get; init; }
    /// <summary>What the engine cannot decide and a person must check; listed unless the scheme is plainly out of reach.</summary>
    public IReadOnlyList<ManualCheck> ManualChecks { get; init; } = [];
    /// <summary>The scheme's id, name and level as documents write them.</summary>
    internal VerdictWriting.EncodedScheme? Encoded { get; init; }
}

[JsonConverter(typeof(VerdictWriting.CriterionResultConverter))]
public sealed class CriterionResult
{
    private readonly CompiledCriterion criterion;
    // What a message with placeholders is filled from; null in a shared result, whose message is written already.
    private readonly Profile? profile;
    private readonly DerivedFacts? facts;
    private readonly EvaluationContext? context;
    private string? message;
    private bool formatted;

    internal CriterionResult(CompiledCriterion criterion, CriterionVerdict verdict, Profile profile, DerivedFacts facts, EvaluationContext context, IReadOnlyList<string>? missing)
    {
        this.criterion = criterion;
        this.profile = profile;
        this.facts = facts;
        this.context = context;
        Verdict = verdict;
        MissingFacts = missing ?? [];
    }

    private CriterionResult(CompiledCriterion criterion, CriterionVerdict verdict, bool closable)
    {
        this.criterion = criterion;
        Verdict = verdict;
        MissingFacts = [];
        Closable = closable;
        // A message without placeholders reads nothing of the profile.
        message = Explanations.Message(criterion, verdict, null!, null!, null!, [], null);
        formatted = true;
    }

    /// <summary>
    /// The result of a leaf criterion met, or failed without a gap, whose message has no placeholders: it reads the same
    /// for every profile, so one instance serves every evaluation. Its message is written when it is made.
    /// </summary>
    internal static CriterionResult Shared(CompiledCriterion criterion, CriterionVerdict verdict, bool closable) => new(criterion, verdict, closable);

    internal CompiledCriterion Criterion => criterion;
    public string Id => criterion.Id;
    public CriterionVerdict Verdict { get; }

    /// <summary>Why it failed or is unknown, with the actual values; formatted only when read.</summary>
    public string? Message
    {
        get
        {
            if (!formatted)
            {
                message = Explanations.Message(criterion, Verdict, profile!, facts!, context!, MissingFacts, Children);
                formatted = true;
            }
            return message;
        }
    }

    /// <summary>
    /// The template that writes the message straight into a document: for a message not yet read, and for a shared
    /// result's, which was formatted when it was made. Null when the message is written from <see cref="Message"/>.
    /// </summary>
    private MessageTemplate? Template =>
        (!formatted || profile is null) && Verdict != CriterionVerdict.Unknown
            && (Verdict == CriterionVerdict.Pass ? criterion.SuccessTemplate : criterion.ErrorTemplate) is { HasText: true } template
            ? template
            : null;

    /// <summary>Writes the message as a property.</summary>
    internal void WriteMessage(System.Text.Json.Utf8JsonWriter writer, System.Text.Json.JsonEncodedText name)
    {
        if (Template is { } template) template.TryWrite(writer, name, profile!, facts!, context!);
        else if (Message is { } text) writer.WriteString(name, text);
    }

    /// <summary>The message as a property of a criterion written in one piece, comma first, as <see cref="WriteMessage"/> writes it.</summary>
    internal void AppendMessage(ref JsonText json)
    {
        if (Template is { } template)
        {
            json.Append(",\"message\":"u8);
            template.Append(ref json, profile!, facts!, context!);
        }
        else if (Message is { } text)
        {
            json.Append(",\"message\":\""u8);
            json.AppendEscaped(text);
            json.Append((byte)'"');
        }
    }

    public Gap? Gap { get; init; }
    /// <summary>Profile paths whose absence left the criterion unknown.</summary>
    public IReadOnlyList<string> MissingFacts { get; init; }
    public string? Citation => criterion.Citation;
    public DateOnly? FactsAsOf => criterion.FactsAsOf;
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Unverified => !criterion.Verified;
    public IReadOnlyList<CriterionResult>? Children { get; init; }
    /// <summary>Whether a failure here is one a cluster can put right.</summary>
    [JsonIgnore]
    public bool Closable { get; init; }
    /// <summary>A composite met when any one of its children is met (an OrElse criterion).</summary>
    [JsonIgnore]
    public bool AnyOf => criterion.Kind == CriterionKind.Any;
}

/// <summary>How far a fact is from the threshold it is compared with.</summary>
public sealed record Gap(string Fact, object? Actual, string Required);
