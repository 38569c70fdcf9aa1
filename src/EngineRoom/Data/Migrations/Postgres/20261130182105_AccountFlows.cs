using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EngineRoom.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AccountFlows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "EmailVerifiedAt",
                table: "customers_accounts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ErasedAt",
                table: "customers_accounts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "MarketingConsent",
                table: "customers_accounts",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "MarketingConsentChangedAt",
                table: "customers_accounts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Phone",
                table: "customers_accounts",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "customers_account_tokens",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    Purpose = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    TokenHash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    Email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UsedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_customers_account_tokens", x => x.Id);
                    table.ForeignKey(
                        name: "FK_customers_account_tokens_customers_accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "customers_accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "customers_addresses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    Label = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    IsDefaultShipping = table.Column<bool>(type: "boolean", nullable: false),
                    IsDefaultBilling = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    address = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_customers_addresses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_customers_addresses_customers_accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "customers_accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_customers_account_tokens_AccountId_Purpose",
                table: "customers_account_tokens",
                columns: new[] { "AccountId", "Purpose" });

            migrationBuilder.CreateIndex(
                name: "IX_customers_account_tokens_TokenHash",
                table: "customers_account_tokens",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_customers_addresses_AccountId_Id",
                table: "customers_addresses",
                columns: new[] { "AccountId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_customers_addresses_default_billing",
                table: "customers_addresses",
                column: "AccountId",
                unique: true,
                filter: "\"IsDefaultBilling\"");

            migrationBuilder.CreateIndex(
                name: "IX_customers_addresses_default_shipping",
                table: "customers_addresses",
                column: "AccountId",
                unique: true,
                filter: "\"IsDefaultShipping\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "customers_account_tokens");

            migrationBuilder.DropTable(
                name: "customers_addresses");

            migrationBuilder.DropColumn(
                name: "EmailVerifiedAt",
                table: "customers_accounts");

            migrationBuilder.DropColumn(
                name: "ErasedAt",
                table: "customers_accounts");

            migrationBuilder.DropColumn(
                name: "MarketingConsent",
                table: "customers_accounts");

            migrationBuilder.DropColumn(
                name: "MarketingConsentChangedAt",
                table: "customers_accounts");

            migrationBuilder.DropColumn(
                name: "Phone",
                table: "customers_accounts");
        }
    }
}
