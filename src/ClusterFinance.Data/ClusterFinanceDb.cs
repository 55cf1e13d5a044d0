using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ClusterFinance.Data;

public sealed class ClusterFinanceDb(DbContextOptions<ClusterFinanceDb> options) : DbContext(options)
{
    public DbSet<SchemeVersion> SchemeVersions => Set<SchemeVersion>();
    public DbSet<LookupTable> LookupTables => Set<LookupTable>();
    public DbSet<StoredProfile> Profiles => Set<StoredProfile>();
    public DbSet<StoredEvaluation> Evaluations => Set<StoredEvaluation>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SchemeVersion>(e =>
        {
            // The unique number per scheme is what keeps concurrent publications gap-free and lossless.
            e.HasIndex(v => new { v.SchemeId, v.Number }).IsUnique();
            e.HasIndex(v => v.Maintainer);
        });
        modelBuilder.Entity<LookupTable>().HasKey(t => t.Name);
        modelBuilder.Entity<StoredEvaluation>().HasIndex(v => v.ProfileId);
        modelBuilder.Entity<ApiKey>(e =>
        {
            e.HasIndex(k => k.Hash).IsUnique();
        });
        modelBuilder.Entity<AuditEntry>().HasIndex(a => a.AtUtc);
    }

    public static DbContextOptions<ClusterFinanceDb> Options(string databasePath) =>
        new DbContextOptionsBuilder<ClusterFinanceDb>().UseSqlite(ConnectionString(databasePath)).Options;

    public static string ConnectionString(string databasePath) =>
        new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = true, DefaultTimeout = 30 }.ToString();

    /// <summary>Creates the folder of the database file and brings the schema up to date.</summary>
    public static async Task MigrateAsync(ClusterFinanceDb db, CancellationToken cancellationToken)
    {
        if (db.Database.GetDbConnection().DataSource is { Length: > 0 } file && Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder)
            Directory.CreateDirectory(folder);
        await db.Database.MigrateAsync(cancellationToken);
        // Write-ahead logging lets readers go on while an agency publishes.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }
}

/// <summary>For `dotnet ef migrations add`: a context on a scratch file.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<ClusterFinanceDb>
{
    public ClusterFinanceDb CreateDbContext(string[] args) => new(ClusterFinanceDb.Options("design-time.db"));
}
