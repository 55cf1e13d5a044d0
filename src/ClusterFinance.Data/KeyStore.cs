using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;

namespace ClusterFinance.Data;

/// <summary>API keys: created and revoked by an admin, kept only as SHA-256 hashes.</summary>
public sealed class KeyStore(IDbContextFactory<ClusterFinanceDb> databases, TimeProvider clock)
{
    public sealed record Created(ApiKey Key, string Secret);

    /// <summary>Creates a key and returns its secret, which is never shown again.</summary>
    public async Task<Created> CreateAsync(string name, string role, string? agency, string actor, CancellationToken cancellationToken)
    {
        if (!Roles.All.Contains(role)) throw new ArgumentException($"role must be one of {string.Join(", ", Roles.All)}", nameof(role));
        if (role == Roles.Agency && string.IsNullOrWhiteSpace(agency)) throw new ArgumentException("an agency key needs the agency it acts for", nameof(agency));
        if (role != Roles.Agency && agency is not null) throw new ArgumentException("only agency keys are bound to an agency", nameof(agency));
        var secret = "cf_" + Base64Url(RandomNumberGenerator.GetBytes(30));
        return new Created(await StoreAsync(name, role, agency, secret, actor, cancellationToken), secret);
    }

    /// <summary>
    /// At first start: with no active admin key, registers the configured one, or creates one and returns its
    /// secret so that it can be shown once.
    /// </summary>
    public async Task<string?> EnsureAdminAsync(string? configuredKey, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (configuredKey is not null)
        {
            var hash = Hashing.Sha256(configuredKey);
            if (!await db.ApiKeys.AnyAsync(k => k.Hash == hash, cancellationToken))
                await StoreAsync("bootstrap admin (configuration)", Roles.Admin, null, configuredKey, "configuration", cancellationToken);
            return null;
        }
        if (await db.ApiKeys.AnyAsync(k => k.Role == Roles.Admin && k.RevokedAtUtc == null, cancellationToken)) return null;
        return (await CreateAsync("bootstrap admin", Roles.Admin, null, "first start", cancellationToken)).Secret;
    }

    /// <summary>The active key with this secret, or null.</summary>
    public async Task<ApiKey?> FindAsync(string secret, CancellationToken cancellationToken)
    {
        var hash = Hashing.Sha256(secret);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Hash == hash && k.RevokedAtUtc == null, cancellationToken);
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.ApiKeys.AsNoTracking().OrderBy(k => k.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Revokes a key; false when there is no such key.</summary>
    public async Task<bool> RevokeAsync(int id, string actor, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (key is null) return false;
        if (key.RevokedAtUtc is null)
        {
            key.RevokedAtUtc = clock.GetUtcNow().UtcDateTime;
            Audit.Record(db, key.RevokedAtUtc.Value, actor, "revoke-key", $"key/{id}", key.Hash, null, key.Name);
            await db.SaveChangesAsync(cancellationToken);
        }
        return true;
    }

    private async Task<ApiKey> StoreAsync(string name, string role, string? agency, string secret, string actor, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var key = new ApiKey { Name = name, Role = role, Agency = agency, Hash = Hashing.Sha256(secret), Prefix = secret[..Math.Min(8, secret.Length)], CreatedAtUtc = now };
        db.ApiKeys.Add(key);
        Audit.Record(db, now, actor, "create-key", $"key/{name}", null, key.Hash, agency is null ? role : $"{role} for {agency}");
        await db.SaveChangesAsync(cancellationToken);
        return key;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
