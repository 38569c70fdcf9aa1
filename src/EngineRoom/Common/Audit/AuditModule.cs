using EngineRoom.Customers;

namespace EngineRoom.Common.Audit;

/// <summary>
/// The audit log of staff writes: every staff write endpoint records its entry with <see cref="AuditLog.Record"/>;
/// staff read the log here. Nothing updates or deletes an entry (the database refuses to, see <see cref="AuditLogSchema"/>).
/// </summary>
public static class AuditModule
{
    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/admin/audit").WithTags("Audit").RequireAuthorization(Policies.Staff).MapListAuditEntries();
        return app;
    }
}
