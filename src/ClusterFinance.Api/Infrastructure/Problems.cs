using ClusterFinance.Core.Profiles;
using ClusterFinance.Core.Rules;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClusterFinance.Api.Infrastructure;

/// <summary>The errors the API answers with, each a ProblemDetails a user can act on.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request");

    public static ProblemHttpResult TooLarge(long limit) =>
        TypedResults.Problem($"The request body is larger than {limit / 1024} KiB; send a smaller document.",
            statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large");

    /// <summary>A profile with problems: 400 with every JSON path and what is wrong there.</summary>
    public static ValidationProblem InvalidProfile(IReadOnlyList<InputProblem> problems) =>
        TypedResults.ValidationProblem(
            problems.GroupBy(p => p.Path).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()),
            detail: $"The profile has {problems.Count} problem(s); nothing was evaluated. Each is listed under its JSON path.",
            title: "Invalid profile");

    /// <summary>A rule version that does not validate: 422 with every problem as file:criterion: message.</summary>
    public static ProblemHttpResult InvalidVersion(IReadOnlyList<RuleProblem> problems) =>
        TypedResults.Problem(
            $"The version was refused with {problems.Count} problem(s); the version in force is unchanged.",
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "Invalid rule version",
            extensions: new Dictionary<string, object?> { ["problems"] = problems.Select(p => p.ToString()).ToArray() });

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");

    public static ProblemHttpResult Unauthorized(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
}
