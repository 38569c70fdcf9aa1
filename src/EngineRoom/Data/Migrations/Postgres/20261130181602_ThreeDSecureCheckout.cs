using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EngineRoom.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ThreeDSecureCheckout : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "AccessHash",
                table: "checkout_attempts",
                type: "bytea",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "CustomerId",
                table: "checkout_attempts",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ExpiresAt",
                table: "checkout_attempts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProviderPaymentId",
                table: "checkout_attempts",
                type: "character varying(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "Sale",
                table: "checkout_attempts",
                type: "bytea",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_checkout_attempts_Status_ExpiresAt",
                table: "checkout_attempts",
                columns: new[] { "Status", "ExpiresAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_checkout_attempts_Status_ExpiresAt",
                table: "checkout_attempts");

            migrationBuilder.DropColumn(
                name: "AccessHash",
                table: "checkout_attempts");

            migrationBuilder.DropColumn(
                name: "CustomerId",
                table: "checkout_attempts");

            migrationBuilder.DropColumn(
                name: "ExpiresAt",
                table: "checkout_attempts");

            migrationBuilder.DropColumn(
                name: "ProviderPaymentId",
                table: "checkout_attempts");

            migrationBuilder.DropColumn(
                name: "Sale",
                table: "checkout_attempts");
        }
    }
}
