using Microsoft.EntityFrameworkCore.Migrations;

namespace EngineRoom.Common.Audit;

/// <summary>
/// Makes <c>common_audit_entries</c> append-only in the database itself, as raw DDL because EF has no model for
/// triggers: an UPDATE, DELETE (or, on PostgreSQL, TRUNCATE) of the table fails, whoever sends it. A migration calls
/// <see cref="Create"/> once; regenerating migrations means adding that call back. A later SQLite migration that
/// rebuilds common_audit_entries drops its triggers and must call <see cref="Create"/> again.
/// </summary>
public static class AuditLogSchema
{
    public const string Message = "common_audit_entries is append-only";

    public static void Create(MigrationBuilder b, bool postgres)
    {
        if (postgres)
        {
            b.Sql($"""
                CREATE FUNCTION common_audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION '{Message}: % refused', TG_OP;
                END;
                $$;
                """);
            // Per statement, so even an UPDATE or DELETE that matches no row is refused.
            b.Sql("""
                CREATE TRIGGER common_audit_entries_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON common_audit_entries
                FOR EACH STATEMENT EXECUTE FUNCTION common_audit_entries_append_only();
                """);
            return;
        }
        // SQLite has row triggers only.
        b.Sql($"""
            CREATE TRIGGER common_audit_entries_no_update BEFORE UPDATE ON common_audit_entries BEGIN
                SELECT RAISE(ABORT, '{Message}: UPDATE refused');
            END;
            """);
        b.Sql($"""
            CREATE TRIGGER common_audit_entries_no_delete BEFORE DELETE ON common_audit_entries BEGIN
                SELECT RAISE(ABORT, '{Message}: DELETE refused');
            END;
            """);
    }

    public static void Drop(MigrationBuilder b, bool postgres)
    {
        if (postgres)
        {
            b.Sql("DROP TRIGGER IF EXISTS common_audit_entries_append_only ON common_audit_entries;");
            b.Sql("DROP FUNCTION IF EXISTS common_audit_entries_append_only();");
            return;
        }
        b.Sql("DROP TRIGGER IF EXISTS common_audit_entries_no_update;");
        b.Sql("DROP TRIGGER IF EXISTS common_audit_entries_no_delete;");
    }
}
