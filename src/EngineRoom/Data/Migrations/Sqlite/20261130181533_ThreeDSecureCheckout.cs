using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EngineRoom.Data.Migrations.Sqlite
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
                type: "BLOB",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "CustomerId",
                table: "checkout_attempts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ExpiresAt",
                table: "checkout_attempts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProviderPaymentId",
                table: "checkout_attempts",
                type: "TEXT",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "Sale",
                table: "checkout_attempts",
                type: "BLOB",
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
