using System.Security.Claims;
using ClusterFinance.Api.Infrastructure;
using ClusterFinance.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ClusterFinance.Api.Admin;

public sealed record KeyRequest(string Name, string Role, string? Agency);

public sealed record KeyView(int Id, string Name, string Role, string? Agency, string Prefix, DateTime CreatedAtUtc, DateTime? RevokedAtUtc);

/// <summary>Returned once, when a key is created: the only time the key itself is shown.</summary>
public sealed record CreatedKey(KeyView Key, string Secret);

/// <summary>Keys and the audit log, for admins.</summary>
public static class AdminApi
{
    public static void MapAdmin(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/keys").WithTags("Administration").RequireAuthorization(Policies.Administer);
        keys.MapPost("/", CreateKey).WithName("CreateKey").WithSummary("Create an API key (shown once)")
            .Produces<CreatedKey>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest);
        keys.MapGet("/", ListKeys).WithName("ListKeys").WithSummary("The API keys, without their secrets");
        keys.MapDelete("/{id:int}", RevokeKey).WithName("RevokeKey").WithSummary("Revoke an API key").ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/audit", ReadAudit).WithTags("Administration").WithName("ReadAudit")
            .WithSummary("The audit log: every write, who made it, when, and the hashes before and after")
            .RequireAuthorization(Policies.Administer);
    }

    private static async Task<Results<Created<CreatedKey>, ProblemHttpResult>> CreateKey(KeyRequest request, KeyStore store, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        try
        {
            var created = await store.CreateAsync(request.Name, request.Role, request.Agency, Caller.From(user).Actor, cancellationToken);
            return TypedResults.Created($"/keys/{created.Key.Id}", new CreatedKey(View(created.Key), created.Secret));
        }
        catch (ArgumentException e)
        {
            return Problems.BadRequest(e.Message.Split(" (Parameter")[0] + ".");
        }
    }

    private static async Task<Ok<List<KeyView>>> ListKeys(KeyStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAsync(cancellationToken)).Select(View).ToList());

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeKey(int id, KeyStore store, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await store.RevokeAsync(id, Caller.From(user).Actor, cancellationToken) ? TypedResults.NoContent() : Problems.NotFound($"There is no key {id}.");

    private static async Task<Ok<List<AuditEntry>>> ReadAudit(ClusterFinanceDb db, CancellationToken cancellationToken, int page = 1, int pageSize = 100) =>
        TypedResults.Ok(await db.AuditLog.AsNoTracking().OrderByDescending(a => a.Id)
            .Skip((Math.Max(page, 1) - 1) * Math.Clamp(pageSize, 1, 500)).Take(Math.Clamp(pageSize, 1, 500)).ToListAsync(cancellationToken));

    private static KeyView View(ApiKey k) => new(k.Id, k.Name, k.Role, k.Agency, k.Prefix, k.CreatedAtUtc, k.RevokedAtUtc);
}
