using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClusterFinance.Core.Evaluation;

/// <summary>
/// Serialisation code for the verdict document, generated at build time: the API writes one per request, and the
/// generated writer is faster than reflection. Criterion results write themselves (VerdictWriting). <c>Gap.Actual</c> holds numbers, dates or text.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EvaluationReport))]
[JsonSerializable(typeof(Gap))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(decimal))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(DateOnly))]
[JsonSerializable(typeof(string))]
public sealed partial class EvaluationJsonContext : JsonSerializerContext;
