using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EngineRoom.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AnalyticsDailyProducts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "analytics_products_daily",
                columns: table => new
                {
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Sku = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ProductId = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Revenue = table.Column<long>(type: "bigint", nullable: false),
                    Units = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_analytics_products_daily", x => new { x.Currency, x.Start, x.Sku });
                });

            migrationBuilder.CreateIndex(
                name: "IX_analytics_sales_read",
                table: "analytics_sales",
                columns: new[] { "Currency", "Grain", "Start", "GrossSales", "Refunds", "Orders", "Units", "Discounts", "Shipping", "Tax" });

            // The days of what was counted before this table: the sums of their hours (the name: any of the day's).
            migrationBuilder.Sql("""
                INSERT INTO analytics_products_daily ("Currency", "Start", "Sku", "ProductId", "Name", "Revenue", "Units")
                SELECT "Currency", date_trunc('day', "Start" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', "Sku", MAX("ProductId"), MAX("Name"), SUM("Revenue"), SUM("Units")
                FROM analytics_products GROUP BY 1, 2, 3
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "analytics_products_daily");

            migrationBuilder.DropIndex(
                name: "IX_analytics_sales_read",
                table: "analytics_sales");
        }
    }
}
