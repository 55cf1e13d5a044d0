namespace ClusterFinance.Data;

internal static class Audit
{
    public static void Record(ClusterFinanceDb db, DateTime at, string actor, string action, string target, string? before = null, string? after = null, string? detail = null) =>
        db.AuditLog.Add(new AuditEntry { AtUtc = at, Actor = actor, Action = action, Target = target, BeforeHash = before, AfterHash = after, Detail = detail });
}
