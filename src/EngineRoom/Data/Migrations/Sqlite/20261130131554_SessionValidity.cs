using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EngineRoom.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SessionValidity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SecurityStamp",
                table: "customers_accounts",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "SecurityStampChangedAt",
                table: "customers_accounts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            // Each existing account gets its own random stamp (tokens issued before carry none and must sign in again).
            migrationBuilder.Sql("UPDATE customers_accounts SET SecurityStamp = hex(randomblob(16));");

            migrationBuilder.CreateIndex(
                name: "IX_customers_refresh_tokens_RevokedAt",
                table: "customers_refresh_tokens",
                column: "RevokedAt");

            migrationBuilder.CreateIndex(
                name: "IX_customers_accounts_SecurityStampChangedAt",
                table: "customers_accounts",
                column: "SecurityStampChangedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_customers_refresh_tokens_RevokedAt",
                table: "customers_refresh_tokens");

            migrationBuilder.DropIndex(
                name: "IX_customers_accounts_SecurityStampChangedAt",
                table: "customers_accounts");

            migrationBuilder.DropColumn(
                name: "SecurityStamp",
                table: "customers_accounts");

            migrationBuilder.DropColumn(
                name: "SecurityStampChangedAt",
                table: "customers_accounts");
        }
    }
}
