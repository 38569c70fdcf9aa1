using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EngineRoom.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AnalyticsRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "analytics_counted_messages",
                columns: table => new
                {
                    MessageId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CountedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_analytics_counted_messages", x => x.MessageId);
                });

            migrationBuilder.CreateTable(
                name: "analytics_customer_first_orders",
                columns: table => new
                {
                    CustomerKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OrderId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_analytics_customer_first_orders", x => x.CustomerKey);
                });

            migrationBuilder.CreateTable(
                name: "analytics_funnel",
                columns: table => new
                {
                    Start = table.Column<long>(type: "INTEGER", nullable: false),
                    Metric = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_analytics_funnel", x => new { x.Start, x.Metric });
                });

            migrationBuilder.CreateTable(
                name: "analytics_products",
                columns: table => new
                {
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Start = table.Column<long>(type: "INTEGER", nullable: false),
                    Sku = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ProductId = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Revenue = table.Column<long>(type: "INTEGER", nullable: false),
                    Units = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_analytics_products", x => new { x.Currency, x.Start, x.Sku });
                });

            migrationBuilder.CreateTable(
                name: "analytics_sales",
                columns: table => new
                {
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Grain = table.Column<int>(type: "INTEGER", nullable: false),
                    Start = table.Column<long>(type: "INTEGER", nullable: false),
                    GrossSales = table.Column<long>(type: "INTEGER", nullable: false),
                    Refunds = table.Column<long>(type: "INTEGER", nullable: false),
                    Orders = table.Column<long>(type: "INTEGER", nullable: false),
                    Units = table.Column<long>(type: "INTEGER", nullable: false),
                    Discounts = table.Column<long>(type: "INTEGER", nullable: false),
                    Shipping = table.Column<long>(type: "INTEGER", nullable: false),
                    Tax = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_analytics_sales", x => new { x.Currency, x.Grain, x.Start });
                });

            migrationBuilder.CreateTable(
                name: "analytics_version",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_analytics_version", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "analytics_version",
                columns: new[] { "Id", "Version" },
                values: new object[] { 1, 0L });

            migrationBuilder.CreateIndex(
                name: "IX_analytics_counted_messages_CountedAt",
                table: "analytics_counted_messages",
                column: "CountedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "analytics_counted_messages");

            migrationBuilder.DropTable(
                name: "analytics_customer_first_orders");

            migrationBuilder.DropTable(
                name: "analytics_funnel");

            migrationBuilder.DropTable(
                name: "analytics_products");

            migrationBuilder.DropTable(
                name: "analytics_sales");

            migrationBuilder.DropTable(
                name: "analytics_version");
        }
    }
}
