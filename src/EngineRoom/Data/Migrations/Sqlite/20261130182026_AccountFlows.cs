using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EngineRoom.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AccountFlows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "EmailVerifiedAt",
                table: "customers_accounts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ErasedAt",
                table: "customers_accounts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "MarketingConsent",
                table: "customers_accounts",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "MarketingConsentChangedAt",
                table: "customers_accounts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Phone",
                table: "customers_accounts",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "customers_account_tokens",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    TokenHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UsedAt = table.Column<long>(type: "INTEGER", nullable: true)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    IsDefaultShipping = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsDefaultBilling = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    address = table.Column<string>(type: "TEXT", nullable: false)
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
