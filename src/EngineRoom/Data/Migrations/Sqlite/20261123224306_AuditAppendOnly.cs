using EngineRoom.Common.Audit;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EngineRoom.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AuditAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            AuditLogSchema.Create(migrationBuilder, postgres: false); // append-only triggers: raw DDL, see Common/Audit/AuditLogSchema.cs
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            AuditLogSchema.Drop(migrationBuilder, postgres: false);
        }
    }
}
