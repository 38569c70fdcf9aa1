using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EngineRoom.Data.Migrations.Postgres
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
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "SecurityStampChangedAt",
                table: "customers_accounts",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            // Each existing account gets its own random stamp (tokens issued before carry none and must sign in again).
            migrationBuilder.Sql("UPDATE customers_accounts SET \"SecurityStamp\" = upper(replace(gen_random_uuid()::text, '-', ''));");

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
