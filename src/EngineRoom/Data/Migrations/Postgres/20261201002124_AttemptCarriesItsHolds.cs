using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EngineRoom.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AttemptCarriesItsHolds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Hold",
                table: "checkout_attempts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Holds",
                table: "checkout_attempts",
                type: "character varying(20000)",
                maxLength: 20000,
                nullable: true);

            // The holds of unfinished attempts move onto them; stock held by a reservation no unfinished attempt carries
            // (none in practice: the two were written and released together) is given back before the table goes.
            migrationBuilder.Sql("""
                UPDATE checkout_attempts SET "Hold" = CASE WHEN "Status" = 1 THEN 1 ELSE 2 END;
                UPDATE checkout_attempts a SET "Hold" = 0, "Holds" = h.holds, "ExpiresAt" = COALESCE(a."ExpiresAt", h.expires)
                FROM (SELECT "AttemptId", max("ExpiresAt") AS expires,
                             json_agg(json_build_object('Sku', "Sku", 'LocationId', "LocationId", 'Quantity', "Quantity") ORDER BY "Sku")::text AS holds
                      FROM inventory_reservations WHERE "Status" = 0 GROUP BY "AttemptId") h
                WHERE a."Id" = h."AttemptId" AND a."Status" IN (0, 3, 4);
                UPDATE inventory_stock_levels l SET "Reserved" = l."Reserved" - o.quantity
                FROM (SELECT r."Sku", r."LocationId", sum(r."Quantity") AS quantity FROM inventory_reservations r
                      WHERE r."Status" = 0 AND NOT EXISTS (SELECT 1 FROM checkout_attempts a WHERE a."Id" = r."AttemptId" AND a."Hold" = 0)
                      GROUP BY r."Sku", r."LocationId") o
                WHERE l."Sku" = o."Sku" AND l."LocationId" = o."LocationId";
                """);

            migrationBuilder.DropTable(
                name: "inventory_reservations");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Hold",
                table: "checkout_attempts");

            migrationBuilder.DropColumn(
                name: "Holds",
                table: "checkout_attempts");

            migrationBuilder.CreateTable(
                name: "inventory_reservations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AttemptId = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LocationId = table.Column<long>(type: "bigint", nullable: false),
                    Quantity = table.Column<int>(type: "integer", nullable: false),
                    Sku = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inventory_reservations", x => x.Id);
                    table.CheckConstraint("ck_inventory_reservations_quantity", "\"Quantity\" > 0");
                });

            migrationBuilder.CreateIndex(
                name: "IX_inventory_reservations_AttemptId",
                table: "inventory_reservations",
                column: "AttemptId");

            migrationBuilder.CreateIndex(
                name: "IX_inventory_reservations_Status_ExpiresAt",
                table: "inventory_reservations",
                columns: new[] { "Status", "ExpiresAt" });
        }
    }
}
