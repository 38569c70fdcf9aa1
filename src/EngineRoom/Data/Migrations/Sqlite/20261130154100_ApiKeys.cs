using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EngineRoom.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ApiKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "ApiKeyId",
                table: "common_audit_entries",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "customers_api_keys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Prefix = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SecretHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    Scopes = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastUsedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RevokedBy = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_customers_api_keys", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_common_audit_entries_ApiKeyId_Id",
                table: "common_audit_entries",
                columns: new[] { "ApiKeyId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_customers_api_keys_SecretHash",
                table: "customers_api_keys",
                column: "SecretHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "customers_api_keys");

            migrationBuilder.DropIndex(
                name: "IX_common_audit_entries_ApiKeyId_Id",
                table: "common_audit_entries");

            // EF may rebuild the table to drop a column on SQLite, which drops its append-only triggers: put them back.
            EngineRoom.Common.Audit.AuditLogSchema.Drop(migrationBuilder, postgres: false);
            migrationBuilder.DropColumn(
                name: "ApiKeyId",
                table: "common_audit_entries");
            EngineRoom.Common.Audit.AuditLogSchema.Create(migrationBuilder, postgres: false);
        }
    }
}
